/**
 * The open conversation's header: who it is, who else is looking, and what to do with it (assign,
 * snooze, close or reopen, labels, mark as unread, the contact panel). On a phone, a back button.
 */
import { useState } from "preact/hooks";
import type { ConversationSummary } from "../../../durable/protocol";
import { Avatar } from "../components/avatar";
import {
  ChevronLeftIcon,
  CircleCheckIcon,
  ClockIcon,
  EyeIcon,
  MailIcon,
  MoreIcon,
  PanelRightIcon,
  ReopenIcon,
  TagIcon,
  UserPlusIcon,
} from "../components/icons";
import { Menu, type MenuItem } from "../components/menu";
import { clockTime, listStamp, now } from "../format/time";
import { currentUser } from "../session/session";
import { ConnectionIndicator, worstOf } from "./connection-indicator";
import { ContactAvatar } from "./contact-avatar";
import { contactName, phoneLabel } from "./contact-name";
import { assignTo, changeState, markUnread, saveLabels, snoozePresets } from "./conversation-actions";
import type { InboxList } from "./inbox-list";
import { LabelsDialog } from "./labels-dialog";
import { members, membersById } from "./members";
import type { OpenConversation } from "./open-conversation";
import { contactPanelOpen, toggleContactPanel } from "./panel-state";
import { SnoozeDialog } from "./snooze-dialog";

function AssignMenu({ list, conv, summary }: { list: InboxList; conv: OpenConversation; summary: ConversationSummary }) {
  const me = currentUser.value;
  const assignee = summary.assigneeId ? membersById.value.get(summary.assigneeId) : null;
  const online = list.store.online.value;
  const items: MenuItem[] = [
    ...(me && summary.assigneeId !== me.id
      ? [{ label: "Assign to me", icon: <UserPlusIcon />, onSelect: () => void assignTo(list, conv, me.id) }]
      : []),
    ...members.value.map((m, i) => ({
      label: (
        <>
          {m.name}
          {m.id === me?.id && <span class="muted"> (you)</span>}
          {online.has(m.id) && <span class="online-dot" title="Online" />}
        </>
      ),
      icon: <Avatar name={m.name} />,
      checked: summary.assigneeId === m.id,
      separated: i === 0,
      onSelect: () => void assignTo(list, conv, m.id),
    })),
    { label: "Unassign", onSelect: () => void assignTo(list, conv, null), disabled: !summary.assigneeId, separated: true },
  ];
  return (
    <Menu
      label={assignee ? `Assigned to ${assignee.name}. Change` : summary.assigneeId ? "Assigned. Change" : "Assign"}
      title="Assign (a: to me)"
      buttonClass="btn btn-sm assign-btn"
      align="end"
      button={
        <>
          {assignee ? <Avatar name={assignee.name} /> : <UserPlusIcon />}
          <span class="btn-text">
            {assignee ? (assignee.id === me?.id ? "You" : assignee.name) : summary.assigneeId ? "Assigned" : "Assign"}
          </span>
        </>
      }
      items={items}
    />
  );
}

export function ChatHeader({ list, conv, onBack }: { list: InboxList; conv: OpenConversation; onBack: () => void }) {
  const summary = conv.summary.value;
  const connection = worstOf([list.connection.value, conv.connection.value]);
  const [dialog, setDialog] = useState<"labels" | "snooze" | null>(null);
  const me = currentUser.value?.id;
  const others = conv.log.viewers.value.filter((v) => v.userId !== me);
  const viewers = [...new Map(others.map((v) => [v.userId, v])).values()];

  const back = (
    <button type="button" class="btn btn-ghost btn-icon chat-back" onClick={onBack} aria-label="Back to conversations">
      <ChevronLeftIcon />
    </button>
  );
  if (!summary) {
    return (
      <header class="chat-header">
        {back}
        <div class="chat-title">
          <div class="skeleton skeleton-2" />
        </div>
      </header>
    );
  }
  const name = contactName(summary);
  const phone = phoneLabel(summary.contact.waId);
  const snoozed = summary.state === "snoozed" && (summary.snoozedUntil ?? 0) > now.value;
  const closed = summary.state === "closed";

  return (
    <header class="chat-header">
      {back}
      <ContactAvatar name={name} id={summary.contact.id} />
      <div class="chat-title">
        <h2 class="chat-name">{name}</h2>
        <p class="chat-sub">
          {connection !== "live" && connection !== "connecting" && <ConnectionIndicator state={connection} />}
          {phone && name !== phone && <span class="mono">{phone}</span>}
          {closed && <span class="badge">Closed</span>}
          {snoozed && summary.snoozedUntil && (
            <span class="badge badge-warning">
              Snoozed until {listStamp(summary.snoozedUntil, now.value)} {clockTime(summary.snoozedUntil)}
            </span>
          )}
          {summary.labels.map((l) => (
            <span key={l} class="badge label-badge">
              {l}
            </span>
          ))}
          {viewers.length > 0 && (
            <span class="viewers" title="Also viewing this conversation">
              <EyeIcon />
              {viewers.map((v) => v.name).join(", ")}
            </span>
          )}
        </p>
      </div>
      <div class="chat-actions">
        <AssignMenu list={list} conv={conv} summary={summary} />
        {!closed && (
          <Menu
            label="Snooze"
            title="Snooze until later"
            buttonClass="btn btn-sm btn-icon-sm"
            align="end"
            button={
              <>
                <ClockIcon />
                <span class="btn-text">Snooze</span>
              </>
            }
            items={[
              ...snoozePresets().map((p) => ({
                label: p.label,
                onSelect: () => void changeState(list, conv, { state: "snoozed", snoozedUntil: p.at }),
              })),
              { label: "Pick a date and time…", onSelect: () => setDialog("snooze"), separated: true },
              ...(snoozed ? [{ label: "Unsnooze", onSelect: () => void changeState(list, conv, { state: "open" }), separated: true }] : []),
            ]}
          />
        )}
        {closed ? (
          <button type="button" class="btn btn-sm" onClick={() => void changeState(list, conv, { state: "open" })} title="Reopen (e)">
            <ReopenIcon />
            <span class="btn-text">Reopen</span>
          </button>
        ) : (
          <button type="button" class="btn btn-sm" onClick={() => void changeState(list, conv, { state: "closed" })} title="Close (e)">
            <CircleCheckIcon />
            <span class="btn-text">Close</span>
          </button>
        )}
        <Menu
          label="More actions"
          buttonClass="btn btn-ghost btn-icon btn-sm"
          align="end"
          button={<MoreIcon />}
          items={[
            { label: "Labels…", icon: <TagIcon />, onSelect: () => setDialog("labels") },
            // Like a mail client: the conversation goes back to the list, unread, until opened again.
            { label: "Mark as unread", icon: <MailIcon />, onSelect: () => void markUnread(list, conv).then((ok) => ok && onBack()) },
          ]}
        />
        <button
          type="button"
          class="btn btn-ghost btn-icon btn-sm panel-toggle"
          onClick={toggleContactPanel}
          aria-pressed={contactPanelOpen.value}
          aria-label="Contact details"
          title="Contact details (i)"
        >
          <PanelRightIcon />
        </button>
      </div>
      {dialog === "labels" && (
        <LabelsDialog
          labels={summary.labels}
          suggestions={list.labels.value}
          onSave={(labels) => saveLabels(list, conv, labels)}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === "snooze" && (
        <SnoozeDialog onSnooze={(at) => changeState(list, conv, { state: "snoozed", snoozedUntil: at })} onClose={() => setDialog(null)} />
      )}
    </header>
  );
}
