/** The cron triggers (wrangler.toml), each to its job. */
import { openDb } from "../../db/client";
import { startDueCampaigns } from "../campaigns/start-campaign";
import { purgeExpired } from "./retention";

export const RETENTION_CRON = "17 3 * * *";

export async function runScheduled(cron: string, env: Env): Promise<void> {
  if (cron === RETENTION_CRON) await purgeExpired(env);
  else await startDueCampaigns(env, openDb(env.DB));
}
