/**
 * The dashboard's message counters, written in the same D1 batch as the conversation row they come
 * with. Counts come from the room (messages it stored for the first time), so a replayed webhook,
 * which the room dedupes, adds nothing.
 */
import type { BatchStatement } from "../../db/prepared";

export interface MessageCounts {
  inbound: number;
  outbound: number;
}

const HOUR_MS = 3_600_000;

export function bumpMessageRollup(
  d1: D1Database,
  orgId: string,
  phoneNumberId: string,
  counts: MessageCounts,
  now: number,
): BatchStatement {
  const hour = Math.floor(now / HOUR_MS) * HOUR_MS;
  return {
    statement: d1
      .prepare(
        `insert into message_hourly_rollups (org_id, hour, phone_number_id, inbound, outbound) values (?, ?, ?, ?, ?)
         on conflict (org_id, hour, phone_number_id) do update set inbound = inbound + excluded.inbound, outbound = outbound + excluded.outbound`,
      )
      .bind(orgId, hour, phoneNumberId, counts.inbound, counts.outbound),
    rows: () => [],
  };
}
