/** /contacts/duplicates (admins): pairs that are likely one customer (same number, same email, same name with a similar number), each to review and merge. */
import { useEffect, useState } from "preact/hooks";
import { messageOf } from "../api/client";
import { crmApi, type DuplicatePair } from "../api/crm";
import { Alert } from "../components/alert";
import { LoadingRows, Page } from "../components/page";
import { phoneLabel } from "../inbox/contact-name";
import { CrmTabs } from "./crm-tabs";
import { removedContacts } from "./contact-live";
import { useContactFrames } from "./org-socket";

const REASON: Record<DuplicatePair["reason"], string> = { phone: "Same number", email: "Same email", name: "Same name, similar number" };

export default function DuplicatesPage() {
  useContactFrames();
  const [pairs, setPairs] = useState<DuplicatePair[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    crmApi.duplicates().then(
      (r) => setPairs(r.pairs),
      (err) => setError(messageOf(err)),
    );
  }, []);
  // A pair another admin merged meanwhile drops out live.
  const removed = removedContacts.value;
  const shown = pairs?.filter((p) => !removed.has(p.a.id) && !removed.has(p.b.id));
  return (
    <Page title="Duplicates" actions={<CrmTabs />}>
      <p class="muted">Contacts that are probably the same customer. Review a pair to choose what the merged contact keeps.</p>
      {error && <Alert>{error}</Alert>}
      {!shown ? (
        <LoadingRows rows={4} />
      ) : shown.length ? (
        <ul class="dup-list">
          {shown.map((p) => (
            <li key={`${p.a.id}-${p.b.id}`} class="card dup-pair">
              <span class="badge badge-warning">{REASON[p.reason]}</span>
              <div class="dup-people">
                <Person c={p.a} />
                <Person c={p.b} />
              </div>
              <a class="btn btn-sm" href={`/contacts/merge?keep=${encodeURIComponent(p.a.id)}&merge=${encodeURIComponent(p.b.id)}`}>
                Review and merge
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p class="empty">No likely duplicates.</p>
      )}
    </Page>
  );
}

function Person({ c }: { c: DuplicatePair["a"] }) {
  return (
    <div class="dup-person">
      <a href={`/contacts/${c.id}`}>
        <strong>{c.name || (c.waId ? phoneLabel(c.waId) : c.email) || "Unnamed"}</strong>
      </a>
      <span class="muted">
        {[c.waId && phoneLabel(c.waId), c.email, `${c.conversationCount} conversation${c.conversationCount === 1 ? "" : "s"}`]
          .filter(Boolean)
          .join(" · ")}
      </span>
    </div>
  );
}
