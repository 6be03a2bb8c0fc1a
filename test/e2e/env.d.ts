declare module "vitest" {
  interface ProvidedContext {
    e2eUrl: string;
    e2ePeerUrl: string;
    e2eMailUrl: string;
    e2eStripeUrl: string;
    /** The local OpenAI-compatible peer (ends in /v1); its controls are at /__peer. */
    e2eOpenAiUrl: string;
    e2eControlUrl: string;
    /** The local Web Push service: subscriptions for tests, and what Parley sent them, decrypted. */
    e2ePushUrl: string;
    chromium: import("../../scripts/lib/find-chromium").ChromiumChoice;
  }
}
export {};
