/** Broadcast campaigns: everyone in the org can watch them; admins create, send and steer them. */
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { openDb } from "../../db/client";
import type { Campaign } from "../../db/tables/campaigns";
import {
  campaignTotals,
  createCampaign,
  deleteCampaign,
  getCampaign,
  listCampaigns,
  previewAudience,
  setupOf,
  updateCampaign,
} from "../campaigns/campaigns";
import { cancelCampaign, pauseCampaign, resumeCampaign, retryFailed } from "../campaigns/controls";
import { listRecipients, recipientsCsv } from "../campaigns/recipients";
import { runnerOf } from "../campaigns/runner";
import { sendCampaign, unscheduleCampaign } from "../campaigns/start-campaign";
import { jsonBody } from "../middleware/json-body";
import { requireRole } from "../middleware/require-role";
import { requireSession } from "../middleware/require-session";
import { campaignBody, campaignPatch, previewBody, recipientsQuery, sendBody } from "../schemas/campaigns";
import { AppError } from "../errors";

export const campaignRoutes = new Hono<AppEnv>();
campaignRoutes.use("*", requireSession());
const admin = requireRole("owner", "admin");
const orgOf = (c: { get(k: "auth"): AppEnv["Variables"]["auth"] }) => c.get("auth").org.id;

campaignRoutes.get("/", async (c) => c.json({ campaigns: await listCampaigns(openDb(c.env.DB), orgOf(c)) }));

campaignRoutes.post("/", admin, async (c) => {
  const body = await jsonBody(c, campaignBody);
  const { org, user } = c.get("auth");
  return c.json({ campaign: await createCampaign(openDb(c.env.DB), org.id, user.id, body) }, 201);
});

/** Counts and sample messages for an audience before a campaign exists (the editor's live preview). */
campaignRoutes.post("/preview", admin, async (c) => {
  const body = await jsonBody(c, previewBody);
  return c.json({ preview: await previewAudience(openDb(c.env.DB), orgOf(c), { ...setupOf(body), audience: body.audience }) });
});

campaignRoutes.get("/:id", async (c) => {
  const db = openDb(c.env.DB);
  const campaign = await getCampaign(db, orgOf(c), c.req.param("id"));
  return c.json(await detail(c.env, db, campaign));
});

campaignRoutes.patch("/:id", admin, async (c) => {
  const body = await jsonBody(c, campaignPatch);
  return c.json({ campaign: await updateCampaign(openDb(c.env.DB), orgOf(c), c.req.param("id"), body) });
});

campaignRoutes.delete("/:id", admin, async (c) => {
  await deleteCampaign(openDb(c.env.DB), orgOf(c), c.req.param("id"));
  return c.json({ deleted: true });
});

campaignRoutes.get("/:id/preview", admin, async (c) => {
  const db = openDb(c.env.DB);
  const campaign = await getCampaign(db, orgOf(c), c.req.param("id"));
  return c.json({ preview: await previewAudience(db, campaign.orgId, campaign) });
});

campaignRoutes.post("/:id/send", admin, async (c) => {
  const body = await jsonBody(c, sendBody);
  const db = openDb(c.env.DB);
  const campaign = await sendCampaign(c.env, db, orgOf(c), c.req.param("id"), body);
  return c.json(await detail(c.env, db, campaign), 202);
});

campaignRoutes.post("/:id/unschedule", admin, async (c) => {
  return c.json({ campaign: await unscheduleCampaign(c.env, openDb(c.env.DB), orgOf(c), c.req.param("id")) });
});

const control = { pause: pauseCampaign, resume: resumeCampaign, cancel: cancelCampaign } as const;
for (const [action, fn] of Object.entries(control)) {
  campaignRoutes.post(`/:id/${action}`, admin, async (c) => {
    const db = openDb(c.env.DB);
    return c.json(await detail(c.env, db, await fn(c.env, db, orgOf(c), c.req.param("id"))));
  });
}

campaignRoutes.post("/:id/retry-failed", admin, async (c) => {
  const db = openDb(c.env.DB);
  const { campaign, requeued } = await retryFailed(c.env, db, orgOf(c), c.req.param("id"));
  return c.json({ ...(await detail(c.env, db, campaign)), requeued });
});

campaignRoutes.get("/:id/recipients", async (c) => {
  const db = openDb(c.env.DB);
  const campaign = await getCampaign(db, orgOf(c), c.req.param("id"));
  const q = recipientsQuery.safeParse(c.req.query());
  if (!q.success) throw new AppError(400, "invalid_query", "after and limit must be numbers (limit 1–500).");
  return c.json(await listRecipients(db, campaign.id, q.data));
});

campaignRoutes.get("/:id/recipients.csv", async (c) => {
  const db = openDb(c.env.DB);
  const campaign = await getCampaign(db, orgOf(c), c.req.param("id"));
  const filename = `${campaign.name.replace(/[^\w.-]+/g, "-").slice(0, 60) || "campaign"}-recipients.csv`;
  return new Response(recipientsCsv(db, campaign.id), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"` },
  });
});

async function detail(env: Env, db: ReturnType<typeof openDb>, campaign: Campaign) {
  const started = !["draft", "scheduled"].includes(campaign.status);
  const [totals, progress] = await Promise.all([
    started ? campaignTotals(db, campaign.id) : {},
    started ? runnerOf(env, campaign.orgId, campaign.id).progress(campaign.orgId, campaign.id) : null,
  ]);
  return { campaign, totals, progress };
}
