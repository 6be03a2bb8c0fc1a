/**
 * Settings → AI: everything AI did in the organization, newest first, each with the conversation it
 * touched and an Undo (a sent auto-reply cannot be unsent; a draft changed nothing until an agent sent it).
 */
import { useEffect, useState } from "preact/hooks";
import { messageOf } from "../api/client";
import { toast } from "../components/toasts";
import { exactTime, now, relativeTime } from "../format/time";
import { type AiAction, aiApi } from "./ai-api";
import { ACTION_LABELS, actionDetail } from "./ai-labels";

const undoable = (a: AiAction) => !a.revertedAt && a.kind !== "draft" && a.kind !== "auto_reply";

export function ActivityCard() {
  const [actions, setActions] = useState<AiAction[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    aiApi.actions().then(
      (r) => setActions(r.actions),
      (err) => setError(messageOf(err)),
    );
  useEffect(() => {
    void load();
  }, []);

  async function undo(a: AiAction) {
    try {
      await aiApi.revert(a.id);
      toast(`Undone: ${ACTION_LABELS[a.kind].toLowerCase()}`);
      await load();
    } catch (err) {
      toast(messageOf(err), "error");
    }
  }

  return (
    <section class="card" aria-labelledby="ai-activity-title">
      <div class="card-header">
        <div>
          <h2 id="ai-activity-title">What AI did</h2>
          <p>The latest 50 actions. Undo puts back what was there before; settings changes are in the audit log.</p>
        </div>
      </div>
      <div class="card-body">
        {error && <p class="field-hint ai-outcome-bad">{error}</p>}
        {actions === null ? null : actions.length === 0 ? (
          <p class="muted">Nothing yet.</p>
        ) : (
          <ul class="ai-activity">
            {actions.map((a) => (
              <li key={a.id} class={a.revertedAt ? "is-reverted" : undefined}>
                <div class="ai-activity-text">
                  <strong>{ACTION_LABELS[a.kind]}</strong> <span class="muted">{actionDetail(a)}</span>
                  <span class="field-hint">
                    <span title={exactTime(a.createdAt)}>{relativeTime(a.createdAt, now.value)}</span>
                    {a.conversationId && (
                      <>
                        {" · "}
                        <a href={`/inbox/${encodeURIComponent(a.conversationId)}`}>Open conversation</a>
                      </>
                    )}
                    {a.revertedAt && ` · undone ${relativeTime(a.revertedAt, now.value)}`}
                  </span>
                </div>
                {undoable(a) && (
                  <button type="button" class="btn btn-ghost btn-sm" onClick={() => void undo(a)}>
                    Undo
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
