/**
 * "The window is closing on my conversation": run by the every-minute cron. Finds open conversations
 * assigned to someone with a device and the switch on, whose customer wrote last and whose 24-hour
 * window closes within the hour, and queues one notice per window (push_notices makes it once, however
 * many minutes see it). Driven from the subscribers side, so it reads (org, state, assignee) index
 * ranges of people who want it, never every conversation.
 */
import { sql } from "drizzle-orm";
import { openDb } from "../../db/client";
import type { PushNotifyJob } from "./push-job";

const WINDOW_MS = 24 * 60 * 60 * 1000;
/** How long before the close the assignee hears of it. */
export const WINDOW_WARNING_MS = 60 * 60 * 1000;
const NOTICE_KEEP_MS = 2 * 24 * 60 * 60 * 1000;

export async function noticeClosingWindows(env: Env, now = Date.now()): Promise<number> {
  const db = openDb(env.DB);
  const due = await db.all<{ org_id: string; id: string; last_inbound_at: number }>(sql`
    SELECT DISTINCT c.org_id, c.id, c.last_inbound_at
    FROM push_subscriptions s
    JOIN conversations c ON c.org_id = s.org_id AND c.state = 'open' AND c.assignee_id = s.user_id
    LEFT JOIN push_preferences p ON p.user_id = s.user_id
    WHERE coalesce(p.window_closing, 1) = 1
      AND c.last_message_direction = 'inbound'
      AND c.last_inbound_at > ${now - WINDOW_MS}
      AND c.last_inbound_at <= ${now - WINDOW_MS + WINDOW_WARNING_MS}
      AND (c.window_closed_at IS NULL OR c.window_closed_at < c.last_inbound_at)`);
  const jobs: PushNotifyJob[] = [];
  for (const c of due) {
    const claimed = await db.all<{ key: string }>(sql`
      INSERT INTO push_notices (org_id, key, created_at) VALUES (${c.org_id}, ${`window:${c.id}:${c.last_inbound_at}`}, ${now})
      ON CONFLICT DO NOTHING RETURNING key`);
    if (claimed.length)
      jobs.push({
        kind: "push.notify",
        orgId: c.org_id,
        event: "windowClosing",
        conversationId: c.id,
        closesAt: c.last_inbound_at + WINDOW_MS,
      });
  }
  for (let i = 0; i < jobs.length; i += 100) await env.JOBS.sendBatch(jobs.slice(i, i + 100).map((body) => ({ body })));
  await db.run(sql`DELETE FROM push_notices WHERE created_at < ${now - NOTICE_KEEP_MS}`);
  return jobs.length;
}
