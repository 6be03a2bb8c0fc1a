/** Response schemas of automation: rules, the run log, business hours. */
import { createSelectSchema } from "drizzle-zod";
import { z } from "zod";
import { automationRules, automationRuns, businessHours } from "../../../db/tables/automation";
import { action, condition, openingSpan } from "../../schemas/automation";

const ruleOut = createSelectSchema(automationRules, { conditions: z.array(condition), actions: z.array(action) })
  .omit({ orgId: true, turns: true })
  .strict();
const runOut = createSelectSchema(automationRuns, { did: z.array(z.string()) })
  .omit({ orgId: true, eventKey: true })
  .strict();
const hoursOut = createSelectSchema(businessHours, { week: z.array(openingSpan), holidays: z.array(z.string()) })
  .omit({ orgId: true })
  .strict();

export const rulesOut = z.strictObject({ rules: z.array(ruleOut) });
export const ruleOneOut = z.strictObject({ rule: ruleOut });
export const ruleDeletedOut = z.strictObject({ deleted: z.boolean() });
export const runsOut = z.strictObject({ runs: z.array(runOut) });
export const businessHoursOut = z.strictObject({ hours: hoursOut });
