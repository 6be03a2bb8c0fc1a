/**
 * The daily cron: retention purges, expired exports and backups, terminated orgs past grace, trial-ending
 * mail, then tonight's backups.
 */
import { openDb } from "../../db/client";
import { purgeExpiredExports, startDailyBackups } from "../data/backups";
import { startDuePurges } from "../data/terminate";
import { mailEndingTrials } from "../billing/trial-notices";
import { purgeExpired } from "./retention";

export async function runDaily(env: Env, now = Date.now()): Promise<void> {
  const db = openDb(env.DB);
  await purgeExpired(env, now);
  await purgeExpiredExports(env, db, now);
  await startDuePurges(env, db, now);
  await mailEndingTrials(env, db, now);
  await startDailyBackups(env, db, now);
}
