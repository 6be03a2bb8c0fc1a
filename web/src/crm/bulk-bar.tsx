/** Actions on the selected contacts: tag, label, stage, owner, opt-out, add to segment, delete (admins). */
import { useState } from "preact/hooks";
import { messageOf } from "../api/client";
import { crmApi, type BulkAction, type Segment } from "../api/crm";
import { toast } from "../components/toasts";
import { members } from "../inbox/members";
import { orgLabels, stages } from "./crm-meta";

type Kind = BulkAction["type"];
const KINDS: { kind: Kind; label: string; admin?: boolean }[] = [
  { kind: "addTag", label: "Add tag" },
  { kind: "removeTag", label: "Remove tag" },
  { kind: "addLabel", label: "Add label" },
  { kind: "removeLabel", label: "Remove label" },
  { kind: "setStage", label: "Move to stage" },
  { kind: "setOwner", label: "Set owner" },
  { kind: "optOut", label: "Opt out of marketing" },
  { kind: "addToSegment", label: "Add to segment" },
  { kind: "delete", label: "Delete", admin: true },
];

function actionOf(kind: Kind, value: string): BulkAction | null {
  switch (kind) {
    case "addTag":
    case "removeTag":
      return value.trim() ? { type: kind, tag: value.trim() } : null;
    case "addLabel":
    case "removeLabel":
      return value ? { type: kind, label: value } : null;
    case "setStage":
      return value ? { type: kind, stage: value } : null;
    case "setOwner":
      return { type: kind, ownerId: value || null };
    case "addToSegment":
      return value ? { type: kind, segmentId: value } : null;
    default:
      return { type: kind };
  }
}

export function BulkBar(props: {
  ids: string[];
  segments: Segment[];
  admin: boolean;
  onDone: (count: number) => void;
  onClear: () => void;
}) {
  const [kind, setKind] = useState<Kind>("addTag");
  const [value, setValue] = useState("");
  const [busy, setBusy] = useState(false);
  const action = actionOf(kind, value);
  async function apply() {
    if (!action) return;
    if (kind === "delete" && !confirm(`Delete ${props.ids.length} contact(s) and their conversations? This cannot be undone.`)) return;
    setBusy(true);
    try {
      const { count } = await crmApi.bulk({ ids: props.ids }, action);
      toast(`${count} contact(s) changed.`, "success");
      props.onDone(count);
    } catch (err) {
      toast(messageOf(err), "error");
    } finally {
      setBusy(false);
    }
  }
  const options = (list: { value: string; label: string }[], empty?: string) => (
    <select class="select select-sm" aria-label="Value" value={value} onChange={(e) => setValue(e.currentTarget.value)}>
      {empty !== undefined && <option value="">{empty}</option>}
      {list.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
  return (
    <div class="crm-bulk" role="region" aria-label="Bulk actions">
      <strong>{props.ids.length} selected</strong>
      <select
        class="select select-sm"
        aria-label="Action"
        value={kind}
        onChange={(e) => {
          setKind(e.currentTarget.value as Kind);
          setValue("");
        }}
      >
        {KINDS.filter((k) => props.admin || !k.admin).map((k) => (
          <option key={k.kind} value={k.kind}>
            {k.label}
          </option>
        ))}
      </select>
      {(kind === "addTag" || kind === "removeTag") && (
        <input class="input input-sm" aria-label="Tag" placeholder="Tag" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
      )}
      {(kind === "addLabel" || kind === "removeLabel") &&
        options(
          orgLabels.value.map((l) => ({ value: l.name, label: l.name })),
          "Pick a label",
        )}
      {kind === "setStage" &&
        options(
          stages.value.map((s) => ({ value: s.key, label: s.name })),
          "Pick a stage",
        )}
      {kind === "setOwner" &&
        options(
          members.value.map((m) => ({ value: m.id, label: m.name })),
          "Nobody",
        )}
      {kind === "addToSegment" &&
        options(
          props.segments.map((s) => ({ value: s.id, label: s.name })),
          "Pick a segment",
        )}
      <button
        type="button"
        class={`btn btn-sm ${kind === "delete" ? "btn-danger" : "btn-primary"}`}
        disabled={!action || busy}
        onClick={() => void apply()}
      >
        Apply
      </button>
      <button type="button" class="btn btn-ghost btn-sm" onClick={props.onClear}>
        Clear selection
      </button>
    </div>
  );
}
