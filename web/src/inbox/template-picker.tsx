/**
 * Approved templates, the only messages WhatsApp allows outside the 24-hour window: pick one, fill its
 * {{n}} parameters, see the message as the customer will, send. Loaded only when first opened.
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import type { JsonValue } from "../../../durable/protocol";
import { messageOf } from "../api/client";
import { inboxApi, type PublicTemplate } from "../api/inbox";
import { Alert } from "../components/alert";
import { Dialog } from "../components/dialog";
import { RefreshIcon, SearchIcon } from "../components/icons";
import { SubmitButton } from "../components/submit-button";
import { toast } from "../components/toasts";

interface Parsed {
  header: string | null;
  body: string;
  footer: string | null;
  buttons: string[];
  /** Distinct {{n}} in the body, in order: what the server asks params for. */
  slots: number[];
  examples: string[];
}

type Component = { [key: string]: JsonValue };
const isObject = (v: JsonValue): v is Component => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (c: Component | undefined) => (c && typeof c["text"] === "string" ? c["text"] : null);

function parse(t: PublicTemplate): Parsed {
  const parts = t.components.filter(isObject);
  const find = (type: string) => parts.find((c) => c["type"] === type);
  const header = find("HEADER");
  const body = text(find("BODY")) ?? "";
  const buttons = find("BUTTONS")?.["buttons"];
  const example = find("BODY")?.["example"];
  const bodyText = isObject(example ?? null) ? (example as Component)["body_text"] : undefined;
  const firstExample = Array.isArray(bodyText) && Array.isArray(bodyText[0]) ? bodyText[0] : [];
  return {
    header:
      header && header["format"] !== undefined && header["format"] !== "TEXT"
        ? `[${String(header["format"]).toLowerCase()}]`
        : text(header),
    body,
    footer: text(find("FOOTER")),
    buttons: Array.isArray(buttons) ? buttons.filter(isObject).flatMap((b) => (typeof b["text"] === "string" ? [b["text"]] : [])) : [],
    slots: [...new Set([...body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1])))].sort((a, b) => a - b),
    examples: firstExample.map((v) => String(v)),
  };
}

const fill = (body: string, params: Record<number, string>) =>
  body.replace(/\{\{(\d+)\}\}/g, (whole, n: string) => params[Number(n)]?.trim() || whole);

const languageName = (code: string) => {
  try {
    return new Intl.DisplayNames(undefined, { type: "language" }).of(code.replace("_", "-")) ?? code;
  } catch {
    return code;
  }
};

interface TemplatePickerProps {
  contactName: string;
  onSend: (t: { name: string; language: string; params: string[]; preview: string }) => Promise<void>;
  onClose: () => void;
}

