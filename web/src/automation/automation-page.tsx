/**
 * Settings → Automation (owners and admins): the rules in the order they run, each switchable and
 * editable; business hours with the away message; and the run log.
 */
import { useState } from "preact/hooks";
import { messageOf } from "../api/client";
import { Alert } from "../components/alert";
import { ConfirmDialog } from "../components/confirm-dialog";
import { LoadingRows, Page } from "../components/page";
import { toast } from "../components/toasts";
import { useResource } from "../hooks/use-resource";
import { automationApi, type Rule } from "./automation-api";
import { BusinessHoursCard } from "./business-hours-card";
import { RuleEditor } from "./rule-editor";
import { loadRuleOptions, memberName, type RuleOptions } from "./rule-options";
import { actionText, conditionText, TRIGGER_LABELS } from "./rule-words";
import { RunLog } from "./run-log";

function RuleItem({
  rule,
  index,
  count,
  options,
  onToggle,
  onMove,
  onEdit,
  onDelete,
}: {
  rule: Rule;
  index: number;
  count: number;
  options: RuleOptions;
  onToggle: (enabled: boolean) => void;
  onMove: (by: -1 | 1) => void;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const names = memberName(options);
  return (
    <li class={`automation-rule ${rule.enabled ? "" : "is-off"}`}>
      <span class="automation-rule-pos" aria-hidden="true">
        {index + 1}
      </span>
      <div class="automation-rule-body">
        <strong>{rule.name}</strong>
        <p class="small">
          <span class="muted">When</span> {TRIGGER_LABELS[rule.trigger].toLowerCase()}
          {rule.conditions.length > 0 && (
            <>
              {" "}
              <span class="muted">if</span> {rule.conditions.map(conditionText).join(" and ")}
            </>
          )}
          <span class="muted">, then</span> {rule.actions.map((a) => actionText(a, names)).join(", ")}
        </p>
      </div>
      <div class="automation-rule-actions">
        <label class="switch switch-compact" title={rule.enabled ? "On" : "Off"}>
          <input
            type="checkbox"
            role="switch"
            aria-checked={rule.enabled}
            checked={rule.enabled}
            aria-label={`${rule.name}: ${rule.enabled ? "on" : "off"}`}
            onChange={(e) => onToggle(e.currentTarget.checked)}
          />
        </label>
        <button
          type="button"
          class="btn btn-ghost btn-sm"
          disabled={index === 0}
          onClick={() => onMove(-1)}
          aria-label={`Move ${rule.name} up`}
        >
          ↑
        </button>
        <button
          type="button"
          class="btn btn-ghost btn-sm"
          disabled={index === count - 1}
          onClick={() => onMove(1)}
          aria-label={`Move ${rule.name} down`}
        >
          ↓
        </button>
        <button type="button" class="btn btn-ghost btn-sm" onClick={onEdit} aria-label={`Edit ${rule.name}`}>
          Edit
        </button>
        <button type="button" class="btn btn-ghost btn-sm danger" onClick={onDelete} aria-label={`Delete ${rule.name}`}>
          Delete
        </button>
      </div>
    </li>
  );
}

export default function AutomationPage() {
  const data = useResource(() => Promise.all([automationApi.rules().then((r) => r.rules), loadRuleOptions()]));
  const [editing, setEditing] = useState<Rule | "new" | null>(null);
  const [deleting, setDeleting] = useState<Rule | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const rules = data.data?.[0] ?? [];
  const options = data.data?.[1];
  const setRules = (next: Rule[]) => data.update(([, o]) => [next, o]);

  async function act(fn: () => Promise<Rule[]>, done: string) {
    setError(null);
    try {
      setRules(await fn());
      toast(done);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  return (
    <Page
      title="Automation"
      description="Rules run in this order whenever their event happens, off the message path; each fires at most once per event."
      actions={
        <button type="button" class="btn btn-primary" disabled={!options} onClick={() => setEditing("new")}>
          New rule
        </button>
      }
    >
      {error && <Alert>{error}</Alert>}
      <section class="card" aria-labelledby="rules-title">
        <div class="card-header">
          <h2 id="rules-title">Rules{data.data ? ` (${rules.length})` : ""}</h2>
        </div>
        {data.error && (
          <div class="card-body">
            <Alert>{data.error}</Alert>
          </div>
        )}
        {!data.data && data.loading && <LoadingRows rows={3} />}
        {data.data && rules.length === 0 && <p class="card-empty">No rules yet. Start with one that routes pricing questions to sales.</p>}
        {options && rules.length > 0 && (
          <ol class="automation-rules">
            {rules.map((rule, i) => (
              <RuleItem
                key={rule.id}
                rule={rule}
                index={i}
                count={rules.length}
                options={options}
                onToggle={(enabled) =>
                  void act(
                    async () => {
                      const { rule: saved } = await automationApi.update(rule.id, { enabled });
                      return rules.map((r) => (r.id === saved.id ? saved : r));
                    },
                    `${rule.name}: ${enabled ? "on" : "off"}`,
                  )
                }
                onMove={(by) => {
                  const ids = rules.map((r) => r.id);
                  [ids[i], ids[i + by]] = [ids[i + by]!, ids[i]!];
                  void act(async () => (await automationApi.reorder(ids)).rules, "Order saved");
                }}
                onEdit={() => setEditing(rule)}
                onDelete={() => setDeleting(rule)}
              />
            ))}
          </ol>
        )}
      </section>
      <BusinessHoursCard />
      <RunLog version={version} />
      {editing && options && (
        <RuleEditor
          rule={editing === "new" ? null : editing}
          options={options}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setRules(editing === "new" ? [...rules, saved] : rules.map((r) => (r.id === saved.id ? saved : r)));
            setEditing(null);
            setVersion((v) => v + 1);
            toast(`${saved.name} saved`);
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete “${deleting.name}”?`}
          confirmLabel="Delete rule"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await automationApi.remove(deleting.id);
            setRules(rules.filter((r) => r.id !== deleting.id));
            toast(`${deleting.name} deleted`);
          }}
        >
          <p>It stops running at once. What it already did stays, and so do its entries in the run log.</p>
        </ConfirmDialog>
      )}
    </Page>
  );
}
