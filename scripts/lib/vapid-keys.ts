/** A fresh VAPID key pair in the format Parley reads (and `web-push generate-vapid-keys` prints). */
import { createECDH } from "node:crypto";

export function generateVapidKeys(): { VAPID_PUBLIC_KEY: string; VAPID_PRIVATE_KEY: string } {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return {
    VAPID_PUBLIC_KEY: ecdh.getPublicKey().toString("base64url"),
    VAPID_PRIVATE_KEY: ecdh.getPrivateKey().toString("base64url").padStart(43, "A"),
  };
}
