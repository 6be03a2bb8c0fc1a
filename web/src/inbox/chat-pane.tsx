/**
 * The open conversation: header, history, who is replying, and the composer. Files dropped anywhere on
 * it are attached; the template picker is loaded the first time it is needed.
 */
import { useSignal } from "@preact/signals";
import type { FunctionComponent } from "preact";
import { useState } from "preact/hooks";
import type { Message } from "../../../durable/protocol";
import { Alert } from "../components/alert";
import { toast } from "../components/toasts";
import { now } from "../format/time";
import { ChatHeader } from "./chat-header";
import { addFiles, Composer } from "./composer";
import { contactName } from "./contact-name";
import type { InboxList } from "./inbox-list";
import { MessageList } from "./message-list";
import type { OpenConversation } from "./open-conversation";
import { sendTemplate } from "./send";
import type TemplatePickerType from "./template-picker";
import { PushOffer } from "../push/push-offer";
import { TypingLine } from "./typing-line";
import { useMarkRead } from "./use-mark-read";

type PickerProps = Parameters<typeof TemplatePickerType>[0];
let Picker: FunctionComponent<PickerProps> | null = null;

const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes("Files");

export function ChatPane({ list, conv, onBack }: { list: InboxList; conv: OpenConversation; onBack: () => void }) {
  const files = useSignal<File[]>([]);
  const replyTo = useSignal<Message | null>(null);
  const [pickerOpen, setPickerOpen] = useState(false);
  const [dragging, setDragging] = useState(false);
  useMarkRead(list, conv);

  const summary = conv.summary.value;
  const name = summary ? contactName(summary) : "";
  const canRespond = !!summary?.windowClosesAt && summary.windowClosesAt > now.value;

  async function openTemplates() {
    if (!Picker) {
      try {
        Picker = (await import("./template-picker")).default;
      } catch {
        toast("Could not load the templates. Check your connection.", "error");
        return;
      }
    }
    setPickerOpen(true);
  }

  return (
    <section
      class={`chat ${dragging ? "is-dragging" : ""}`}
      aria-label={name ? `Conversation with ${name}` : "Conversation"}
      onDragEnter={(e) => {
        if (hasFiles(e) && canRespond) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragOver={(e) => {
        if (hasFiles(e) && canRespond) e.preventDefault();
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target || !e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDragging(false);
        if (canRespond) addFiles(files, [...(e.dataTransfer?.files ?? [])]);
      }}
    >
      <ChatHeader list={list} conv={conv} onBack={onBack} />
      {conv.status.value === "error" ? (
        <div class="chat-error">
          <Alert>{conv.error.value ?? "This conversation could not be loaded."}</Alert>
        </div>
      ) : conv.status.value === "loading" ? (
        <div class="messages-wrap" aria-busy="true" aria-label="Loading messages">
          <div class="messages loading-messages">
            <div class="skeleton skeleton-bubble-in" />
            <div class="skeleton skeleton-bubble-out" />
            <div class="skeleton skeleton-bubble-in" />
          </div>
        </div>
      ) : (
        <MessageList conv={conv} canRespond={canRespond} contactName={name} onReply={(m) => (replyTo.value = m)} />
      )}
      <TypingLine conv={conv} />
      <PushOffer />
      <Composer conv={conv} contactName={name || "the customer"} files={files} replyTo={replyTo} onTemplates={() => void openTemplates()} />
      {dragging && (
        <div class="drop-overlay" aria-hidden="true">
          Drop files to attach them
        </div>
      )}
      {pickerOpen && Picker && <Picker contactName={name} onSend={(t) => sendTemplate(conv, t)} onClose={() => setPickerOpen(false)} />}
    </section>
  );
}
