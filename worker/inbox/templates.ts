/** Message templates: synced from each connected WABA, and updated by Meta's template-status webhook. */
import { and, eq } from "drizzle-orm";
import type { JsonValue } from "../../durable/protocol";
import { open, sealingKeysFromEnv } from "../crypto/secret-box";
import type { Db } from "../../db/client";
import { templates, whatsappNumbers } from "../../db/schema";
import { GraphClient } from "../whatsapp/graph-client";

export async function syncTemplates(env: Env, db: Db, orgId: string): Promise<number> {
  const numbers = await db.select().from(whatsappNumbers).where(eq(whatsappNumbers.orgId, orgId)).all();
  const byWaba = new Map(numbers.map((n) => [n.wabaId, n]));
  let count = 0;
  for (const [wabaId, number] of byWaba) {
    const accessToken = await open(sealingKeysFromEnv(env.ENCRYPTION_KEY), number.accessTokenSealed, number.id);
    const list = await new GraphClient({ baseUrl: env.GRAPH_API_BASE, version: env.GRAPH_API_VERSION, accessToken }).listTemplates(wabaId);
    const now = Date.now();
    const statements = list.map((t) =>
      db
        .insert(templates)
        .values({
          id: crypto.randomUUID(),
          orgId,
          wabaId,
          name: t.name,
          language: t.language,
          status: t.status,
          category: t.category ?? null,
          components: t.components as JsonValue[],
          rejectedReason: t.rejected_reason ?? null,
          updatedAt: now,
        })
        .onConflictDoUpdate({
          target: [templates.orgId, templates.wabaId, templates.name, templates.language],
          set: {
            status: t.status,
            category: t.category ?? null,
            components: t.components as JsonValue[],
            rejectedReason: t.rejected_reason ?? null,
            updatedAt: now,
          },
        }),
    );
    const [first, ...rest] = statements;
    if (first) await db.batch([first, ...rest]);
    count += list.length;
  }
  return count;
}

export interface TemplateStatusEvent {
  wabaId: string;
  name: string;
  language: string;
  status: string;
  reason: string | null;
}

/** Applies Meta's `message_template_status_update` to every org that synced that WABA's template. */
export async function applyTemplateStatus(db: Db, events: TemplateStatusEvent[]): Promise<void> {
  if (!events.length) return;
  const now = Date.now();
  const [first, ...rest] = events.map((e) =>
    db
      .update(templates)
      .set({ status: e.status, rejectedReason: e.reason, updatedAt: now })
      .where(and(eq(templates.wabaId, e.wabaId), eq(templates.name, e.name), eq(templates.language, e.language))),
  );
  await db.batch([first!, ...rest]);
}

export const listTemplates = (db: Db, orgId: string) => db.select().from(templates).where(eq(templates.orgId, orgId)).all();
