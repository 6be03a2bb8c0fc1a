/** The cron triggers (wrangler.toml), each to its job. */
import { openDb } from "../../db/client";
import { startDueCampaigns } from "../campaigns/start-campaign";
import { runDaily } from "./daily";
import { noticeClosingWindows } from "../push/window-closing";

export const RETENTION_CRON = "17 3 * * *";

export async function runScheduled(cron: string, env: Env): Promise<void> {
  if (cron === RETENTION_CRON) await runDaily(env);
  else {
    // Independent jobs: a failure of one must not keep the other from its minute.
    const results = await Promise.allSettled([startDueCampaigns(env, openDb(env.DB)), noticeClosingWindows(env)]);
    for (const r of results) if (r.status === "rejected") console.error("minute job failed", String(r.reason));
  }
}
