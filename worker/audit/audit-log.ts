/** The audit log: who did what to what, when, from where. Append-only; writes go in the caller's batch. */
import type { Context } from "hono";
import type { JsonObject } from "../../durable/protocol";
import type { AppEnv } from "../app-env";
import { requestMeta } from "../auth/sessions";
import type { Db } from "../../db/client";
import { auditLog } from "../../db/schema";

export { auditActions, type AuditAction } from "./audit-actions";
import type { AuditAction } from "./audit-actions";

export interface AuditInput {
  orgId: string;
  action: AuditAction;
  actor?: { id: string; email: string } | null;
  target?: { type: string; id: string };
  detail?: JsonObject;
}

export function auditEntry(c: Context<AppEnv>, db: Db, input: AuditInput) {
  const actor = input.actor === undefined ? c.get("auth")?.user : input.actor;
  return db.insert(auditLog).values({
    id: crypto.randomUUID(),
    orgId: input.orgId,
    actorId: actor?.id ?? null,
    actorEmail: actor?.email ?? null,
    action: input.action,
    targetType: input.target?.type ?? null,
    targetId: input.target?.id ?? null,
    detail: input.detail ?? null,
    ...requestMeta(c),
    createdAt: Date.now(),
  });
}
