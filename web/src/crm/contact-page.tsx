/** /contacts/:id: every field editable in place, live; the timeline; one click to the conversation. */
import { useEffect, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { messageOf } from "../api/client";
import { crmApi, type Timeline, type TimelineEvent, type TimelineOrder } from "../api/crm";
import { Alert } from "../components/alert";
import { ContactCommerce } from "../commerce/contact-commerce";
import { liveOrders, orderStatusLabels } from "../commerce/order-live";
import { formatMinor } from "../format/money";
import { MessageIcon } from "../components/icons";
import { LoadingRows, Page } from "../components/page";
import { exactTime, now, relativeTime } from "../format/time";
import { ContactAvatar } from "../inbox/contact-avatar";
import { phoneLabel } from "../inbox/contact-name";
import { loadMembers, memberName } from "../inbox/members";
import { TagInput } from "../inbox/tag-input";
import { displayName } from "./columns";
import { ContactFields, saveContact } from "./contact-fields";
import { contactOf, mergedInto, rememberContact, removedContacts } from "./contact-live";
import { loadCrmMeta, stageName } from "./crm-meta";
import { useContactFrames } from "./org-socket";
import { CrmTabs } from "./crm-tabs";
import { EraseContact } from "./erase-contact";

function describe(e: TimelineEvent): string {
  const d = e.detail;
  switch (e.kind) {
    case "stage":
      return `Stage: ${stageName(String(d.from))} → ${stageName(String(d.to))}`;
    case "opt_in":
      return `Opted in to marketing (${String(d.source)}): ${String(d.basis ?? "")}`;
    case "opt_out":
      return `Opted out of marketing (${String(d.source)})`;
    case "owner":
      return d.to ? `Owner: ${memberName(String(d.to))}` : "Owner removed";
    case "lead_score":
      return `Lead score: ${d.from ?? "—"} → ${d.to ?? "—"}`;
    case "merge":
      return `Merged in ${String(d.mergedName ?? d.mergedWaId ?? d.mergedEmail ?? d.mergedId)}`;
    default:
      return e.kind;
  }
}

/** What happened to the contact and to their orders, as one list, newest first. */
const happenings = (t: Timeline): (TimelineEvent | TimelineOrder)[] => [...t.events, ...t.orders].sort((a, b) => b.at - a.at);

function OrderMove({ e }: { e: TimelineOrder }) {
  return (
    <>
      <a href={`/orders?order=${encodeURIComponent(e.orderId)}`}>Order #{e.number}</a> {orderStatusLabels[e.toStatus].toLowerCase()} ·{" "}
      {formatMinor(e.totalMinor, e.currency)}
    </>
  );
}

export default function ContactPage() {
  useContactFrames();
  const { params } = useRoute();
  const id = params["id"] ?? "";
  const [error, setError] = useState<string | null>(null);
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  // An order of theirs moving (another agent, a paid link) reaches the timeline live.
  const ordersChanged = Math.max(0, ...[...liveOrders.value.values()].filter((o) => o.contactId === id).map((o) => o.updatedAt));
  useEffect(() => {
    crmApi.timeline(id).then(setTimeline, () => undefined);
  }, [id, ordersChanged]);
  useEffect(() => {
    void loadCrmMeta();
    void loadMembers();
    crmApi.get(id).then(
      (r) => rememberContact(r.contact),
      (err) => setError(messageOf(err)),
    );
  }, [id]);
  const contact = contactOf(id);
  if (removedContacts.value.has(id)) {
    const into = mergedInto.value.get(id);
    return (
      <Page title="Contact">
        <Alert tone="info">
          {into ? (
            <>
              This contact was merged into another. <a href={`/contacts/${into}`}>Open that contact</a>
            </>
          ) : (
            "This contact was deleted."
          )}
        </Alert>
      </Page>
    );
  }
  if (error) return <Page title="Contact">{<Alert>{error}</Alert>}</Page>;
  if (!contact) return <Page title="Contact">{<LoadingRows rows={4} />}</Page>;
  const name = displayName(contact);
  const conversation = timeline?.conversations[0];
  return (
    <Page title={name} actions={<CrmTabs />}>
      <div class="crm-contact">
        <section class="card crm-contact-main">
          <div class="card-body">
            <div class="crm-hero">
              <ContactAvatar name={name} id={contact.id} size="lg" />
              <div>
                <input
                  class="input crm-hero-name"
                  aria-label="Name"
                  value={contact.displayName ?? ""}
                  placeholder={contact.profileName ?? "Name this contact"}
                  onChange={(e) => void saveContact(contact, { displayName: e.currentTarget.value.trim() || null })}
                />
                <p class="muted">
                  {contact.numbers.map((n, i) => (
                    <span key={n} class={`mono ${i ? "crm-old-number" : ""}`} title={i ? "An earlier number" : "Current number"}>
                      {phoneLabel(n)}
                      {i < contact.numbers.length - 1 ? " · " : ""}
                    </span>
                  ))}
                  {contact.profileName && ` · On WhatsApp: ${contact.profileName}`}
                </p>
              </div>
              {conversation && (
                <a class="btn btn-primary btn-sm" href={`/inbox/${encodeURIComponent(conversation.id)}`}>
                  <MessageIcon /> Open conversation
                </a>
              )}
            </div>
            <ContactFields contact={contact} />
            <div class="crm-field">
              <span class="panel-label">Tags</span>
              <TagInput
                label="Tags"
                value={contact.tags}
                onChange={(tags) => void saveContact(contact, { tags })}
                placeholder="Add a tag"
                max={30}
              />
            </div>
            <div class="crm-field">
              <label class="panel-label" for="crm-notes">
                Notes
              </label>
              <textarea
                id="crm-notes"
                class="input"
                rows={4}
                value={contact.notes ?? ""}
                maxLength={8000}
                onChange={(e) => void saveContact(contact, { notes: e.currentTarget.value || null })}
              />
            </div>
            <EraseContact id={contact.id} name={name} conversations={contact.conversationCount} />
          </div>
        </section>
        <aside class="card crm-timeline" aria-label="Timeline">
          <div class="card-header">
            <h2>Activity</h2>
          </div>
          <div class="card-body">
            <dl class="dl">
              <dt>Added</dt>
              <dd title={exactTime(contact.createdAt)}>{relativeTime(contact.createdAt, now.value)}</dd>
              <dt>Last message from them</dt>
              <dd>{contact.lastInboundAt ? relativeTime(contact.lastInboundAt, now.value) : "—"}</dd>
              <dt>Last message to them</dt>
              <dd>{contact.lastOutboundAt ? relativeTime(contact.lastOutboundAt, now.value) : "—"}</dd>
              <dt>Conversations</dt>
              <dd>{contact.conversationCount}</dd>
            </dl>
            <ContactCommerce contactId={contact.id} conversationId={conversation?.id} />
            <ol class="crm-events">
              {timeline?.conversations.map((c) => (
                <li key={c.id}>
                  <a href={`/inbox/${encodeURIComponent(c.id)}`}>Conversation ({c.messageCount} messages)</a>
                  <span class="muted"> {c.lastMessagePreview ?? ""}</span>
                  {c.lastMessageAt && <time class="muted"> · {relativeTime(c.lastMessageAt, now.value)}</time>}
                </li>
              ))}
              {timeline &&
                happenings(timeline).map((e) => (
                  <li key={e.id}>
                    {"orderId" in e ? <OrderMove e={e} /> : describe(e)}
                    <time class="muted" title={exactTime(e.at)}>
                      {" "}
                      · {relativeTime(e.at, now.value)}
                      {e.byUserId ? ` by ${memberName(e.byUserId)}` : ""}
                    </time>
                  </li>
                ))}
            </ol>
          </div>
        </aside>
      </div>
    </Page>
  );
}
