declare module "vitest" {
  interface ProvidedContext {
    e2eUrl: string;
    e2ePeerUrl: string;
    e2eMailUrl: string;
    e2eStripeUrl: string;
    e2eControlUrl: string;
    chromium: import("../../scripts/lib/find-chromium").ChromiumChoice;
  }
}
export {};
