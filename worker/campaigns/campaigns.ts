/** Campaign drafts: checked against the org's numbers and approved templates, then counted before sending. */
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { templates, whatsappNumbers, type Template, type WhatsappNumber } from "../../db/schema";
import { campaignRecipients, campaigns, type Campaign } from "../../db/tables/campaigns";
import type { CampaignAudience, ParamSource } from "../../durable/campaign-protocol";
import { AppError } from "../errors";
import { listCustomFields } from "../crm/custom-fields";
import { bodyOf } from "../inbox/send-message";
import type { CampaignBody } from "../schemas/campaigns";
import { loadAudience, planAudience, type ExclusionCounts } from "./audience";
import { placeholderCount, renderBody } from "./template-params";

export const NOT_FOUND = () => new AppError(404, "campaign_not_found", "No such campaign in this organization.");

export async function getCampaign(db: Db, orgId: string, id: string): Promise<Campaign> {
  const row = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.id, id), eq(campaigns.orgId, orgId)))
    .get();
  if (!row) throw NOT_FOUND();
  return row;
}

export const listCampaigns = (db: Db, orgId: string) =>
  db.select().from(campaigns).where(eq(campaigns.orgId, orgId)).orderBy(desc(campaigns.createdAt)).limit(200).all();

export interface TemplateCheck {
  number: WhatsappNumber;
  template: Template;
  bodyText: string;
  marketing: boolean;
}

/** The number must be the org's, the template approved on its WABA, and every `{{n}}` mapped. */
export async function checkSetup(
  db: Db,
  orgId: string,
  input: { phoneNumberId: string; templateName: string; templateLanguage: string; params: ParamSource[] },
): Promise<TemplateCheck> {
  const number = await db
    .select()
    .from(whatsappNumbers)
    .where(and(eq(whatsappNumbers.orgId, orgId), eq(whatsappNumbers.phoneNumberId, input.phoneNumberId)))
    .get();
  if (!number) throw new AppError(422, "number_not_found", "That WhatsApp number is not connected to this organization.");
  const template = await db
    .select()
    .from(templates)
    .where(
      and(
        eq(templates.orgId, orgId),
        eq(templates.wabaId, number.wabaId),
        eq(templates.name, input.templateName),
        eq(templates.language, input.templateLanguage),
      ),
    )
    .get();
  if (!template) throw new AppError(422, "template_not_found", "No such template for this number's account. Sync templates and pick one.");
  if (template.status !== "APPROVED")
    throw new AppError(
      422,
      "template_not_approved",
      `This template is ${template.status.toLowerCase()}; only approved templates can be sent.`,
    );
  const bodyText = bodyOf(template.components);
  const needed = placeholderCount(bodyText);
  if (input.params.length !== needed)
    throw new AppError(
      422,
      "template_params",
      `This template's body has ${needed} variable${needed === 1 ? "" : "s"}; map each one (got ${input.params.length}).`,
    );
  await checkCustomParams(db, orgId, input.params);
  return { number, template, bodyText, marketing: template.category === "MARKETING" };
}

export async function createCampaign(db: Db, orgId: string, userId: string, body: CampaignBody): Promise<Campaign> {
  await checkSetup(db, orgId, setupOf(body));
  const now = Date.now();
  const row = {
    id: `cmp_${crypto.randomUUID().replaceAll("-", "")}`,
    orgId,
    name: body.name,
    phoneNumberId: body.phoneNumberId,
    templateName: body.template.name,
    templateLanguage: body.template.language,
    params: body.params,
    audience: body.audience,
    ratePerSecond: body.ratePerSecond ?? null,
    createdBy: userId,
    createdAt: now,
    updatedAt: now,
  };
  return (await db.insert(campaigns).values(row).returning().get())!;
}

