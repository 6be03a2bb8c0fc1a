/**
 * The customer beside the chat: the name the team gives them, their WhatsApp name and number, tags and
 * notes (saved as they are edited), and the conversation's labels. CRM fields arrive with the CRM.
 */
import { useEffect, useState } from "preact/hooks";
import type { ConversationSummary } from "../../../durable/protocol";
import { messageOf } from "../api/client";
import { inboxApi, type ContactPatch, type PublicContact } from "../api/inbox";
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
  const [contact, setContact] = useState<PublicContact | null>(null);
  const contactId = summary?.contact.id;
  useEffect(() => {
    setContact(null);
    if (!contactId) return;
    let live = true;
    inboxApi.contact(contactId).then(
      (r) => live && setContact(r.contact),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [contactId]);
  return [contact, setContact] as const;
}

export function ContactPanel({ list, conv }: { list: InboxList; conv: OpenConversation }) {
  const summary = conv.summary.value;
  const [contact, setContact] = useContact(summary);
  const [name, setName] = useState("");
  const [notes, setNotes] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    setName(contact?.displayName ?? "");
    setNotes(contact?.notes ?? "");
  }, [contact?.id]);

  async function patch(change: ContactPatch, what: string) {
    if (!contact) return;
    try {
      const { contact: updated } = await inboxApi.updateContact(contact.id, change);
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
            onInput={(e) => setName(e.currentTarget.value)}
            onKeyDown={(e) => e.key === "Enter" && e.currentTarget.blur()}
            onBlur={() => {
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
            onInput={(e) => setNotes(e.currentTarget.value)}
            onBlur={() => {
              if (contact && notes !== (contact.notes ?? "")) void patch({ notes: notes || null }, "notes");
            }}
          />
          <p class="field-hint" role="status">
            {saved ? `Saved ${saved}.` : "Saved when you leave the field."}
          </p>
        </section>
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
