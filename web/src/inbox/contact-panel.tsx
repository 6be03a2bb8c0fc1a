/**
 * The customer beside the chat: the name the team gives them, their WhatsApp name and number, tags and
 * notes (saved as they are edited), the conversation's labels, and the CRM's fields (stage, score, owner,
 * custom fields, consent) edited in place. Other agents' edits arrive live through the contact store.
 */
import { useEffect, useState } from "preact/hooks";
import type { ConversationSummary } from "../../../durable/protocol";
import { AiPanel } from "../ai/ai-panel";
import { messageOf } from "../api/client";
import { crmApi, type ContactPatch, type ContactView } from "../api/crm";
import { ContactFields } from "../crm/contact-fields";
import { contactOf, rememberContact } from "../crm/contact-live";
import { loadCrmMeta } from "../crm/crm-meta";
import "../styles/crm.css";
import { ContactCommerce } from "../commerce/contact-commerce";
import { CopyButton } from "../components/copy-button";
import { CloseIcon } from "../components/icons";
import { toast } from "../components/toasts";
import { exactTime, now, relativeTime } from "../format/time";
import { ContactAvatar } from "./contact-avatar";
import { contactName, phoneLabel } from "./contact-name";
import { ContactSignals } from "./contact-signals";
import { saveLabels } from "./conversation-actions";
import type { InboxList } from "./inbox-list";
import { memberName } from "./members";
import type { OpenConversation } from "./open-conversation";
import { toggleContactPanel } from "./panel-state";
import { TagInput } from "./tag-input";

function useContact(summary: ConversationSummary | null) {
  const contactId = summary?.contact.id;
  useEffect(() => {
    void loadCrmMeta();
    if (!contactId) return;
    crmApi.get(contactId).then(
      (r) => rememberContact(r.contact),
      () => undefined,
    );
  }, [contactId]);
  const contact = contactId ? (contactOf(contactId) ?? null) : null;
  return [contact, (c: ContactView) => rememberContact(c)] as const;
}

export function ContactPanel({ list, conv }: { list: InboxList; conv: OpenConversation }) {
  const summary = conv.summary.value;
  const [contact, setContact] = useContact(summary);
  const [name, setName] = useState("");
  const [notes, setNotes] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  // Follows the stored value (another agent's edit) unless this agent is typing in the field.
  const [editing, setEditing] = useState<string | null>(null);
  useEffect(() => {
    if (editing !== "name") setName(contact?.displayName ?? "");
  }, [contact?.id, contact?.displayName]);
  useEffect(() => {
    if (editing !== "notes") setNotes(contact?.notes ?? "");
  }, [contact?.id, contact?.notes]);

  async function patch(change: ContactPatch, what: string) {
    if (!contact) return;
    try {
      const { contact: updated } = await crmApi.update(contact.id, change);
      setContact(updated);
      setSaved(what);
      // The list shows the team's name for the contact; the server does not push contact edits.
      if (summary && "displayName" in change) {
        const row = { ...summary, contact: { ...summary.contact, name: updated.displayName ?? updated.profileName } };
        conv.acceptSummary(row);
        list.accept(row);
      }
    } catch (err) {
      toast(messageOf(err), "error");
    }
  }

  if (!summary) return <aside class="contact-panel" aria-label="Contact" />;
  const display = contactName(summary);
  const phone = phoneLabel(summary.contact.waId);
  const closes = summary.windowClosesAt;
  return (
    <aside class="contact-panel" aria-label="Contact">
      <header class="panel-head">
        <h2>Contact</h2>
        <button type="button" class="btn btn-ghost btn-icon btn-sm" onClick={toggleContactPanel} aria-label="Close contact details">
          <CloseIcon />
        </button>
      </header>
      <div class="panel-body">
        <div class="panel-hero">
          <ContactAvatar name={display} id={summary.contact.id} size="lg" />
          <strong class="panel-name">{display}</strong>
          {phone && (
            <span class="panel-phone">
              <span class="mono">{phone}</span>
              <CopyButton value={phone} what="Phone number" label="" class="btn btn-ghost btn-icon btn-sm" />
            </span>
          )}
        </div>
        <ContactSignals conversationId={summary.id} contact={contact} />
        <section class="panel-section">
          <label class="panel-label" for="contact-name">
            Name
          </label>
          <input
            id="contact-name"
            class="input input-sm"
            value={name}
            placeholder={contact?.profileName ?? "Name this contact"}
            maxLength={100}
            disabled={!contact}
            onFocus={() => setEditing("name")}
            onInput={(e) => setName(e.currentTarget.value)}
            onKeyDown={(e) => e.key === "Enter" && e.currentTarget.blur()}
            onBlur={() => {
              setEditing(null);
              const next = name.trim() || null;
              if (contact && next !== (contact.displayName ?? null)) void patch({ displayName: next }, "name");
            }}
          />
          {contact?.profileName && <p class="field-hint">On WhatsApp: {contact.profileName}</p>}
        </section>
        <section class="panel-section">
          <h3 class="panel-label">Tags</h3>
          <TagInput
            label="Tags"
            value={contact?.tags ?? summary.contact.tags}
            onChange={(tags) => void patch({ tags }, "tags")}
            placeholder="Add a tag"
            max={30}
            disabled={!contact}
          />
        </section>
        {contact && (
          <section class="panel-section" aria-label="CRM fields">
            <ContactFields contact={contact} compact />
            <a class="btn btn-ghost btn-sm" href={`/contacts/${encodeURIComponent(contact.id)}`}>
              Open contact page
            </a>
          </section>
        )}
        <section class="panel-section">
          <h3 class="panel-label">Conversation labels</h3>
          <TagInput
            label="Conversation labels"
            value={summary.labels}
            onChange={(labels) => void saveLabels(list, conv, labels)}
            suggestions={list.labels.value}
            placeholder="Add a label"
          />
        </section>
        <section class="panel-section">
          <label class="panel-label" for="contact-notes">
            Notes
          </label>
          <textarea
            id="contact-notes"
            class="input panel-notes"
            rows={4}
            value={notes}
            maxLength={8000}
            placeholder="Anything the team should know about this customer"
            disabled={!contact}
            onFocus={() => setEditing("notes")}
            onInput={(e) => setNotes(e.currentTarget.value)}
            onBlur={() => {
              setEditing(null);
              if (contact && notes !== (contact.notes ?? "")) void patch({ notes: notes || null }, "notes");
            }}
          />
          <p class="field-hint" role="status">
            {saved ? `Saved ${saved}.` : "Saved when you leave the field."}
          </p>
        </section>
        <ContactCommerce contactId={summary.contact.id} conversationId={summary.id} />
        <AiPanel summary={summary} />
        <section class="panel-section">
          <h3 class="panel-label">Details</h3>
          <dl class="dl panel-dl">
            <dt>Assigned</dt>
            <dd>{summary.assigneeId ? memberName(summary.assigneeId) : "Nobody"}</dd>
            <dt>Window</dt>
            <dd title={closes ? exactTime(closes) : undefined}>
              {closes && closes > now.value ? `Open, closes ${relativeTime(closes, now.value)}` : "Closed: templates only"}
            </dd>
            <dt>Messages</dt>
            <dd>{summary.messageCount}</dd>
            {contact && (
              <>
                <dt>Customer since</dt>
                <dd>{relativeTime(contact.createdAt, now.value)}</dd>
              </>
            )}
          </dl>
        </section>
      </div>
    </aside>
  );
}