export async function updateCampaign(db: Db, orgId: string, id: string, patch: Partial<CampaignBody>): Promise<Campaign> {
  const current = await getCampaign(db, orgId, id);
  if (current.status !== "draft")
    throw new AppError(409, "campaign_not_draft", "Only a draft can be edited; this campaign has been scheduled or sent.");
  const next = {
    name: patch.name ?? current.name,
    phoneNumberId: patch.phoneNumberId ?? current.phoneNumberId,
    templateName: patch.template?.name ?? current.templateName,
    templateLanguage: patch.template?.language ?? current.templateLanguage,
    params: patch.params ?? current.params,
    audience: patch.audience ?? current.audience,
    ratePerSecond: patch.ratePerSecond === undefined ? current.ratePerSecond : patch.ratePerSecond,
  };
  await checkSetup(db, orgId, next);
  const row = await db
    .update(campaigns)
    .set({ ...next, updatedAt: Date.now() })
    .where(and(eq(campaigns.id, id), eq(campaigns.orgId, orgId), eq(campaigns.status, "draft")))
    .returning()
    .get();
  if (!row) throw new AppError(409, "campaign_not_draft", "Only a draft can be edited; this campaign has been scheduled or sent.");
  return row;
}

export async function deleteCampaign(db: Db, orgId: string, id: string): Promise<void> {
  const gone = await db
    .delete(campaigns)
    .where(and(eq(campaigns.id, id), eq(campaigns.orgId, orgId), eq(campaigns.status, "draft")))
    .returning({ id: campaigns.id });
  if (!gone.length) {
    await getCampaign(db, orgId, id);
    throw new AppError(409, "campaign_not_draft", "Only a draft can be deleted; cancel a campaign that has started.");
  }
}

export interface AudiencePreview {
  willReceive: number;
  matched: number;
  excluded: ExclusionCounts;
  marketing: boolean;
  bodyText: string;
  samples: { contactId: string; name: string | null; waId: string; params: string[]; text: string }[];
}

/** "1,204 will receive, 37 opted out, 3 without a number", and the message as three of them will read it. */
export async function previewAudience(
  db: Db,
  orgId: string,
  input: { phoneNumberId: string; templateName: string; templateLanguage: string; params: ParamSource[]; audience: CampaignAudience },
): Promise<AudiencePreview> {
  const setup = await checkSetup(db, orgId, input);
  const plan = await planAudience(db, orgId, await loadAudience(db, orgId, input.audience), input.params, setup.marketing);
  return {
    willReceive: plan.recipients.length,
    matched: plan.matched,
    excluded: plan.excluded,
    marketing: setup.marketing,
    bodyText: setup.bodyText,
    samples: plan.recipients.slice(0, 3).map((r) => ({ ...r, text: renderBody(setup.bodyText, r.params) })),
  };
}

export const setupOf = (b: { phoneNumberId: string; template: { name: string; language: string }; params: ParamSource[] }) => ({
  phoneNumberId: b.phoneNumberId,
  templateName: b.template.name,
  templateLanguage: b.template.language,
  params: b.params,
});

/** Per-recipient statuses summed from D1 (delivery, reads and replies come from webhooks after the send). */
export async function campaignTotals(db: Db, campaignId: string): Promise<Record<string, number>> {
  const rows = await db
    .select({ status: campaignRecipients.status, n: sql<number>`count(*)` })
    .from(campaignRecipients)
    .where(eq(campaignRecipients.campaignId, campaignId))
    .groupBy(campaignRecipients.status)
    .all();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** A parameter from a custom field names one the organization has (a deleted field would leave every recipient out). */
async function checkCustomParams(db: Db, orgId: string, params: ParamSource[]): Promise<void> {
  const wanted = params.flatMap((p, i) => (p.source === "custom" ? [{ key: p.key, n: i + 1 }] : []));
  if (!wanted.length) return;
  const known = new Set((await listCustomFields(db, orgId)).map((f) => f.key));
  const unknown = wanted.find((w) => !known.has(w.key));
  if (unknown)
    throw new AppError(422, "unknown_custom_field", `{{${unknown.n}}}: "${unknown.key}" is not one of your organization's custom fields.`);
}
