/**
 * Settings → Message search (admins): how many messages the index holds, and a rebuild from the
 * conversations themselves with its progress (polled while it runs).
 */
import { useEffect, useState } from "preact/hooks";
import type { IndexStats } from "../../../durable/search/search-results";
import { api, messageOf } from "../api/client";
import { toast } from "../components/toasts";

const POLL_MS = 1500;

export function SearchIndexCard() {
  const [stats, setStats] = useState<IndexStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const running = stats?.rebuild.state === "running";

  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const s = await api.get<IndexStats>("/api/search/index");
        if (stop) return;
        setStats(s);
        setError(null);
        if (s.rebuild.state === "running") timer = setTimeout(load, POLL_MS);
      } catch (err) {
        if (!stop) setError(messageOf(err));
      }
    };
    void load();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [running]);

  async function rebuild() {
    try {
      const { rebuild } = await api.post<{ rebuild: IndexStats["rebuild"] }>("/api/search/index/rebuild");
      setStats((s) => (s ? { ...s, rebuild } : s));
      toast("Rebuilding the search index");
    } catch (err) {
      toast(messageOf(err), "error");
    }
  }

  const r = stats?.rebuild;
  const pct = r && r.conversationsTotal ? Math.min(100, Math.round((r.conversationsDone / r.conversationsTotal) * 100)) : 0;
  return (
    <section class="card" aria-labelledby="search-index-title">
      <div class="card-header">
        <div>
          <h2 id="search-index-title">Message search</h2>
          <p>Every message, note and file name is searchable with "/". Rebuild the index if results seem to miss messages.</p>
        </div>
      </div>
      <div class="card-body">
        {error && <p class="error-text">{error}</p>}
        {stats && (
          <p>
            {stats.messages.toLocaleString()} messages indexed
            {r?.state === "done" && r.finishedAt && ` · last rebuilt ${new Date(r.finishedAt).toLocaleString()}`}
          </p>
        )}
        {running && r && (
          <div>
            <progress max={100} value={pct} aria-label="Rebuild progress" />
            <p class="muted">
              {r.conversationsDone.toLocaleString()} of {r.conversationsTotal.toLocaleString()} conversations,{" "}
              {r.messagesIndexed.toLocaleString()} messages{r.error ? ` (retrying: ${r.error})` : ""}
            </p>
          </div>
        )}
        <div class="form-actions">
          <button type="button" class="btn" onClick={() => void rebuild()} disabled={!stats || running}>
            {running ? "Rebuilding…" : "Rebuild index"}
          </button>
        </div>
      </div>
    </section>
  );
}
