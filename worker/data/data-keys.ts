/**
 * Each organization's data key: AES-GCM, 256 bits, made on first use and stored sealed by the master
 * ENCRYPTION_KEY (worker/crypto/secret-box.ts). Exports and backups are sealed with it; deleting the
 * org's row shreds every copy in R2, even one a purge missed.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { orgDataKeys } from "../../db/tables/data";
import { open, seal, sealingKeysFromEnv } from "../crypto/secret-box";

const additionalData = (orgId: string) => `org-data-key:${orgId}`;

export async function orgDataKey(env: Pick<Env, "ENCRYPTION_KEY">, db: Db, orgId: string): Promise<CryptoKey> {
  const master = sealingKeysFromEnv(env.ENCRYPTION_KEY);
  let row = await db.select().from(orgDataKeys).where(eq(orgDataKeys.orgId, orgId)).get();
  if (!row) {
    const raw = crypto.getRandomValues(new Uint8Array(32));
    const keySealed = await seal(master, btoa(String.fromCharCode(...raw)), additionalData(orgId));
    // Two first exports at once: one insert wins and both read the winner back.
    await db.insert(orgDataKeys).values({ orgId, keySealed, createdAt: Date.now() }).onConflictDoNothing();
    row = await db.select().from(orgDataKeys).where(eq(orgDataKeys.orgId, orgId)).get();
    if (!row) throw new Error("organization data key vanished");
  }
  const raw = Uint8Array.from(atob(await open(master, row.keySealed, additionalData(orgId))), (ch) => ch.charCodeAt(0));
  return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}
