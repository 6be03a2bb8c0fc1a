/**
 * AI assist for the org: consent and settings (owners and admins), the knowledge base, the usage log,
 * and the audit of AI actions with their revert. Per-conversation AI is in ai-conversation.ts.
 */
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { openDb } from "../../db/client";
import { auditEntry } from "../audit/audit-log";
import { billingOf } from "../billing/billing-account";
import { listActions } from "../ai/actions";
import { disclosure } from "../ai/disclosure";
import { addKnowledge, listKnowledge, removeKnowledge, updateKnowledge } from "../ai/knowledge";
import { setManualLeadScore } from "../ai/lead-score";
import { publishLeadScore } from "../ai/lead-score-live";
import { revertAction } from "../ai/revert";
import { loadSettings } from "../ai/settings";
import { monthUsage, saveSettings } from "../ai/settings-store";
import { AppError } from "../errors";
import { jsonBody } from "../middleware/json-body";
import { requireRole } from "../middleware/require-role";
import { requireSession } from "../middleware/require-session";
import { aiSettingsBody, knowledgeBody, knowledgePatchBody, leadScoreBody } from "../schemas/ai";

export const aiRoutes = new Hono<AppEnv>();
aiRoutes.use("*", requireSession());
const admins = requireRole("owner", "admin");

/** What every member's inbox needs to know: which AI buttons to show. */
aiRoutes.get("/status", async (c) => {
  const s = await loadSettings(openDb(c.env.DB), c.get("auth").org.id);
  return c.json({ enabled: s.enabled, features: s.features });
});

aiRoutes.get("/settings", admins, async (c) => {
  const db = openDb(c.env.DB);
  const orgId = c.get("auth").org.id;
  const [settings, usage, billing] = await Promise.all([loadSettings(db, orgId), monthUsage(db, orgId), billingOf(db, orgId)]);
  const { orgId: _o, ...shown } = settings;
  return c.json({
    settings: shown,
    /** The plan's AI allowance in US cents a month (null: unlimited); the lower of it and the budget applies. */
    plan: { id: billing.plan.id, name: billing.plan.name, aiBudgetCentsPerMonth: billing.plan.limits.aiBudgetCentsPerMonth },
    defaultModel: c.env.AI_MODEL,
    disclosure: disclosure(c.env.OPENAI_BASE_URL, settings.model ?? c.env.AI_MODEL),
    usage,
  });
});

aiRoutes.put("/settings", admins, async (c) => {
  const body = await jsonBody(c, aiSettingsBody);
  const { org, user } = c.get("auth");
  const b = body.businessHours;
  if (b) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: b.timeZone });
    } catch {
      throw new AppError(400, "invalid_body", `businessHours.timeZone: "${b.timeZone}" is not a time zone (try "Europe/Lisbon").`);
    }
    if (b.closeMinute <= b.openMinute) throw new AppError(400, "invalid_body", "businessHours: closing time must be after opening time.");
  }
  const db = openDb(c.env.DB);
  const { before, after } = await saveSettings(db, org.id, body, user.id);
  await auditEntry(c, db, {
    orgId: org.id,
    action: "ai.settings_changed",
    detail: { ...(body as Record<string, never>), ...(before.enabled !== after.enabled && { switched: after.enabled ? "on" : "off" }) },
  });
  const { orgId: _o, ...shown } = after;
  return c.json({ settings: shown });
});

aiRoutes.get("/usage", admins, async (c) => c.json(await monthUsage(openDb(c.env.DB), c.get("auth").org.id)));

aiRoutes.get("/knowledge", async (c) => {
  const rows = await listKnowledge(openDb(c.env.DB), c.get("auth").org.id);
  return c.json({ entries: rows.map(({ orgId: _o, ...e }) => e) });
});

aiRoutes.post("/knowledge", admins, async (c) => {
  const db = openDb(c.env.DB);
  const orgId = c.get("auth").org.id;
  const { orgId: _o, ...entry } = await addKnowledge(db, orgId, await jsonBody(c, knowledgeBody));
  await auditEntry(c, db, {
    orgId,
    action: "ai.knowledge_changed",
    target: { type: "knowledge", id: entry.id },
    detail: { op: "added", title: entry.title },
  });
  return c.json({ entry }, 201);
});

aiRoutes.patch("/knowledge/:id", admins, async (c) => {
  const db = openDb(c.env.DB);
  const orgId = c.get("auth").org.id;
  const { orgId: _o, ...entry } = await updateKnowledge(db, orgId, c.req.param("id"), await jsonBody(c, knowledgePatchBody));
  await auditEntry(c, db, {
    orgId,
    action: "ai.knowledge_changed",
    target: { type: "knowledge", id: entry.id },
    detail: { op: "edited", title: entry.title },
  });
  return c.json({ entry });
});

aiRoutes.delete("/knowledge/:id", admins, async (c) => {
  const db = openDb(c.env.DB);
  const orgId = c.get("auth").org.id;
  await removeKnowledge(db, orgId, c.req.param("id"));
  await auditEntry(c, db, {
    orgId,
    action: "ai.knowledge_changed",
    target: { type: "knowledge", id: c.req.param("id") },
    detail: { op: "removed" },
  });
  return c.json({ ok: true });
});

aiRoutes.get("/actions", async (c) => {
  const conversationId = c.req.query("conversationId");
  const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 50) || 50, 1), 200);
  const rows = await listActions(openDb(c.env.DB), c.get("auth").org.id, { ...(conversationId && { conversationId }), limit });
  return c.json({ actions: rows.map(({ orgId: _o, dedupeKey: _d, ...a }) => a) });
});

aiRoutes.post("/actions/:id/revert", async (c) => {
  const db = openDb(c.env.DB);
  const { org, user } = c.get("auth");
  const action = await revertAction(c.env, db, org.id, c.req.param("id"), user.id);
  await auditEntry(c, db, {
    orgId: org.id,
    action: "ai.action_reverted",
    target: { type: "ai_action", id: action.id },
    detail: { kind: action.kind },
  });
  const { orgId: _o, dedupeKey: _d, ...shown } = action;
  return c.json({ action: shown });
});

/** A person's score wins over AI's: AI never overwrites a manual one. Null hands the score back to AI. */
aiRoutes.put("/contacts/:contactId/lead-score", async (c) => {
  const body = await jsonBody(c, leadScoreBody);
  const { org, user } = c.get("auth");
  const db = openDb(c.env.DB);
  const score = await setManualLeadScore(db, org.id, c.req.param("contactId"), user.id, body.score);
  await publishLeadScore(c.env, db, org.id, c.req.param("contactId"), user.id);
  return c.json({ leadScore: score });
});
