/**
 * Every field of a contact, edited in place: each change is saved on its own (blur, Enter or pick), so
 * another agent's edit to a different field is never overwritten. Used by the contact page and, compact,
 * by the inbox's contact panel.
 */
import { useEffect, useState } from "preact/hooks";
import { messageOf } from "../api/client";
import { crmApi, type ContactPatch, type ContactView, type CustomField } from "../api/crm";
import { toast } from "../components/toasts";
import { exactTime } from "../format/time";
import { TagInput } from "../inbox/tag-input";
import { members } from "../inbox/members";
import { rememberContact } from "./contact-live";
import { customFields, orgLabels, stages } from "./crm-meta";

export async function saveContact(contact: ContactView, patch: ContactPatch): Promise<ContactView | null> {
  try {
    const { contact: updated } = await crmApi.update(contact.id, patch);
    return rememberContact(updated);
  } catch (err) {
    toast(messageOf(err), "error");
    return null;
  }
}

/** A text input that saves on blur or Enter, and follows the stored value while it is not being edited. */
function TextField(props: {
  id: string;
  label: string;
  value: string | null;
  type?: "text" | "number" | "email" | "date" | "url";
  placeholder?: string;
  maxLength?: number;
  onSave: (value: string | null) => void;
}) {
  const [draft, setDraft] = useState(props.value ?? "");
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setDraft(props.value ?? "");
  }, [props.value, editing]);
  return (
    <div class="crm-field">
      <label class="panel-label" for={props.id}>
        {props.label}
      </label>
      <input
        id={props.id}
        class="input input-sm"
        type={(props.type ?? "text") as "text"}
        value={draft}
        placeholder={props.placeholder}
        maxLength={props.maxLength ?? 200}
        onFocus={() => setEditing(true)}
        onInput={(e) => setDraft(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") e.currentTarget.blur();
        }}
        onBlur={() => {
          setEditing(false);
          const next = draft.trim() || null;
          if (next !== (props.value ?? null)) props.onSave(next);
        }}
      />
    </div>
  );
}

function CustomFieldInput({ field, contact }: { field: CustomField; contact: ContactView }) {
  const value = contact.customFields[field.key];
  const id = `cf-${contact.id}-${field.key}`;
  const save = (v: unknown) => void saveContact(contact, { customFields: { [field.key]: v as never } });
  if (field.type === "boolean") {
    return (
      <div class="crm-field">
        <label class="panel-label" for={id}>
          {field.label}
        </label>
        <select
          id={id}
          class="select select-sm"
          value={value === undefined ? "" : String(value)}
          onChange={(e) => save(e.currentTarget.value === "" ? null : e.currentTarget.value === "true")}
        >
          <option value="">—</option>
          <option value="true">Yes</option>
          <option value="false">No</option>
        </select>
      </div>
    );
  }
  if (field.type === "select") {
    return (
      <div class="crm-field">
        <label class="panel-label" for={id}>
          {field.label}
        </label>
        <select
          id={id}
          class="select select-sm"
          value={typeof value === "string" ? value : ""}
          onChange={(e) => save(e.currentTarget.value || null)}
        >
          <option value="">—</option>
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </div>
    );
  }
  if (field.type === "multiselect") {
    return (
      <div class="crm-field">
        <span class="panel-label">{field.label}</span>
        <TagInput
          label={field.label}
          value={Array.isArray(value) ? value : []}
          suggestions={field.options}
          onChange={(next) => save(next.length ? next : null)}
          placeholder="Pick…"
        />
      </div>
    );
  }
  const text = value === undefined ? null : String(value);
  return (
    <TextField
      id={id}
      label={field.label}
      value={text}
      type={field.type === "number" ? "number" : field.type === "date" ? "date" : field.type === "url" ? "url" : "text"}
      onSave={(v) => save(v === null ? null : field.type === "number" ? Number(v) : v)}
    />
  );
}

