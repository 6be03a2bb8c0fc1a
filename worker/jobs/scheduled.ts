/** The cron triggers (wrangler.toml), each to its job. */
import { openDb } from "../../db/client";
import { startDueCampaigns } from "../campaigns/start-campaign";
import { runDaily } from "./daily";

export const RETENTION_CRON = "17 3 * * *";

export async function runScheduled(cron: string, env: Env): Promise<void> {
  if (cron === RETENTION_CRON) await runDaily(env);
  else await startDueCampaigns(env, openDb(env.DB));
}
