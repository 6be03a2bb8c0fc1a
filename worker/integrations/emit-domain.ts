/**
 * One call where an agent's change is noted: automation's rules and the org's webhook endpoints both
 * hear it, each only if the org has something listening, neither on the request's path.
 */
import type { Db } from "../../db/client";
import { type AutomationEvent, emitAutomation } from "../automation/events";
import { emitWebhooks, fromAutomationEvents } from "./events";

export async function emitDomainEvents(env: Env, db: Db, orgId: string, events: Omit<AutomationEvent, "depth" | "chain">[]): Promise<void> {
  await Promise.all([emitAutomation(env, db, orgId, events), emitWebhooks(env, db, orgId, fromAutomationEvents(orgId, events))]);
}
