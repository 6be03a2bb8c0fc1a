import { createHmac, timingSafeEqual } from "node:crypto";

/** Header Meta puts the body's HMAC in; receivers read it case-insensitively. */
export const SIGNATURE_HEADER = "X-Hub-Signature-256";

/**
 * `sha256=<lowercase hex HMAC-SHA256(appSecret, body)>`, exactly as Meta signs webhook POSTs.
 * Meta signs the raw bytes it sends, so callers must sign the very string or buffer they put on the wire.
 */
export function signMetaBody(secret: string, body: string | Uint8Array): string {
  const digest = createHmac("sha256", secret).update(body).digest("hex");
  return `sha256=${digest}`;
}

/** Constant-time check of a received header against the body; for receivers in tests and benchmarks. */
export function isValidMetaSignature(secret: string, body: string | Uint8Array, header: string | undefined): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(signMetaBody(secret, body));
  const received = Buffer.from(header);
  return expected.length === received.length && timingSafeEqual(expected, received);
}

/**
 * Legacy `X-Hub-Signature: sha1=<hex>`. Meta still sends it beside the SHA-256 header, so a receiver that
 * reads the wrong header fails against the peer the way it would against Meta.
 */
export function signMetaBodySha1(secret: string, body: string | Uint8Array): string {
  return `sha1=${createHmac("sha1", secret).update(body).digest("hex")}`;
}
