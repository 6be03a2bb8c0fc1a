/**
 * A receiver's check of Parley-Signature, written the way an integrator would with node:crypto (workerd
 * offers it under nodejs_compat), independent of Parley's own signing code.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export function verifyParleySignature(
  header: string | undefined,
  raw: string,
  secret: string,
  toleranceS = 300,
  now = Date.now(),
): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(header.split(",").map((kv) => kv.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(now / 1000 - t) > toleranceS || !parts.v1) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${raw}`, "utf8").digest();
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
