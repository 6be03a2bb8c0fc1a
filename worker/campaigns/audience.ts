/**
 * Who a campaign reaches, counted before anything is sent: the audience's contacts minus, for a
 * marketing template, those who opted out or never opted in, have no WhatsApp number, share a number with an
 * earlier contact, could not be reached by an earlier campaign (Meta's 131026), or lack a value for a
 * template parameter. Opt-out is checked again at the moment each message goes (send-campaign-batch.ts).
 */
import { and, eq, gt, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { contacts, type Contact } from "../../db/schema";
import { campaignRecipients } from "../../db/tables/campaigns";
import type { CampaignAudience, ParamSource } from "../../durable/campaign-protocol";
import { resolveSegment } from "../crm/segments";
import { resolveParams } from "./template-params";

export interface PlannedRecipient {
  contactId: string;
  waId: string;
  name: string | null;
  params: string[];
}

export interface ExclusionCounts {
  /** Marketing templates go only to contacts who gave consent (CRM's marketing opt-in). */
  notOptedIn: number;
  optedOut: number;
  noNumber: number;
  duplicates: number;
  unreachable: number;
  missingValues: number;
}

export interface AudiencePlan {
  recipients: PlannedRecipient[];
  excluded: ExclusionCounts;
  /** Contacts the audience named before exclusions. */
  matched: number;
}

/** An earlier 131026 (not on WhatsApp, old app) keeps a number out of campaigns for this long. */
const UNREACHABLE_MEMORY_MS = 30 * 24 * 3600_000;
const IDS_PER_QUERY = 90;

export async function loadAudience(db: Db, orgId: string, audience: CampaignAudience): Promise<Contact[]> {
  const all = () => db.select().from(contacts).where(eq(contacts.orgId, orgId)).all();
  switch (audience.kind) {
    case "all":
      return all();
    case "tags": {
      const wanted = new Set(audience.tags.map((t) => t.toLowerCase()));
      return (await all()).filter((c) => c.tags.some((t) => wanted.has(t.toLowerCase())));
    }
    case "contacts":
      return chunked(audience.contactIds, (ids) =>
        db
          .select()
          .from(contacts)
          .where(and(eq(contacts.orgId, orgId), inArray(contacts.id, ids)))
          .all(),
      );
    case "segment":
      return resolveSegment(db, orgId, { segmentId: audience.segmentId });
    case "phones": {
      const digits = audience.phones.map((p) => p.replace(/\D/g, "")).filter(Boolean);
      return chunked([...new Set(digits)], (ids) =>
        db
          .select()
          .from(contacts)
          .where(and(eq(contacts.orgId, orgId), inArray(contacts.waId, ids)))
          .all(),
      );
    }
  }
}

export async function planAudience(
  db: Db,
  orgId: string,
  audienceContacts: Contact[],
  sources: ParamSource[],
  marketing: boolean,
  now = Date.now(),
): Promise<AudiencePlan> {
  const unreachable = await recentlyUnreachable(db, orgId, now);
  const excluded: ExclusionCounts = { notOptedIn: 0, optedOut: 0, noNumber: 0, duplicates: 0, unreachable: 0, missingValues: 0 };
  const seen = new Set<string>();
  const recipients: PlannedRecipient[] = [];
  // Oldest contact first, so of two contacts sharing a number the one the team has known longest gets it.
  const ordered = [...audienceContacts].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  for (const c of ordered) {
    if (!c.waId) {
      excluded.noNumber++;
      continue;
    }
    if (seen.has(c.waId)) {
      excluded.duplicates++;
      continue;
    }
    seen.add(c.waId);
    if (marketing && c.marketingOptOutAt !== null) {
      excluded.optedOut++;
      continue;
    }
    if (marketing && c.marketingOptInAt === null) {
      excluded.notOptedIn++;
      continue;
    }
    if (unreachable.has(c.id)) {
      excluded.unreachable++;
      continue;
    }
    const { params, missing } = resolveParams(sources, c);
    if (missing) {
      excluded.missingValues++;
      continue;
    }
    recipients.push({ contactId: c.id, waId: c.waId, name: c.displayName ?? c.profileName, params });
  }
  return { recipients, excluded, matched: audienceContacts.length };
}

async function recentlyUnreachable(db: Db, orgId: string, now: number): Promise<Set<string>> {
  const rows = await db
    .select({ contactId: campaignRecipients.contactId })
    .from(campaignRecipients)
    .where(
      and(
        eq(campaignRecipients.orgId, orgId),
        eq(campaignRecipients.errorCode, 131026),
        gt(campaignRecipients.updatedAt, now - UNREACHABLE_MEMORY_MS),
      ),
    )
    .all();
  return new Set(rows.map((r) => r.contactId));
}

async function chunked<T>(ids: string[], query: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) out.push(...(await query(ids.slice(i, i + IDS_PER_QUERY))));
  return out;
}
