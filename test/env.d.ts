import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      META_ACCESS_TOKEN: string;
      /** The receiver peer's origin (test/peers/webhook-receiver.ts): org endpoints in tests point here. */
      WEBHOOK_RECEIVER_URL: string;
    }
  }
}

declare module "vitest" {
  interface ProvidedContext {
    metaPeerUrl: string;
    mailPeerUrl: string;
    stripePeerUrl: string;
    openaiPeerUrl: string;
    pushPeerUrl: string;
    vapidPublicKey: string;
    vapidPrivateKey: string;
    webhookReceiverUrl: string;
  }
}
