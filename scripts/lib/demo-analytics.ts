/**
 * The demo's past four weeks of team work (`npm start` only), so the dashboard's conversations, response
 * and resolution times and agent table have a history on a first start: Dana Demo opened, answered and
 * closed a few conversations a day, with their messages. Rollup rows only (the conversations themselves are not replayed), in
 * the shape durable/projection/conversation-clock.ts counts them; `ON CONFLICT DO NOTHING`, so a second
 * start adds nothing. Today's figures come from the demo's live webhooks and whatever you do.
 */
import { durationBucket } from "../../durable/projection/duration-buckets";

const DAY_MS = 86_400_000;
const MIN = 60_000;
const q = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Per day back: conversations, then each one's first response and resolution in minutes (fixed, so the demo reads the same every time). */
const PATTERN = [
  [4, 3, 95],
  [6, 12, 240],
  [2, 45, 600],
  [5, 6, 130],
  [3, 2, 60],
  [1, 150, 1440],
  [7, 9, 180],
] as const;

export function demoAnalyticsSql(orgId: string, phoneNumberId: string, agentId: string, now = Date.now()): string[] {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const statements: string[] = [];
  for (let back = 1; back <= 28; back++) {
    const [count, firstMin, resolveMin] = PATTERN[back % PATTERN.length]!;
    const day = today - back * DAY_MS;
    const label = back % 3 === 0 ? "VIP" : null;
    // Their messages: four from the customer and three from the team per conversation, mid-morning UTC.
    statements.push(
      `INSERT INTO message_hourly_rollups (org_id, hour, phone_number_id, inbound, outbound)
       VALUES (${q(orgId)}, ${day + 10 * 3_600_000}, ${q(phoneNumberId)}, ${count * 4}, ${count * 3}) ON CONFLICT DO NOTHING;`,
    );
    for (const l of ["", ...(label ? [label] : [])]) {
      statements.push(
        `INSERT INTO conversation_daily_rollups (org_id, label, day, phone_number_id, agent_id, opened, resolved, first_responses, messages_sent)
         VALUES (${q(orgId)}, ${q(l)}, ${day}, ${q(phoneNumberId)}, '', ${count}, 0, 0, 0), (${q(orgId)}, ${q(l)}, ${day}, ${q(phoneNumberId)}, ${q(agentId)}, 0, ${count}, ${count}, ${count * 3})
         ON CONFLICT DO NOTHING;`,
      );
      // Spread the day's durations around its typical value, so medians and p90 differ.
      const spread = [0.5, 0.8, 1, 1.3, 2.5, 1.1, 0.9].slice(0, count);
      const buckets = (minutes: number) => {
        const counts = new Map<number, number>();
        for (const f of spread) {
          const b = durationBucket(minutes * f * MIN);
          counts.set(b, (counts.get(b) ?? 0) + 1);
        }
        return counts;
      };
      for (const [kind, minutes] of [
        ["first_response", firstMin],
        ["resolution", resolveMin],
      ] as const)
        for (const [bucket, n] of buckets(minutes))
          statements.push(
            `INSERT INTO response_time_rollups (org_id, label, kind, day, phone_number_id, agent_id, bucket, count)
             VALUES (${q(orgId)}, ${q(l)}, '${kind}', ${day}, ${q(phoneNumberId)}, ${q(agentId)}, ${bucket}, ${n}) ON CONFLICT DO NOTHING;`,
          );
    }
  }
  return statements;
}
