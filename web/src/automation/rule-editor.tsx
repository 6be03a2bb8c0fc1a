/** The rule editor: when (the event), only if (conditions, all must hold), then (actions, in order). */
import { useState } from "preact/hooks";
import { messageOf } from "../api/client";
import { Alert } from "../components/alert";
import { Dialog } from "../components/dialog";
import { SubmitButton } from "../components/submit-button";
import { TRIGGERS } from "../../../worker/schemas/automation";
import { ActionRow, newAction } from "./action-row";
import { automationApi, type Action, type Condition, type Rule, type RuleInput, type Trigger } from "./automation-api";
import { ConditionRow, newCondition } from "./condition-row";
import type { RuleOptions } from "./rule-options";
import { TRIGGER_LABELS } from "./rule-words";

interface Props {
  rule: Rule | null;
  options: RuleOptions;
  onSaved: (rule: Rule) => void;
  onClose: () => void;
}

export function RuleEditor({ rule, options, onSaved, onClose }: Props) {
  const [name, setName] = useState(rule?.name ?? "");
  const [trigger, setTrigger] = useState<Trigger>(rule?.trigger ?? "message.received");
  const [conditions, setConditions] = useState<Condition[]>(rule?.conditions ?? []);
  const [actions, setActions] = useState<Action[]>(rule?.actions ?? [newAction("assign_round_robin", options)]);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save(e: Event) {
    e.preventDefault();
    setPending(true);
    setError(null);
    const body: RuleInput = { name, trigger, conditions, actions };
    try {
      const saved = rule ? await automationApi.update(rule.id, body) : await automationApi.create({ ...body, enabled: true });
      onSaved(saved.rule);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog title={rule ? `Edit “${rule.name}”` : "New rule"} onClose={onClose} busy={pending} class="automation-dialog">
      <form class="form automation-editor" onSubmit={save} noValidate>
        <label class="field">
          <span class="field-label">Name</span>
          <input
            class="input"
            value={name}
            maxLength={120}
            placeholder="Pricing questions to sales"
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span class="field-label">When</span>
          <select class="select" value={trigger} onChange={(e) => setTrigger(e.currentTarget.value as Trigger)}>
            {TRIGGERS.map((t) => (
              <option key={t} value={t}>
                {TRIGGER_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        <fieldset class="automation-group">
          <legend>Only if (all of these)</legend>
          {conditions.length === 0 && <p class="muted small">No conditions: the rule runs on every such event.</p>}
          <ol class="automation-rows">
            {conditions.map((c, i) => (
              <ConditionRow
                key={i}
                index={i}
                condition={c}
                options={options}
                onChange={(next) => setConditions(conditions.map((x, j) => (j === i ? next : x)))}
                onRemove={() => setConditions(conditions.filter((_, j) => j !== i))}
              />
            ))}
          </ol>
          <button type="button" class="btn btn-sm" onClick={() => setConditions([...conditions, newCondition("message", options)])}>
            Add condition
          </button>
        </fieldset>
        <fieldset class="automation-group">
          <legend>Then (in order)</legend>
          <ol class="automation-rows">
            {actions.map((a, i) => (
              <ActionRow
                key={i}
                index={i}
                action={a}
                options={options}
                onChange={(next) => setActions(actions.map((x, j) => (j === i ? next : x)))}
                onRemove={() => setActions(actions.filter((_, j) => j !== i))}
              />
            ))}
          </ol>
          <button type="button" class="btn btn-sm" onClick={() => setActions([...actions, newAction("add_label", options)])}>
            Add action
          </button>
        </fieldset>
        {error && <Alert>{error}</Alert>}
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose} disabled={pending}>
            Cancel
          </button>
          <SubmitButton pending={pending}>{rule ? "Save rule" : "Create rule"}</SubmitButton>
        </div>
      </form>
    </Dialog>
  );
}
