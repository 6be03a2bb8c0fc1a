/** WhatsApp numbers seeded straight into D1 for an existing org (no Graph check), for role and tenant tests. */
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { seal, sealingKeysFromEnv } from "../../worker/crypto/secret-box";
import * as schema from "../../db/schema";
import { db } from "./parley";

let counter = 0;

export async function seedNumber(orgId: string): Promise<schema.WhatsappNumber> {
  counter++;
  const id = `num_seed_${Date.now().toString(36)}${counter}`;
  const phoneNumberId = `9${Date.now()}${String(counter).padStart(3, "0")}`.slice(0, 16);
  await db()
    .insert(schema.whatsappNumbers)
    .values({
      id,
      orgId,
      phoneNumberId,
      wabaId: "112233445566778",
      displayPhoneNumber: "15550001111",
      accessTokenSealed: await seal(sealingKeysFromEnv(env.ENCRYPTION_KEY), env.META_ACCESS_TOKEN, id),
    });
  return (await db().select().from(schema.whatsappNumbers).where(eq(schema.whatsappNumbers.id, id)).get())!;
}
