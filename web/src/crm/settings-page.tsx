/** /contacts/settings (admins): custom fields, lifecycle stages (order, names, colours) and labels. */
import { useEffect, useState } from "preact/hooks";
import { messageOf } from "../api/client";
import { crmApi, type CustomField } from "../api/crm";
import { TrashIcon } from "../components/icons";
import { Page } from "../components/page";
import { toast } from "../components/toasts";
import type { CustomFieldType } from "../../../db/tables/crm";
import { customFields, loadCrmMeta, orgLabels, stages } from "./crm-meta";
import { CrmTabs } from "./crm-tabs";

const TYPES: CustomFieldType[] = ["text", "number", "date", "select", "multiselect", "boolean", "url"];

async function attempt(work: () => Promise<unknown>, done: string) {
  try {
    await work();
    await loadCrmMeta(true);
    toast(done, "success");
    return true;
  } catch (err) {
    toast(messageOf(err), "error");
    return false;
  }
}

function FieldsCard() {
  const [label, setLabel] = useState("");
  const [key, setKey] = useState("");
  const [type, setType] = useState<CustomFieldType>("text");
  const [options, setOptions] = useState("");
  const derivedKey =
    key ||
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .replace(/^(\d)/, "f_$1");
  return (
    <section class="card">
      <div class="card-header">
        <h2>Custom fields</h2>
      </div>
      <ul class="crm-settings-list">
        {customFields.value.map((f: CustomField) => (
          <li key={f.id}>
            <strong>{f.label}</strong> <code>{f.key}</code> <span class="badge">{f.type}</span>
            {f.options.length > 0 && <span class="muted"> {f.options.join(", ")}</span>}
            <button
              type="button"
              class="btn btn-ghost btn-icon btn-sm"
              aria-label={`Delete field ${f.label}`}
              onClick={() => confirm(`Delete the field "${f.label}"?`) && void attempt(() => crmApi.deleteField(f.id), "Field deleted.")}
            >
              <TrashIcon />
            </button>
          </li>
        ))}
      </ul>
      <form
        class="card-body crm-inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const opts = options
            .split(",")
            .map((o) => o.trim())
            .filter(Boolean);
          void attempt(
            () => crmApi.createField({ key: derivedKey, label: label.trim(), type, options: opts }),
            `Field "${label}" added.`,
          ).then((ok) => {
            if (ok) {
              setLabel("");
              setKey("");
              setOptions("");
            }
          });
        }}
      >
        <input
          class="input input-sm"
          aria-label="Field label"
          placeholder="Label, e.g. Plan"
          value={label}
          onInput={(e) => setLabel(e.currentTarget.value)}
          required
        />
        <input
          class="input input-sm"
          aria-label="Field key"
          placeholder={derivedKey || "key"}
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
        />
        <select
          class="select select-sm"
          aria-label="Field type"
          value={type}
          onChange={(e) => setType(e.currentTarget.value as CustomFieldType)}
        >
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        {(type === "select" || type === "multiselect") && (
          <input
            class="input input-sm"
            aria-label="Options"
            placeholder="Options, comma-separated"
            value={options}
            onInput={(e) => setOptions(e.currentTarget.value)}
          />
        )}
        <button class="btn btn-sm btn-primary" type="submit" disabled={!label.trim()}>
          Add field
        </button>
      </form>
    </section>
  );
}

function StagesCard() {
  const [draft, setDraft] = useState(stages.value);
  useEffect(() => setDraft(stages.value), [stages.value]);
  const set = (i: number, patch: Partial<(typeof draft)[number]>) => setDraft(draft.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const swap = (i: number, j: number) => {
    if (j < 0 || j >= draft.length) return;
    const next = [...draft];
    [next[i], next[j]] = [next[j]!, next[i]!];
    setDraft(next);
  };
  return (
    <section class="card">
      <div class="card-header">
        <h2>Lifecycle stages</h2>
      </div>
      <ol class="crm-settings-list">
        {draft.map((s, i) => (
          <li key={s.key}>
            <input type="color" aria-label={`${s.name} colour`} value={s.color} onInput={(e) => set(i, { color: e.currentTarget.value })} />
            <input class="input input-sm" aria-label="Stage name" value={s.name} onInput={(e) => set(i, { name: e.currentTarget.value })} />
            <button type="button" class="btn btn-ghost btn-sm" aria-label={`Move ${s.name} up`} onClick={() => swap(i, i - 1)}>
              ↑
            </button>
            <button type="button" class="btn btn-ghost btn-sm" aria-label={`Move ${s.name} down`} onClick={() => swap(i, i + 1)}>
              ↓
            </button>
            <button
              type="button"
              class="btn btn-ghost btn-icon btn-sm"
              aria-label={`Remove ${s.name}`}
              onClick={() => setDraft(draft.filter((_, j) => j !== i))}
            >
              <TrashIcon />
            </button>
          </li>
        ))}
      </ol>
      <div class="card-body cluster">
        <button
          type="button"
          class="btn btn-sm"
          onClick={() => {
            const name = prompt("Stage name");
            if (name?.trim())
              setDraft([
                ...draft,
                {
                  key:
                    name
                      .toLowerCase()
                      .replace(/[^a-z0-9]+/g, "_")
                      .replace(/^_+|_+$/g, "") || `stage_${draft.length}`,
                  name: name.trim(),
                  color: "#64748b",
                  position: draft.length,
                },
              ]);
          }}
        >
          Add stage
        </button>
        <button
          type="button"
          class="btn btn-sm btn-primary"
          onClick={() =>
            void attempt(() => crmApi.saveStages(draft.map(({ key, name, color }) => ({ key, name, color }))), "Stages saved.")
          }
        >
          Save stages
        </button>
      </div>
    </section>
  );
}

function LabelsCard() {
  const [name, setName] = useState("");
  const [color, setColor] = useState("#0ea5e9");
  return (
    <section class="card">
      <div class="card-header">
        <h2>Labels</h2>
      </div>
      <ul class="crm-settings-list">
        {orgLabels.value.map((l) => (
          <li key={l.id}>
            <span class="crm-stage" style={{ "--stage": l.color }}>
              {l.name}
            </span>
            <button
              type="button"
              class="btn btn-ghost btn-icon btn-sm"
              aria-label={`Delete label ${l.name}`}
              onClick={() => void attempt(() => crmApi.deleteLabel(l.id), "Label deleted.")}
            >
              <TrashIcon />
            </button>
          </li>
        ))}
      </ul>
      <form
        class="card-body crm-inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void attempt(() => crmApi.createLabel(name.trim(), color), `Label "${name}" added.`).then((ok) => ok && setName(""));
        }}
      >
        <input type="color" aria-label="Label colour" value={color} onInput={(e) => setColor(e.currentTarget.value)} />
        <input
          class="input input-sm"
          aria-label="Label name"
          placeholder="e.g. Wholesale"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
          required
        />
        <button class="btn btn-sm btn-primary" type="submit" disabled={!name.trim()}>
          Add label
        </button>
      </form>
    </section>
  );
}

export default function CrmSettingsPage() {
  useEffect(() => void loadCrmMeta(true), []);
  return (
    <Page title="Contact fields & stages" actions={<CrmTabs />}>
      <div class="stack">
        <FieldsCard />
        <StagesCard />
        <LabelsCard />
      </div>
    </Page>
  );
}