function Marketing({ contact }: { contact: ContactView }) {
  const [basis, setBasis] = useState("");
  const status = contact.marketingStatus;
  return (
    <div class="crm-field crm-marketing">
      <span class="panel-label">Marketing</span>
      <p class="crm-marketing-status">
        {status === "opted_in" && (
          <span class="badge badge-success" title={contact.marketingOptInAt ? exactTime(contact.marketingOptInAt) : undefined}>
            Opted in{contact.marketingOptInBasis ? `: ${contact.marketingOptInBasis}` : ""}
          </span>
        )}
        {status === "opted_out" && (
          <span class="badge badge-warning" title={contact.marketingOptOutAt ? exactTime(contact.marketingOptOutAt) : undefined}>
            Opted out{contact.marketingOptOutSource ? ` (${contact.marketingOptOutSource})` : ""}
          </span>
        )}
        {status === "unknown" && <span class="badge">No consent recorded</span>}
      </p>
      {status !== "opted_in" && (
        <form
          class="crm-inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (basis.trim())
              void saveContact(contact, { marketing: { status: "opted_in", basis: basis.trim() } }).then(() => setBasis(""));
          }}
        >
          <input
            class="input input-sm"
            value={basis}
            onInput={(e) => setBasis(e.currentTarget.value)}
            placeholder="How they agreed (basis)"
            aria-label="Opt-in basis"
            maxLength={500}
          />
          <button class="btn btn-sm" type="submit" disabled={!basis.trim()}>
            Opt in
          </button>
        </form>
      )}
      {status !== "opted_out" && (
        <button
          class="btn btn-ghost btn-sm"
          type="button"
          onClick={() => void saveContact(contact, { marketing: { status: "opted_out" } })}
        >
          Opt out of marketing
        </button>
      )}
    </div>
  );
}

export function ContactFields({ contact, compact = false }: { contact: ContactView; compact?: boolean }) {
  const p = `c-${contact.id}`;
  const save = (patch: ContactPatch) => void saveContact(contact, patch);
  const labelNames = orgLabels.value.map((l) => l.name);
  return (
    <div class={`crm-fields ${compact ? "crm-fields-compact" : ""}`}>
      <div class="crm-field">
        <label class="panel-label" for={`${p}-stage`}>
          Lifecycle stage
        </label>
        <select
          id={`${p}-stage`}
          class="select select-sm"
          value={contact.stage ?? stages.value[0]?.key ?? ""}
          onChange={(e) => save({ stage: e.currentTarget.value })}
        >
          {stages.value.map((s) => (
            <option key={s.key} value={s.key}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      <TextField
        id={`${p}-score`}
        label="Lead score (0–100)"
        type="number"
        value={contact.leadScore === null ? null : String(contact.leadScore)}
        onSave={(v) => save({ leadScore: v === null ? null : Math.round(Number(v)) })}
      />
      <div class="crm-field">
        <label class="panel-label" for={`${p}-owner`}>
          Owner
        </label>
        <select
          id={`${p}-owner`}
          class="select select-sm"
          value={contact.ownerId ?? ""}
          onChange={(e) => save({ ownerId: e.currentTarget.value || null })}
        >
          <option value="">Nobody</option>
          {members.value.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </div>
      <TextField id={`${p}-email`} label="Email" type="email" value={contact.email} onSave={(v) => save({ email: v })} />
      <TextField
        id={`${p}-language`}
        label="Language"
        value={contact.language}
        placeholder="e.g. pt-PT"
        onSave={(v) => save({ language: v })}
      />
      <div class="crm-field">
        <span class="panel-label">Labels</span>
        <TagInput
          label="Contact labels"
          value={contact.labels}
          suggestions={labelNames}
          onChange={(labels) => save({ labels })}
          placeholder={labelNames.length ? "Add a label" : "No labels defined"}
        />
      </div>
      {customFields.value.map((f) => (
        <CustomFieldInput key={f.id} field={f} contact={contact} />
      ))}
      {!compact && (
        <>
          <TextField
            id={`${p}-street`}
            label="Street"
            value={contact.address?.street ?? null}
            onSave={(v) => save({ address: { ...contact.address, street: v ?? undefined } })}
          />
          <TextField
            id={`${p}-city`}
            label="City"
            value={contact.address?.city ?? null}
            onSave={(v) => save({ address: { ...contact.address, city: v ?? undefined } })}
          />
          <TextField
            id={`${p}-postal`}
            label="Postal code"
            value={contact.address?.postalCode ?? null}
            onSave={(v) => save({ address: { ...contact.address, postalCode: v ?? undefined } })}
          />
          <TextField
            id={`${p}-country`}
            label="Country (ISO code)"
            value={contact.address?.country ?? null}
            maxLength={2}
            onSave={(v) => save({ address: { ...contact.address, country: v?.toUpperCase() ?? undefined } })}
          />
        </>
      )}
      <Marketing contact={contact} />
    </div>
  );
}
