/** Audit actions in words; the list is the Worker's own (worker/audit/audit-actions.ts). */
import { auditActionLabels } from "../../../worker/audit/audit-actions";

export { auditActionLabels };

/** An action the server adds later still shows, by its code. */
export const auditActionLabel = (action: string): string => (auditActionLabels as Record<string, string>)[action] ?? action;

const WARNING = /failed|removed|revoked|disabled|deleted|recovery_code/;

/** Failures and removals stand out in the log. */
export const auditActionTone = (action: string): "warning" | "neutral" => (WARNING.test(action) ? "warning" : "neutral");
