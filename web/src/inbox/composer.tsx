/**
 * Where agents write: Enter sends, Shift+Enter breaks the line, `/` brings saved replies, files come by
 * the picker, paste or drop. Private notes stay in the team. Outside the 24-hour window it says so
 * before anyone types, and offers a template instead.
 */
import { offerPushAfterReply } from "../push/push-offer";
import type { Signal } from "@preact/signals";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import type { Message } from "../../../durable/protocol";
import { messagePreview } from "../../../durable/message-preview";
import type { CannedResponse } from "../api/inbox";
import { messageOf } from "../api/client";
import { ClockIcon, CloseIcon, FileIcon, LockIcon, PaperclipIcon, SendIcon, TemplateIcon } from "../components/icons";
import { toast } from "../components/toasts";
import { now, relativeTime } from "../format/time";
import { aiOn } from "../ai/ai-api";
import { DraftBar, draftShortcut, useDraft } from "../ai/draft-bar";
import { CannedList, cannedMatch } from "./canned-responses";
import { readDraft, saveDraft } from "./drafts";
import type { OpenConversation } from "./open-conversation";
import { sendFile, sendNote, sendText } from "./send";

const MAX_BYTES = 16 * 1024 * 1024;
let offlineToastAt = 0;
/** Once for a burst of sends written offline, not once per send. */
function offlineToast(): void {
  if (Date.now() - offlineToastAt < 15_000) return;
  offlineToastAt = Date.now();
  toast("You're offline. What you send goes out when the connection returns.");
}
const ACCEPT = "image/jpeg,image/png,image/webp,video/mp4,video/3gpp,audio/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.txt";

interface ComposerProps {
  conv: OpenConversation;
  contactName: string;
  files: Signal<File[]>;
  replyTo: Signal<Message | null>;
  onTemplates: () => void;
}

/** Adds files to the composer, refusing what WhatsApp would refuse anyway. */
export function addFiles(files: Signal<File[]>, incoming: File[]): void {
  const ok = incoming.filter((f) => {
    if (f.size > MAX_BYTES) toast(`${f.name} is larger than 16 MB, WhatsApp's limit.`, "error");
    return f.size > 0 && f.size <= MAX_BYTES;
  });
  if (ok.length) files.value = [...files.value, ...ok].slice(0, 10);
}

function Thumb({ file }: { file: File }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file.type.startsWith("image/")) return;
    const u = URL.createObjectURL(file);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [file]);
  return url ? <img class="attachment-thumb" src={url} alt="" /> : <FileIcon />;
}

function WindowClosed({
  closesAt,
  contactName,
  onTemplates,
  onNote,
}: {
  closesAt: number | null;
  contactName: string;
  onTemplates: () => void;
  onNote: () => void;
}) {
  return (
    <div class="window-closed" role="status">
      <span class="window-closed-icon">
        <ClockIcon />
      </span>
      <div class="window-closed-text">
        <strong>{closesAt ? `The 24-hour window closed ${relativeTime(closesAt, now.value)}.` : "There is no open 24-hour window."}</strong>
        <p>WhatsApp only allows approved templates until {contactName} writes again. Send a template to restart the conversation.</p>
      </div>
      <div class="window-closed-actions">
        <button type="button" class="btn btn-primary" onClick={onTemplates}>
          <TemplateIcon />
          Send a template
        </button>
        <button type="button" class="btn btn-ghost" onClick={onNote}>
          <LockIcon />
          Write a private note
        </button>
      </div>
    </div>
  );
}

