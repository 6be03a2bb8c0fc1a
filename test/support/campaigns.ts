/** Campaign test helpers: an org with contacts and the peer's marketing template, and readers of what the peer was sent. */
import { inject } from "vitest";
import { eq } from "drizzle-orm";
import { contacts, templates } from "../../db/schema";
import { campaignRecipients } from "../../db/tables/campaigns";
import { db } from "./parley";
import { workspace, type Workspace } from "./live";

export const peerUrl = () => inject("metaPeerUrl");

/** The peer's MARKETING template: "Hi {{1}}, running low on {{2}}? …" */
export const REORDER = { name: "reorder_reminder", language: "en_US" };

export interface CampaignWorkspace extends Workspace {
  contactIds: string[];
  waIds: string[];
}

/** A workspace with `count` contacts (phones 3519xxxxxxxx) and the marketing template synced. */
export async function campaignWorkspace(
  count: number,
  extra: { optedOut?: number; noNumber?: number; duplicates?: number } = {},
): Promise<CampaignWorkspace> {
  const w = await workspace();
  const stamp = Date.now().toString().slice(-6);
  const now = Date.now();
  const rows: (typeof contacts.$inferInsert)[] = [];
  for (let i = 0; i < count; i++) {
    rows.push({
      id: `ct_${w.orgId.slice(4)}_${i}`,
      orgId: w.orgId,
      waId: `351${stamp}${String(i).padStart(4, "0")}`,
      profileName: `Customer ${i}`,
      tags: ["vip", "product:coffee beans"],
      marketingOptInAt: now,
      createdAt: now + i,
      updatedAt: now,
    });
  }
  for (let i = 0; i < (extra.optedOut ?? 0); i++)
    rows.push({
      id: `ct_${w.orgId.slice(4)}_out${i}`,
      orgId: w.orgId,
      waId: `352${stamp}${String(i).padStart(4, "0")}`,
      profileName: "Out",
      tags: ["vip"],
      marketingOptOutAt: now,
      createdAt: now + 10_000 + i,
      updatedAt: now,
    });
  for (let i = 0; i < (extra.noNumber ?? 0); i++)
    rows.push({
      id: `ct_${w.orgId.slice(4)}_nonum${i}`,
      orgId: w.orgId,
      userId: `US.${stamp}${i}`,
      profileName: "No number",
      tags: ["vip"],
      createdAt: now + 20_000 + i,
      updatedAt: now,
    });
  for (let i = 0; i < (extra.duplicates ?? 0); i++)
    rows.push({
      id: `ct_${w.orgId.slice(4)}_dup${i}`,
      orgId: w.orgId,
      waId: rows[i]!.waId!,
      profileName: "Twin",
      tags: ["vip"],
      createdAt: now + 30_000 + i,
      updatedAt: now,
    });
  for (let i = 0; i < rows.length; i += 8)
    await db()
      .insert(contacts)
      .values(rows.slice(i, i + 8));
  await db()
    .insert(templates)
    .values({
      id: crypto.randomUUID(),
      orgId: w.orgId,
      wabaId: "112233445566778",
      name: REORDER.name,
      language: REORDER.language,
      status: "APPROVED",
      category: "MARKETING",
      components: [{ type: "BODY", text: "Hi {{1}}, running low on {{2}}? Reply YES and we will send the usual." }],
      updatedAt: now,
    });
  return { ...w, contactIds: rows.slice(0, count).map((r) => r.id), waIds: rows.slice(0, count).map((r) => r.waId!) };
}

/** A campaign body for the workspace: everyone tagged vip, first name and the coffee tag as parameters. */
export const campaignBodyFor = (w: Workspace, more: Record<string, unknown> = {}) => ({
  name: "Coffee reorder",
  phoneNumberId: w.phoneNumberId,
  template: REORDER,
  params: [
    { source: "field", field: "firstName" },
    { source: "tag", prefix: "product:" },
  ],
  audience: { kind: "tags", tags: ["vip"] },
  ...more,
});

export interface PeerSend {
  wamid: string;
  phoneNumberId: string;
  body: { to?: string; biz_opaque_callback_data?: string; template?: { components?: { parameters: { text: string }[] }[] } };
}

export async function peerSendsTo(phoneNumberId: string): Promise<PeerSend[]> {
  const all = (await (await fetch(`${peerUrl()}/__peer/sends`)).json()) as PeerSend[];
  return all.filter((s) => s.phoneNumberId === phoneNumberId);
}

export const peerControl = (path: string, body?: unknown) =>
  fetch(`${peerUrl()}/__peer/${path}`, { method: "POST", ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

export const recipientRows = (campaignId: string) =>
  db().select().from(campaignRecipients).where(eq(campaignRecipients.campaignId, campaignId)).all();

export async function until<T>(fn: () => Promise<T | undefined | null | false>, ms = 20_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`${what} not met in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** How many times each recipient got a message from this number. */
export function sendsPerRecipient(sends: PeerSend[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of sends) counts.set(s.body.to!, (counts.get(s.body.to!) ?? 0) + 1);
  return counts;
}
