declare module "vitest" {
  interface ProvidedContext {
    e2eUrl: string;
    e2ePeerUrl: string;
    e2eControlUrl: string;
  }
}
export {};