export default function TemplatePicker({ contactName, onSend, onClose }: TemplatePickerProps) {
  const [templates, setTemplates] = useState<PublicTemplate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [syncing, setSyncing] = useState(false);
  const [query, setQuery] = useState("");
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [params, setParams] = useState<Record<number, string>>({});
  const [sending, setSending] = useState(false);

  async function load() {
    try {
      setTemplates((await inboxApi.templates()).templates);
    } catch (err) {
      setError(messageOf(err));
    }
  }
  useEffect(() => void load(), []);

  async function sync() {
    setSyncing(true);
    setError(null);
    try {
      const { synced } = await inboxApi.syncTemplates();
      await load();
      toast(`${synced} template${synced === 1 ? "" : "s"} synced from Meta`);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setSyncing(false);
    }
  }

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (templates ?? [])
      .filter((t) => !q || t.name.toLowerCase().includes(q) || (t.category ?? "").toLowerCase().includes(q))
      .sort((a, b) => Number(b.status === "APPROVED") - Number(a.status === "APPROVED") || a.name.localeCompare(b.name));
  }, [templates, query]);
  const chosen = templates?.find((t) => t.id === chosenId) ?? null;
  const parsed = chosen ? parse(chosen) : null;
  const missing = parsed ? parsed.slots.filter((n) => !params[n]?.trim()) : [];

  async function submit(e: Event) {
    e.preventDefault();
    if (!chosen || !parsed || missing.length || sending) return;
    setSending(true);
    setError(null);
    try {
      await onSend({
        name: chosen.name,
        language: chosen.language,
        params: parsed.slots.map((n) => params[n]!.trim()),
        preview: fill(parsed.body, params),
      });
      onClose();
    } catch (err) {
      setError(messageOf(err));
      setSending(false);
    }
  }

  return (
    <Dialog title="Send a template" onClose={onClose} busy={sending} class="dialog-wide">
      <div class="tpl">
        <div class="tpl-side">
          <div class="tpl-tools">
            <label class="search-box">
              <SearchIcon />
              <span class="visually-hidden">Search templates</span>
              <input
                class="input"
                type="search"
                placeholder="Search templates"
                value={query}
                onInput={(e) => setQuery(e.currentTarget.value)}
              />
            </label>
            <button
              type="button"
              class="btn btn-sm"
              onClick={sync}
              disabled={syncing}
              aria-busy={syncing}
              title="Fetch the latest templates and their approval status from Meta"
            >
              {syncing ? <span class="spinner" aria-hidden="true" /> : <RefreshIcon />}
              Sync from Meta
            </button>
          </div>
          {templates === null && !error ? (
            <p class="muted tpl-note">Loading templates…</p>
          ) : shown.length === 0 ? (
            <p class="muted tpl-note">
              {templates?.length ? "No template matches." : "No templates yet. Sync them from Meta: approved templates appear here."}
            </p>
          ) : (
            <ul class="tpl-list" aria-label="Templates">
              {shown.map((t) => {
                const approved = t.status === "APPROVED";
                return (
                  <li key={t.id}>
                    <button
                      type="button"
                      class="tpl-item"
                      aria-pressed={t.id === chosenId}
                      disabled={!approved}
                      onClick={() => {
                        setChosenId(t.id);
                        setParams({});
                      }}
                      title={approved ? undefined : `Only approved templates can be sent (this one is ${t.status.toLowerCase()})`}
                    >
                      <span class="tpl-name">{t.name}</span>
                      <span class="tpl-meta">
                        {languageName(t.language)}
                        {t.category && ` · ${t.category.toLowerCase()}`}
                      </span>
                      {!approved && <span class="badge badge-warning">{t.status.toLowerCase()}</span>}
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
        <form class="tpl-main" onSubmit={submit}>
          {parsed && chosen ? (
            <>
              {parsed.slots.length > 0 && (
                <fieldset class="tpl-params">
                  <legend>Parameters</legend>
                  {parsed.slots.map((n, i) => (
                    <div class="field" key={n}>
                      <label class="field-label" for={`tpl-p-${n}`}>{`{{${n}}}`}</label>
                      <input
                        id={`tpl-p-${n}`}
                        class="input"
                        value={params[n] ?? ""}
                        placeholder={parsed.examples[i] ? `e.g. ${parsed.examples[i]}` : n === 1 ? `e.g. ${contactName}` : ""}
                        maxLength={1024}
                        onInput={(e) => setParams({ ...params, [n]: e.currentTarget.value })}
                      />
                    </div>
                  ))}
                </fieldset>
              )}
              <div class="tpl-preview-wrap">
                <p class="field-label">Preview</p>
                <div class="tpl-preview" aria-live="polite">
                  <div class="bubble">
                    {parsed.header && <p class="tpl-preview-header">{parsed.header}</p>}
                    <p class="msg-text">{fill(parsed.body, params)}</p>
                    {parsed.footer && <p class="tpl-preview-footer">{parsed.footer}</p>}
                  </div>
                  {parsed.buttons.length > 0 && (
                    <div class="tpl-preview-buttons">
                      {parsed.buttons.map((b) => (
                        <span key={b}>{b}</span>
                      ))}
                    </div>
                  )}
                </div>
              </div>
            </>
          ) : (
            <p class="muted tpl-note">Pick a template to fill in its parameters and preview it.</p>
          )}
          {error && <Alert>{error}</Alert>}
          <div class="dialog-actions">
            <button type="button" class="btn" onClick={onClose} disabled={sending}>
              Cancel
            </button>
            <SubmitButton pending={sending} disabled={!chosen || missing.length > 0}>
              Send template
            </SubmitButton>
          </div>
        </form>
      </div>
    </Dialog>
  );
}