export function Composer({ conv, contactName, files, replyTo, onTemplates }: ComposerProps) {
  const summary = conv.summary.value;
  const closesAt = summary?.windowClosesAt ?? null;
  const windowOpen = closesAt !== null && closesAt > now.value;
  const [mode, setMode] = useState<"reply" | "note">("reply");
  const [text, setText] = useState(() => readDraft(conv.id));
  const [caret, setCaret] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const listId = useId();

  const blocked = mode === "reply" && summary !== null && !windowOpen;
  const found = blocked ? null : cannedMatch(text, caret);
  // Escape dismisses the list for this `/word`; a new slash brings it back.
  const match = found && found.start !== dismissedAt ? found : null;
  const attached = files.value;
  const quoting = replyTo.value;

  useEffect(() => setActive(0), [match?.start, match?.items.length]);
  // "Reply" on a bubble brings the agent here.
  useEffect(() => {
    if (quoting) input.current?.focus();
  }, [quoting]);

  function update(value: string, el?: HTMLTextAreaElement) {
    setText(value);
    if (error && el) setError(null);
    setCaret(el?.selectionStart ?? value.length);
    saveDraft(conv.id, value);
  }

  function insert(r: CannedResponse) {
    if (!match) return;
    const next = text.slice(0, match.start) + r.body + text.slice(match.end);
    update(next);
    const at = match.start + r.body.length;
    requestAnimationFrame(() => {
      input.current?.setSelectionRange(at, at);
      setCaret(at);
    });
  }

  const draft = useDraft({ conversationId: conv.id, text, setText: (v) => update(v), onError: setError });

  const clear = () => update("");
  // A refused send gives its text back, unless the agent has started writing something else.
  const restore = (value: string) => {
    if (!input.current?.value.trim()) update(value);
  };

  async function submit() {
    const value = text.trim();
    if (busy || blocked || (!value && !attached.length)) return;
    setError(null);
    conv.stopTyping();
    if (mode === "note") {
      if (!value) return;
      clear();
      try {
        if ((await sendNote(conv, value)) === "queued") offlineToast();
      } catch (err) {
        restore(value);
        setError(messageOf(err));
      }
      return;
    }
    if (attached.length) {
      setBusy(true);
      let queued = false;
      try {
        for (const [i, file] of attached.entries()) {
          queued = (await sendFile(conv, file, i === 0 ? value : "")) === "queued" || queued;
          files.value = files.value.filter((f) => f !== file);
          if (i === 0) clear();
        }
        if (queued) offlineToast();
      } catch (err) {
        setError(messageOf(err));
      } finally {
        setBusy(false);
      }
      return;
    }
    const quoted = replyTo.peek();
    clear();
    replyTo.value = null;
    try {
      if ((await sendText(conv, value, quoted)) === "queued") offlineToast();
      else offerPushAfterReply();
    } catch (err) {
      restore(value);
      replyTo.value = quoted;
      setError(messageOf(err));
    }
  }

  function onKeyDown(e: KeyboardEvent) {
    if (mode === "reply" && aiOn("drafts") && draftShortcut(e)) {
      e.preventDefault();
      void draft.run("reply");
      return;
    }
    if (match?.items.length) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        const n = match.items.length;
        setActive((a) => (a + (e.key === "ArrowDown" ? 1 : n - 1)) % n);
        return;
      }
      if ((e.key === "Enter" && !e.shiftKey) || e.key === "Tab") {
        e.preventDefault();
        const item = match.items[active];
        if (item) insert(item);
        return;
      }
    }
    if (match && e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      setDismissedAt(match.start);
      return;
    }
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void submit();
    } else if (e.key === "Escape") {
      if (replyTo.peek()) replyTo.value = null;
      else input.current?.blur();
    }
  }

  return (
    <div class={`composer ${mode === "note" ? "is-note" : ""}`}>
      <div class="composer-tabs" role="group" aria-label="Compose">
        <button type="button" class="composer-tab" aria-pressed={mode === "reply"} onClick={() => setMode("reply")}>
          Reply
        </button>
        <button type="button" class="composer-tab" aria-pressed={mode === "note"} onClick={() => setMode("note")}>
          <LockIcon />
          Private note
        </button>
        {mode === "reply" && windowOpen && closesAt - now.value < 4 * 3600_000 && (
          <span class="window-soon" title="After that, only templates can be sent until the customer writes again.">
            <ClockIcon />
            Window closes {relativeTime(closesAt, now.value)}
          </span>
        )}
      </div>
      {blocked ? (
        <WindowClosed closesAt={closesAt} contactName={contactName} onTemplates={onTemplates} onNote={() => setMode("note")} />
      ) : (
        <>
          {quoting && mode === "reply" && (
            <div class="composer-quote">
              <span class="quote-who">
                Replying to {quoting.direction === "inbound" ? contactName : (quoting.author?.name ?? "your team")}
              </span>
              <span class="quote-text">{messagePreview(quoting.content)}</span>
              <button
                type="button"
                class="btn btn-ghost btn-icon btn-sm"
                onClick={() => (replyTo.value = null)}
                aria-label="Cancel the reply"
              >
                <CloseIcon />
              </button>
            </div>
          )}
          {attached.length > 0 && mode === "reply" && (
            <ul class="attachments" aria-label="Attachments">
              {attached.map((f, i) => (
                <li key={`${f.name}-${i}`} class="attachment">
                  <Thumb file={f} />
                  <span class="attachment-name">{f.name}</span>
                  <button
                    type="button"
                    class="btn btn-ghost btn-icon btn-sm"
                    onClick={() => (files.value = files.value.filter((x) => x !== f))}
                    aria-label={`Remove ${f.name}`}
                    disabled={busy}
                  >
                    <CloseIcon />
                  </button>
                </li>
              ))}
            </ul>
          )}
          {match && <CannedList id={listId} match={match} active={active} onPick={insert} />}
          {error && (
            <p class="composer-error" role="alert">
              {error}
            </p>
          )}
          {mode === "reply" && <DraftBar draft={draft} hasText={!!text.trim()} />}
          <div class="composer-row">
            {mode === "reply" && (
              <>
                <button
                  type="button"
                  class="btn btn-ghost btn-icon"
                  onClick={() => picker.current?.click()}
                  aria-label="Attach files"
                  title="Attach files"
                >
                  <PaperclipIcon />
                </button>
                <button type="button" class="btn btn-ghost btn-icon" onClick={onTemplates} aria-label="Send a template" title="Templates">
                  <TemplateIcon />
                </button>
                <input
                  ref={picker}
                  type="file"
                  multiple
                  accept={ACCEPT}
                  hidden
                  onChange={(e) => {
                    addFiles(files, [...(e.currentTarget.files ?? [])]);
                    e.currentTarget.value = "";
                  }}
                />
              </>
            )}
            <textarea
              ref={input}
              class="composer-input"
              rows={1}
              value={text}
              placeholder={
                mode === "note"
                  ? "Write a private note: only your team sees it"
                  : attached.length
                    ? "Add a caption…"
                    : `Reply to ${contactName}…`
              }
              aria-label={mode === "note" ? "Private note" : "Message"}
              aria-autocomplete="list"
              aria-controls={match ? listId : undefined}
              aria-activedescendant={match?.items.length ? `${listId}-${active}` : undefined}
              data-shortcut="composer"
              onInput={(e) => {
                update(e.currentTarget.value, e.currentTarget);
                if (e.currentTarget.value.trim()) conv.noteTyping();
              }}
              onKeyDown={onKeyDown}
              onKeyUp={(e) => setCaret(e.currentTarget.selectionStart)}
              onClick={(e) => setCaret(e.currentTarget.selectionStart)}
              onBlur={() => conv.stopTyping()}
              onPaste={(e) => {
                const pasted = [...(e.clipboardData?.files ?? [])];
                if (pasted.length && mode === "reply") {
                  e.preventDefault();
                  addFiles(files, pasted);
                }
              }}
            />
            <button
              type="button"
              class="btn btn-primary btn-icon composer-send"
              onClick={() => void submit()}
              disabled={busy || (!text.trim() && !(attached.length && mode === "reply"))}
              aria-label={mode === "note" ? "Save note" : "Send"}
              title={mode === "note" ? "Save note (Enter)" : "Send (Enter)"}
              aria-busy={busy}
            >
              {busy ? <span class="spinner" aria-hidden="true" /> : mode === "note" ? <LockIcon /> : <SendIcon />}
            </button>
          </div>
          <p class="composer-hint">
            <kbd>Enter</kbd> to {mode === "note" ? "save" : "send"} · <kbd>Shift</kbd>+<kbd>Enter</kbd> new line
            {mode === "reply" && (
              <>
                {" "}
                · <kbd>/</kbd> saved replies
              </>
            )}
          </p>
        </>
      )}
    </div>
  );
}
