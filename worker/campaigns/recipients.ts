/** A campaign's recipient rows in D1: written once when it starts, read page by page and as CSV. */
import { and, asc, eq, gt } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaignRecipients, type CampaignRecipient } from "../../db/tables/campaigns";
import { RECIPIENT_STATUSES, type RecipientStatus } from "../../durable/campaign-protocol";
import { AppError } from "../errors";
import type { PlannedRecipient } from "./audience";

/**
 * Rows go in as one JSON parameter per 500 (json_each), since D1 binds at most 100 parameters a
 * statement: 10,000 recipients are 20 statements in one batch instead of 1,500. Idempotent.
 */
const ROWS_PER_STATEMENT = 500;

export async function insertRecipients(d1: D1Database, orgId: string, campaignId: string, planned: PlannedRecipient[], now: number) {
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < planned.length; i += ROWS_PER_STATEMENT) {
    const rows = planned.slice(i, i + ROWS_PER_STATEMENT).map((r, j) => [i + j, r.contactId, r.waId, r.name, JSON.stringify(r.params)]);
    statements.push(
      d1
        .prepare(
          `INSERT OR IGNORE INTO campaign_recipients (campaign_id, idx, org_id, contact_id, wa_id, name, params, status, message_id, updated_at)
           SELECT ?1, j.value ->> 0, ?2, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, 'pending', ?1 || '-' || (j.value ->> 0), ?3
           FROM json_each(?4) AS j`,
        )
        .bind(campaignId, orgId, now, JSON.stringify(rows)),
    );
  }
  for (let i = 0; i < statements.length; i += 50) await d1.batch(statements.slice(i, i + 50));
}

export async function listRecipients(
  db: Db,
  campaignId: string,
  query: { status?: string | undefined; after: number; limit: number },
): Promise<{ recipients: CampaignRecipient[]; next: number | null }> {
  const status = query.status as RecipientStatus | undefined;
  if (status && !RECIPIENT_STATUSES.includes(status))
    throw new AppError(400, "invalid_status", `status must be one of ${RECIPIENT_STATUSES.join(", ")}.`);
  const rows = await db
    .select()
    .from(campaignRecipients)
    .where(
      and(
        eq(campaignRecipients.campaignId, campaignId),
        gt(campaignRecipients.idx, query.after),
        status ? eq(campaignRecipients.status, status) : undefined,
      ),
    )
    .orderBy(asc(campaignRecipients.idx))
    .limit(query.limit + 1)
    .all();
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  return { recipients: page, next: more ? page.at(-1)!.idx : null };
}

/** Every recipient as CSV, streamed page by page so a large campaign never sits in memory whole. */
export function recipientsCsv(db: Db, campaignId: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after = -1;
  let header = true;
  return new ReadableStream({
    async pull(controller) {
      if (header) {
        header = false;
        controller.enqueue(encoder.encode("phone,name,status,wamid,error_code,error,sent_at,updated_at\r\n"));
      }
      const { recipients, next } = await listRecipients(db, campaignId, { after, limit: 500 });
      controller.enqueue(encoder.encode(recipients.map(csvLine).join("")));
      if (next === null) controller.close();
      else after = next;
    },
  });
}

function csvLine(r: CampaignRecipient): string {
  const iso = (t: number | null) => (t ? new Date(t).toISOString() : "");
  return `${[`+${r.waId}`, r.name ?? "", r.status, r.wamid ?? "", r.errorCode ?? "", r.errorTitle ?? "", iso(r.sentAt), iso(r.updatedAt)].map(cell).join(",")}\r\n`;
}

/** Quoted when needed; a leading = + - @ is defused so a spreadsheet never runs a name as a formula. */
function cell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@]/.test(s) && !/^\+\d+$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
