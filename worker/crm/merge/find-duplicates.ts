/**
 * Likely duplicates in an org: the same number (current or earlier, Brazil's mobiles with or without
 * their 9th digit), the same email, or the same name with a similar number (the same last eight digits,
 * or one of them without a number). Each is a walk of one of the contacts indexes, joined back through
 * the same index, so it costs the org's contacts once, never a sort of the table.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../../db/client";
import type { DuplicateContact, DuplicatePair, DuplicateReason } from "./duplicate-pair";

type PairRow = { reason: DuplicateReason; shared: string; a: string; b: string };

const NAME = (t: string) => sql.raw(`lower(coalesce(${t}.display_name, ${t}.profile_name, ''))`);

/** The five pair queries (exported for the query-plan test). */
export function duplicateQueries(orgId: string, limit: number): SQL[] {
  return [
    sql`select 'phone' as reason, a.wa_id as shared, a.id as a, b.id as b
      from contacts a join contacts b on b.org_id = a.org_id and b.wa_id = a.wa_id and b.id > a.id
      where a.org_id = ${orgId} and a.wa_id is not null limit ${limit}`,
    sql`select 'phone' as reason, n.wa_id as shared, n.contact_id as a, c.id as b
      from contact_numbers n join contacts c on c.org_id = n.org_id and c.wa_id = n.wa_id and c.id <> n.contact_id
      where n.org_id = ${orgId} limit ${limit}`,
    sql`select 'phone' as reason, b.wa_id as shared, a.id as a, b.id as b
      from contacts a join contacts b on b.org_id = a.org_id and b.wa_id = substr(a.wa_id, 1, 4) || '9' || substr(a.wa_id, 5)
      where a.org_id = ${orgId} and a.wa_id >= '55' and a.wa_id < '56' and length(a.wa_id) = 12 limit ${limit}`,
    sql`select 'email' as reason, a.email as shared, a.id as a, b.id as b
      from contacts a join contacts b on b.org_id = a.org_id and b.email = a.email and b.id > a.id
      where a.org_id = ${orgId} and a.email is not null limit ${limit}`,
    sql`select 'name' as reason, ${NAME("a")} as shared, a.id as a, b.id as b
      from contacts a join contacts b on b.org_id = a.org_id and ${NAME("b")} = ${NAME("a")} and b.id > a.id
      where a.org_id = ${orgId} and ${NAME("a")} <> ''
        and (a.wa_id is null or b.wa_id is null or substr(a.wa_id, -8) = substr(b.wa_id, -8)) limit ${limit}`,
  ];
}

export async function findDuplicates(db: Db, orgId: string, limit = 50): Promise<DuplicatePair[]> {
  // drizzle's batch takes only query builders, not raw SQL: five reads, each one index walk.
  const [byPhone, byFormer, byBrazil, byEmail, byName] = await Promise.all(duplicateQueries(orgId, limit).map((q) => db.all<PairRow>(q)));
  const seen = new Set<string>();
  const pairs: PairRow[] = [];
  for (const row of [
    ...(byPhone as PairRow[]),
    ...(byFormer as PairRow[]),
    ...(byBrazil as PairRow[]),
    ...(byEmail as PairRow[]),
    ...(byName as PairRow[]),
  ]) {
    const key = [row.a, row.b].sort().join("|");
    if (seen.has(key)) continue;
    seen.add(key);
    pairs.push(row);
  }
  const picked = pairs.slice(0, limit);
  const ids = [...new Set(picked.flatMap((p) => [p.a, p.b]))];
  if (!ids.length) return [];
  const rows = (await db.all(sql`select id, coalesce(display_name, profile_name) as name, wa_id as waId, email,
      conversation_count as conversationCount, last_inbound_at as lastInboundAt, created_at as createdAt
    from contacts where org_id = ${orgId} and id in (select value from json_each(${JSON.stringify(ids)}))`)) as DuplicateContact[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return picked.flatMap((p) => {
    const a = byId.get(p.a);
    const b = byId.get(p.b);
    // The older contact first: it is usually the one to keep.
    if (!a || !b) return [];
    return [a.createdAt <= b.createdAt ? { reason: p.reason, shared: p.shared, a, b } : { reason: p.reason, shared: p.shared, a: b, b: a }];
  });
}
