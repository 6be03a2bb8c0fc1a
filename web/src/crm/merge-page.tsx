/**
 * /contacts/merge?keep=A&merge=B (admins): the two contacts side by side; for each field where they
 * differ, which value the merged contact keeps (the kept contact's by default, the other's where it has
 * none); tags, labels and numbers are united; the other's conversations, orders and history move over.
 */
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ApiError, messageOf } from "../api/client";
import { crmApi, type ContactView } from "../api/crm";
import { Alert } from "../components/alert";
import { ConfirmDialog } from "../components/confirm-dialog";
import { LoadingRows, Page } from "../components/page";
import { phoneLabel } from "../inbox/contact-name";
import { memberName, loadMembers } from "../inbox/members";
import { displayName } from "./columns";
import { customFields, loadCrmMeta, stageName } from "./crm-meta";
import { CrmTabs } from "./crm-tabs";

type Side = "survivor" | "other";
interface Row {
  key: string;
  label: string;
  show: (c: ContactView) => string;
}

const text = (v: unknown) => (v === null || v === undefined || v === "" ? "" : Array.isArray(v) ? v.join(", ") : String(v));
const address = (c: ContactView) =>
  [c.address?.street, c.address?.postalCode, c.address?.city, c.address?.country].filter(Boolean).join(", ");
/** The name and what tells the two apart when their names are the same. */
const who = (c: ContactView) => `${displayName(c)} (${c.waId ? phoneLabel(c.waId) : (c.email ?? "no number")})`;
const consent = (c: ContactView) => ({ opted_in: "Opted in", opted_out: "Opted out", unknown: "Not asked" })[c.marketingStatus];

function rows(): Row[] {
  return [
    { key: "displayName", label: "Name", show: (c) => text(c.displayName) },
    { key: "email", label: "Email", show: (c) => text(c.email) },
    { key: "address", label: "Address", show: address },
    { key: "language", label: "Language", show: (c) => text(c.language) },
    { key: "stage", label: "Stage", show: (c) => stageName(c.stage) },
    { key: "leadScore", label: "Lead score", show: (c) => text(c.leadScore) },
    { key: "ownerId", label: "Owner", show: (c) => (c.ownerId ? memberName(c.ownerId) : "") },
    { key: "notes", label: "Notes", show: (c) => text(c.notes) },
    { key: "marketing", label: "Marketing consent", show: consent },
    ...customFields.value.map((f) => ({ key: `custom.${f.key}`, label: f.label, show: (c: ContactView) => text(c.customFields[f.key]) })),
  ];
}

export default function MergePage() {
  const { query, route } = useLocation();
  const [ids, setIds] = useState<[string, string]>([query.keep ?? "", query.merge ?? ""]);
  const [pair, setPair] = useState<Record<string, ContactView> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pick, setPick] = useState<Record<string, Side>>({});
  const [confirming, setConfirming] = useState(false);
  /** Set when the server refused a merge because someone edited one of the two meanwhile. */
  const [stale, setStale] = useState<string | null>(null);
  const load = () =>
    Promise.all(ids.map((id) => crmApi.get(id))).then(
      ([a, b]) => setPair({ [a!.contact.id]: a!.contact, [b!.contact.id]: b!.contact }),
      (err) => setError(messageOf(err)),
    );
  useEffect(() => {
    void loadCrmMeta();
    void loadMembers();
    void load();
  }, []);
  if (error || !ids[0] || !ids[1]) return <Page title="Merge contacts">{<Alert>{error ?? "Choose two contacts to merge."}</Alert>}</Page>;
  if (!pair) return <Page title="Merge contacts">{<LoadingRows rows={6} />}</Page>;
  const keep = pair[ids[0]]!;
  const other = pair[ids[1]]!;
  const conflicts = rows().filter((r) => r.show(keep) !== r.show(other) && r.show(other) !== "");
  // As the server decides without a pick: the kept contact's value, unless it has none.
  const chosen = (r: Row): Side => pick[r.key] ?? (r.show(keep) === "" ? "other" : "survivor");
  const swap = () => {
    setIds([ids[1], ids[0]]);
    setPick({});
  };

  async function merge() {
    const body = Object.fromEntries(conflicts.map((r) => [r.key, chosen(r)]));
    try {
      const { contact } = await crmApi.merge(keep, other, body);
      route(`/contacts/${contact.id}`);
    } catch (err) {
      if (!(err instanceof ApiError && err.code === "contact_changed")) throw err;
      // Show what they hold now and let the user choose again; nothing was merged.
      const edited = err.details?.contactId === other.id ? other : keep;
      setConfirming(false);
      await load();
      setStale(
        `${displayName(edited)} was edited by someone else meanwhile, so nothing was merged. The values below are the current ones: check your choices and merge again.`,
      );
    }
  }

  return (
    <Page title="Merge contacts" actions={<CrmTabs />}>
      <section class="card merge-card">
        <div class="card-header">
          <h2>
            Keep <strong>{who(keep)}</strong>, merge <strong>{who(other)}</strong> into it
          </h2>
          <button type="button" class="btn btn-sm" onClick={swap}>
            Keep the other one instead
          </button>
        </div>
        <div class="card-body stack">
          {stale && <Alert tone="warning">{stale}</Alert>}
          <p class="muted">
            Numbers: {[...new Set([keep, other].flatMap((c) => c.numbers.map((n) => phoneLabel(n))))].join(", ") || "none"}. All are kept,
            so messages from any of them reach the merged contact. Tags ({[...new Set([...keep.tags, ...other.tags])].join(", ") || "none"})
            and labels are combined; {other.conversationCount} conversation(s), orders, notes history and segment memberships of{" "}
            {displayName(other)} move over.
          </p>
          {conflicts.length ? (
            <fieldset class="merge-fields">
              <legend>Where they differ, keep:</legend>
              {conflicts.map((r) => (
                <div key={r.key} class="merge-row" role="radiogroup" aria-label={r.label}>
                  <span class="merge-label">{r.label}</span>
                  {(["survivor", "other"] as const).map((side) => {
                    const value = r.show(side === "survivor" ? keep : other);
                    return (
                      <label key={side} class={`merge-choice ${chosen(r) === side ? "is-chosen" : ""}`}>
                        <input
                          type="radio"
                          name={r.key}
                          checked={chosen(r) === side}
                          onChange={() => setPick({ ...pick, [r.key]: side })}
                        />
                        <span>{value || <em class="muted">empty</em>}</span>
                      </label>
                    );
                  })}
                </div>
              ))}
            </fieldset>
          ) : (
            <p>Every field they both have is the same.</p>
          )}
        </div>
        <div class="card-footer cluster">
          <button type="button" class="btn btn-primary" onClick={() => setConfirming(true)}>
            Merge
          </button>
          <a class="btn btn-ghost" href="/contacts/duplicates">
            Cancel
          </a>
        </div>
      </section>
      {confirming && (
        <ConfirmDialog
          title="Merge these contacts?"
          confirmLabel="Merge"
          tone="primary"
          onConfirm={merge}
          onClose={() => setConfirming(false)}
        >
          <p>
            {displayName(other)} will be removed and everything of theirs moves to {displayName(keep)}. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </Page>
  );
}
