/** Settings → Automation (owners and admins): rules in order, business hours, and the run log. */
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { openDb } from "../../db/client";
import { getBusinessHours, saveBusinessHours } from "../automation/business-hours";
import { createRule, deleteRule, listRules, reorderRules, updateRule } from "../automation/rules";
import { listRuns } from "../automation/runs";
import { jsonBody } from "../middleware/json-body";
import { queryParams } from "../middleware/query-params";
import { requireRole } from "../middleware/require-role";
import { requireSession } from "../middleware/require-session";
import { businessHoursBody, ruleBody, ruleOrderBody, rulePatch, runsQuery } from "../schemas/automation";

export const automationRoutes = new Hono<AppEnv>();
automationRoutes.use("*", requireSession(), requireRole("owner", "admin"));
const orgOf = (c: { get(k: "auth"): AppEnv["Variables"]["auth"] }) => c.get("auth").org.id;

automationRoutes.get("/rules", async (c) => c.json({ rules: await listRules(openDb(c.env.DB), orgOf(c)) }));

automationRoutes.post("/rules", async (c) => {
  const body = await jsonBody(c, ruleBody);
  return c.json({ rule: await createRule(openDb(c.env.DB), orgOf(c), body) }, 201);
});

// Before /rules/:id, which would read "order" as a rule id.
automationRoutes.put("/rules/order", async (c) => {
  const { ids } = await jsonBody(c, ruleOrderBody);
  return c.json({ rules: await reorderRules(openDb(c.env.DB), orgOf(c), ids) });
});

automationRoutes.patch("/rules/:id", async (c) => {
  const body = await jsonBody(c, rulePatch);
  return c.json({ rule: await updateRule(openDb(c.env.DB), orgOf(c), c.req.param("id"), body) });
});

automationRoutes.delete("/rules/:id", async (c) => {
  await deleteRule(openDb(c.env.DB), orgOf(c), c.req.param("id"));
  return c.json({ deleted: true });
});

automationRoutes.get("/runs", async (c) => c.json({ runs: await listRuns(openDb(c.env.DB), orgOf(c), queryParams(c, runsQuery)) }));

automationRoutes.get("/business-hours", async (c) => c.json({ hours: await getBusinessHours(openDb(c.env.DB), orgOf(c)) }));

automationRoutes.put("/business-hours", async (c) => {
  const body = await jsonBody(c, businessHoursBody);
  return c.json({ hours: await saveBusinessHours(openDb(c.env.DB), orgOf(c), body) });
});
