/** Automation's routes as documentation (see routes.ts for the shape). */
import * as automation from "../schemas/automation";
import type { RouteDoc } from "./routes";
import * as A from "./responses/automation";

const tag = "Automation";
const ruleRefs = ["422 member_not_found", "422 unknown_label", "422 unknown_stage", "422 unknown_field", "422 invalid_regex"] as const;

export const automationRouteDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/api/automation/rules",
    operationId: "listAutomationRules",
    response: A.rulesOut,
    errors: [],
    tag,
    summary: "The org's rules in the order they run (event → conditions → actions).",
    auth: "admin",
  },
  {
    method: "post",
    path: "/api/automation/rules",
    operationId: "createAutomationRule",
    response: A.ruleOneOut,
    status: 201,
    errors: ["402 plan_limit", ...ruleRefs],
    tag,
    summary:
      "Adds a rule at the end of the order. Everything it names (members, labels, stages, custom fields, a regular expression) is checked now, so a saved rule can run. Counts against the plan's `automationRules`.",
    body: automation.ruleBody,
    auth: "admin",
  },
  {
    method: "put",
    path: "/api/automation/rules/order",
    operationId: "reorderAutomationRules",
    response: A.rulesOut,
    errors: ["409 rules_changed"],
    tag,
    summary: "Sets the order rules run in: `ids` must be exactly the org's rules.",
    body: automation.ruleOrderBody,
    auth: "admin",
  },
  {
    method: "patch",
    path: "/api/automation/rules/{id}",
    operationId: "updateAutomationRule",
    response: A.ruleOneOut,
    errors: ["404 rule_not_found", ...ruleRefs],
    tag,
    summary: "Edits a rule, or switches it on or off (`enabled`).",
    body: automation.rulePatch,
    auth: "admin",
  },
  {
    method: "delete",
    path: "/api/automation/rules/{id}",
    operationId: "deleteAutomationRule",
    response: A.ruleDeletedOut,
    errors: ["404 rule_not_found"],
    tag,
    summary: "Deletes a rule; its runs stay in the log.",
    auth: "admin",
  },
  {
    method: "get",
    path: "/api/automation/runs",
    operationId: "listAutomationRuns",
    response: A.runsOut,
    errors: [],
    tag,
    summary:
      "The run log, newest first: which rule fired on what (trigger and the conditions that held), what each action did, errors, and runs skipped by the loop guard or the per-conversation rate.",
    query: automation.runsQuery,
    auth: "admin",
  },
  {
    method: "get",
    path: "/api/automation/business-hours",
    operationId: "getBusinessHours",
    response: A.businessHoursOut,
    errors: [],
    tag,
    summary: "Business hours: time zone, weekly opening spans, holidays, and the away message.",
    auth: "admin",
  },
  {
    method: "put",
    path: "/api/automation/business-hours",
    operationId: "saveBusinessHours",
    response: A.businessHoursOut,
    errors: ["400 invalid_time_zone", "422 invalid_hours"],
    tag,
    summary:
      "Saves business hours. Out of hours, the away message goes to a customer who writes at most once per conversation per closed period.",
    body: automation.businessHoursBody,
    auth: "admin",
  },
];
