/**
 * The composer's AI row: "Draft reply" (also Alt+J) streams a draft into the composer in the customer's
 * language; a tone preset; and Rephrase / Shorten / Translate act on what the agent has written. A
 * failure says so and leaves the agent's text as it was.
 */
import { useRef, useState } from "preact/hooks";
import { draftTones, type DraftBody } from "../../../worker/schemas/ai";
import { ApiError, messageOf } from "../api/client";
import { aiOn, streamDraft } from "./ai-api";
import { SparkleIcon } from "./sparkle-icon";

interface DraftBarProps {
  conversationId: string;
  text: string;
  setText: (value: string) => void;
  onError: (message: string | null) => void;
}

const TONE_LABELS: Record<DraftBody["tone"], string> = {
  friendly: "Friendly",
  formal: "Formal",
  concise: "Concise",
  empathetic: "Empathetic",
};

/** The composer calls this on Alt+J. */
export const draftShortcut = (e: KeyboardEvent) => e.altKey && (e.code === "KeyJ" || e.key.toLowerCase() === "j");

export function useDraft({ conversationId, text, setText, onError }: DraftBarProps) {
  const [running, setRunning] = useState<DraftBody["mode"] | null>(null);
  const [tone, setTone] = useState<DraftBody["tone"]>("friendly");
  const abort = useRef<AbortController | null>(null);

  async function run(mode: DraftBody["mode"], language?: DraftBody["language"]) {
    if (running) return;
    const original = text;
    if (mode !== "reply" && !original.trim()) return onError(`Write something first, then ${mode} it.`);
    onError(null);
    setRunning(mode);
    abort.current = new AbortController();
    let out = "";
    setText("");
    try {
      const full = await streamDraft(
        conversationId,
        { mode, tone, ...(mode !== "reply" && { text: original }), ...(language && { language }) },
        (piece) => {
          out += piece;
          setText(out);
        },
        abort.current.signal,
      );
      setText(full);
    } catch (err) {
      // Stopped by the agent: keep what arrived, to edit. A failure gives the agent's own text back.
      if (abort.current?.signal.aborted) setText(out || original);
      else {
        setText(original);
        // A refusal (AI off, budget or plan) says what to do; only a failure is "unavailable".
        const refused = err instanceof ApiError && (err.status === 402 || err.status === 403);
        onError(refused ? messageOf(err) : `AI is unavailable: ${messageOf(err)}`);
      }
    } finally {
      setRunning(null);
      abort.current = null;
    }
  }
  return { running, tone, setTone, run, stop: () => abort.current?.abort() };
}

const REWRITES: { value: string; label: string }[] = [
  { value: "rephrase", label: "Rephrase" },
  { value: "shorten", label: "Shorten" },
];
const LANGUAGES: { value: NonNullable<DraftBody["language"]>; label: string }[] = [
  { value: "en", label: "English" },
  { value: "pt", label: "Português" },
  { value: "es", label: "Español" },
];

/**
 * Three controls, so the row fits beside an open contact panel and on a phone: the draft button (Stop
 * while a draft streams in), the tone, and one "Rewrite…" menu for the agent's own text.
 */
export function DraftBar({ draft, hasText }: { draft: ReturnType<typeof useDraft>; hasText: boolean }) {
  if (!aiOn("drafts")) return null;
  const { running, tone, setTone, run, stop } = draft;
  return (
    <fieldset class="ai-draft-bar">
      <legend class="visually-hidden">AI drafts</legend>
      {running ? (
        <button type="button" class="btn btn-secondary btn-sm ai-draft-button" onClick={stop} aria-busy="true">
          <SparkleIcon /> {running === "reply" ? "Drafting…" : "Rewriting…"} <span class="muted">Stop</span>
        </button>
      ) : (
        <button
          type="button"
          class="btn btn-secondary btn-sm ai-draft-button"
          onClick={() => void run("reply")}
          title="Draft a reply (Alt+J)"
        >
          <SparkleIcon /> Draft reply
        </button>
      )}
      <select
        class="select select-sm"
        value={tone}
        disabled={!!running}
        onChange={(e) => setTone(e.currentTarget.value as DraftBody["tone"])}
        aria-label="Tone"
      >
        {draftTones.map((t) => (
          <option key={t} value={t}>
            {TONE_LABELS[t]}
          </option>
        ))}
      </select>
      <select
        class="select select-sm"
        value=""
        disabled={!!running || !hasText}
        aria-label="Rewrite what you wrote"
        title={hasText ? undefined : "Write something first"}
        onChange={(e) => {
          const [mode, lang] = e.currentTarget.value.split(":") as [DraftBody["mode"], DraftBody["language"]];
          e.currentTarget.value = "";
          if (mode) void run(mode, lang);
        }}
      >
        <option value="">Rewrite…</option>
        {REWRITES.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
        <optgroup label="Translate into">
          {LANGUAGES.map((l) => (
            <option key={l.value} value={`translate:${l.value}`}>
              {l.label}
            </option>
          ))}
        </optgroup>
      </select>
    </fieldset>
  );
}
