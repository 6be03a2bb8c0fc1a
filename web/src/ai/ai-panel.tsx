/**
 * AI in the contact panel: the conversation's summary (and "Summarize"), its intent, the contact's lead
 * score with its reason, and what AI did here, each with Undo. Refetched when the conversation's row
 * moves or the contact's score changes, so an intent or score written by a background job shows up
 * without a reload.
 */
import { useEffect, useState } from "preact/hooks";
import type { ConversationSummary } from "../../../durable/protocol";
import { messageOf } from "../api/client";
import { contactOf } from "../crm/contact-live";
import { toast } from "../components/toasts";
import { now, relativeTime } from "../format/time";
import { aiApi, aiOn, aiStatus, type AiAction, type ConversationAi } from "./ai-api";
import { ACTION_LABELS } from "./ai-labels";

export function AiPanel({ summary }: { summary: ConversationSummary }) {
  const [info, setInfo] = useState<ConversationAi | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const status = aiStatus.value;
  const load = () =>
    aiApi.conversation(summary.id).then(
      (r) => {
        setInfo(r);
        setFailed(null);
      },
      (err) => setFailed(messageOf(err)),
    );
  // The contact's live score (contact frames): a background score or its undo shows without a reload.
  const scoredAt = contactOf(summary.contact.id)?.leadScoreAt ?? null;
  useEffect(() => {
    if (status?.enabled) void load();
  }, [summary.id, summary.roomSeq, summary.labels.join(","), summary.assigneeId, scoredAt, status?.enabled]);

  if (!status?.enabled) return null;

  async function summarize() {
    setBusy(true);
    try {
      await aiApi.summarize(summary.id);
      await load();
    } catch (err) {
      setFailed(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  async function undo(a: AiAction) {
    try {
      await aiApi.revert(a.id);
      toast(`Undone: ${ACTION_LABELS[a.kind].toLowerCase()}`);
      await load();
    } catch (err) {
      toast(messageOf(err), "error");
    }
  }

  const latest = info?.summaries[0];
  const undoable = (info?.actions ?? []).filter((a) => !a.revertedAt && a.kind !== "draft" && a.kind !== "auto_reply").slice(0, 5);
  return (
    <section class="panel-section ai-panel" aria-labelledby="ai-panel-title" data-testid="ai-panel">
      <h3 class="panel-label" id="ai-panel-title">
        AI <span class="badge badge-accent">assist</span>
      </h3>
      {failed && (
        <p class="field-hint ai-degraded" role="alert">
          {failed}
        </p>
      )}
      {aiOn("summaries") && (
        <div class="ai-summary">
          {latest ? (
            <>
              <p data-testid="ai-summary">{latest.text}</p>
              <p class="field-hint">
                {latest.trigger === "manual" ? "Summary" : latest.trigger === "closed" ? "Summary on close" : "Summary on handover"} ·{" "}
                {latest.model} · {relativeTime(latest.createdAt, now.value)}
              </p>
            </>
          ) : (
            <p class="field-hint">No summary yet.</p>
          )}
          <button type="button" class="btn btn-secondary btn-sm" onClick={() => void summarize()} disabled={busy} aria-busy={busy}>
            {busy ? "Summarizing…" : "Summarize"}
          </button>
        </div>
      )}
      <dl class="dl panel-dl">
        {aiOn("intent") && (
          <>
            <dt>Intent</dt>
            <dd data-testid="ai-intent">
              {info?.intent ? `${info.intent.intent} (${Math.round(info.intent.confidence * 100)}%)` : "Not yet classified"}
            </dd>
          </>
        )}
        {(aiOn("leadScore") || info?.leadScore) && (
          <>
            <dt>Lead score</dt>
            <dd data-testid="ai-lead-score">
              {info?.leadScore ? (
                <>
                  <strong>{info.leadScore.score}</strong>/100{" "}
                  <span class="muted small">({info.leadScore.source === "ai" ? "AI" : "set by hand"})</span>
                  {info.leadScore.reason && <span class="field-hint ai-reason">{info.leadScore.reason}</span>}
                </>
              ) : (
                "Not scored yet"
              )}
            </dd>
          </>
        )}
      </dl>
      {undoable.length > 0 && (
        <ul class="ai-actions" aria-label="What AI did here">
          {undoable.map((a) => (
            <li key={a.id}>
              <span class="small">
                {ACTION_LABELS[a.kind]} · {relativeTime(a.createdAt, now.value)}
              </span>
              <button type="button" class="btn btn-ghost btn-sm" onClick={() => void undo(a)}>
                Undo
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
