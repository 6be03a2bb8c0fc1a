/**
 * The composer's AI row: "Draft reply" (also Alt+J) streams a draft into the composer in the customer's
 * language; a tone preset; and Rephrase / Shorten / Translate act on what the agent has written. A
 * failure says so and leaves the agent's text as it was.
 */
import { useRef, useState } from "preact/hooks";
import { draftTones, type DraftBody } from "../../../worker/schemas/ai";
import { messageOf } from "../api/client";
import { aiOn, streamDraft } from "./ai-api";

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
      setText(original);
      onError(`AI is unavailable: ${messageOf(err)}`);
    } finally {
      setRunning(null);
      abort.current = null;
    }
  }
  return { running, tone, setTone, run, stop: () => abort.current?.abort() };
}

export function DraftBar({ draft, hasText }: { draft: ReturnType<typeof useDraft>; hasText: boolean }) {
  if (!aiOn("drafts")) return null;
  const { running, tone, setTone, run } = draft;
  return (
    <div class="ai-draft-bar" role="group" aria-label="AI drafts">
      <button
        type="button"
        class="btn btn-secondary btn-sm"
        onClick={() => void run("reply")}
        disabled={!!running}
        aria-busy={running === "reply"}
        title="Draft a reply (Alt+J)"
      >
        ✦ {running === "reply" ? "Drafting…" : "Draft reply"}
      </button>
      <select
        class="select select-sm ai-tone"
        value={tone}
        onChange={(e) => setTone(e.currentTarget.value as DraftBody["tone"])}
        aria-label="Tone"
      >
        {draftTones.map((t) => (
          <option key={t} value={t}>
            {TONE_LABELS[t]}
          </option>
        ))}
      </select>
      <button type="button" class="btn btn-ghost btn-sm" onClick={() => void run("rephrase")} disabled={!!running || !hasText}>
        Rephrase
      </button>
      <button type="button" class="btn btn-ghost btn-sm" onClick={() => void run("shorten")} disabled={!!running || !hasText}>
        Shorten
      </button>
      <select
        class="select select-sm ai-translate"
        value=""
        disabled={!!running || !hasText}
        aria-label="Translate into"
        onChange={(e) => {
          const lang = e.currentTarget.value as DraftBody["language"];
          e.currentTarget.value = "";
          if (lang) void run("translate", lang);
        }}
      >
        <option value="">Translate…</option>
        <option value="en">English</option>
        <option value="pt">Português</option>
        <option value="es">Español</option>
      </select>
    </div>
  );
}
