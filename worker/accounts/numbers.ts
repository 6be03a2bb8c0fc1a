/** Connecting WhatsApp numbers: checked against the Graph API, token sealed, one org per number. */
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { auditEntry } from "../audit/audit-log";
import { seal, sealingKeysFromEnv } from "../crypto/secret-box";
import type { Db } from "../../db/client";
import { whatsappNumbers, type WhatsappNumber } from "../../db/schema";
import { enforceLimit } from "../billing/enforce";
import { AppError } from "../errors";
import type { ConnectNumberBody } from "../schemas/accounts";
import { GraphApiError, GraphClient } from "../whatsapp/graph-client";

export const publicNumber = (n: WhatsappNumber) => ({
  id: n.id,
  phoneNumberId: n.phoneNumberId,
  wabaId: n.wabaId,
  displayPhoneNumber: n.displayPhoneNumber,
  verifiedName: n.verifiedName,
  createdAt: n.createdAt,
});

export async function connectNumber(c: Context<AppEnv>, db: Db, body: ConnectNumberBody) {
  const { org } = c.get("auth");
  const owner = await db
    .select({ orgId: whatsappNumbers.orgId })
    .from(whatsappNumbers)
    .where(eq(whatsappNumbers.phoneNumberId, body.phoneNumberId))
    .get();
  if (owner) {
    throw new AppError(
      409,
      "number_taken",
      owner.orgId === org.id ? "This number is already connected." : "This number is connected to another organization.",
    );
  }
  await enforceLimit(db, org.id, "numbers");
  const graph = new GraphClient({ baseUrl: c.env.GRAPH_API_BASE, version: c.env.GRAPH_API_VERSION, accessToken: body.accessToken });
  let info: Awaited<ReturnType<GraphClient["getPhoneNumber"]>>;
  try {
    info = await graph.getPhoneNumber(body.phoneNumberId);
  } catch (err) {
    // Meta's own outage or rate limit says nothing about the number; only a definite refusal is the admin's to fix.
    if (err instanceof GraphApiError && !err.retryable) {
      throw new AppError(422, "number_check_failed", `Meta did not accept this number and token: ${err.message}`);
    }
    throw new AppError(502, "graph_unreachable", "Could not reach Meta to check the number. Try again in a minute.");
  }
  const id = `num_${crypto.randomUUID()}`;
  const row: typeof whatsappNumbers.$inferInsert = {
    id,
    orgId: org.id,
    phoneNumberId: body.phoneNumberId,
    wabaId: body.wabaId,
    displayPhoneNumber: (info.display_phone_number ?? body.phoneNumberId).replace(/[^\d]/g, ""),
    verifiedName: info.verified_name ?? null,
    accessTokenSealed: await seal(sealingKeysFromEnv(c.env.ENCRYPTION_KEY), body.accessToken, id),
  };
  try {
    await db.batch([
      db.insert(whatsappNumbers).values(row),
      auditEntry(c, db, {
        orgId: org.id,
        action: "number.connected",
        target: { type: "number", id },
        detail: { phoneNumberId: body.phoneNumberId },
      }),
    ]);
  } catch (err) {
    if (String(err).includes("UNIQUE")) throw new AppError(409, "number_taken", "This number was just connected elsewhere.");
    throw err;
  }
  return publicNumber((await db.select().from(whatsappNumbers).where(eq(whatsappNumbers.id, id)).get())!);
}

export async function removeNumber(c: Context<AppEnv>, db: Db, id: string): Promise<void> {
  const { org } = c.get("auth");
  const number = await db
    .select()
    .from(whatsappNumbers)
    .where(and(eq(whatsappNumbers.id, id), eq(whatsappNumbers.orgId, org.id)))
    .get();
  if (!number) throw new AppError(404, "number_not_found", "No such number in your organization.");
  await db.batch([
    db.delete(whatsappNumbers).where(and(eq(whatsappNumbers.id, id), eq(whatsappNumbers.orgId, org.id))),
    auditEntry(c, db, {
      orgId: org.id,
      action: "number.removed",
      target: { type: "number", id },
      detail: { phoneNumberId: number.phoneNumberId },
    }),
  ]);
}
