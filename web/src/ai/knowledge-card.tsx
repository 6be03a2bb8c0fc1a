/** The knowledge base on Settings → AI: the only facts drafts and auto-replies may use. */
import { useEffect, useState } from "preact/hooks";
import { messageOf } from "../api/client";
import { Alert } from "../components/alert";
import { toast } from "../components/toasts";
import { aiApi, type KnowledgeEntry } from "./ai-api";

const KIND_LABELS: Record<KnowledgeEntry["kind"], string> = { faq: "FAQ", policy: "Policy", product: "Product" };

export function KnowledgeCard() {
  const [entries, setEntries] = useState<KnowledgeEntry[] | null>(null);
  const [kind, setKind] = useState<KnowledgeEntry["kind"]>("faq");
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    aiApi.knowledge().then(
      (r) => setEntries(r.entries),
      (err) => setError(messageOf(err)),
    );
  }, []);

  async function add(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      const { entry } = await aiApi.addKnowledge({ kind, title, body });
      setEntries([...(entries ?? []), entry]);
      setTitle("");
      setBody("");
      toast("Added to the knowledge base");
    } catch (err) {
      setError(messageOf(err));
    }
  }

  async function remove(id: string) {
    try {
      await aiApi.removeKnowledge(id);
      setEntries((entries ?? []).filter((x) => x.id !== id));
    } catch (err) {
      setError(messageOf(err));
    }
  }

  return (
    <section class="card" aria-labelledby="ai-kb-title">
      <div class="card-header">
        <div>
          <h2 id="ai-kb-title">Knowledge base</h2>
          <p>FAQ answers, policies and products with prices. Drafts and auto-replies use these facts and nothing else.</p>
        </div>
      </div>
      <div class="card-body">
        {error && <Alert>{error}</Alert>}
        <ul class="ai-kb-list">
          {(entries ?? []).map((e) => (
            <li key={e.id} class="ai-kb-item">
              <span class="badge">{KIND_LABELS[e.kind]}</span>
              <div class="ai-kb-text">
                <strong>{e.title}</strong>
                <p class="muted small">{e.body}</p>
              </div>
              <button type="button" class="btn btn-ghost btn-sm" onClick={() => void remove(e.id)} aria-label={`Remove ${e.title}`}>
                Remove
              </button>
            </li>
          ))}
          {entries?.length === 0 && <li class="muted">Nothing yet. Add your prices, delivery times and return policy.</li>}
        </ul>
        <form class="ai-form" onSubmit={add}>
          <label class="field">
            <span class="field-label">Kind</span>
            <select class="select" value={kind} onChange={(e) => setKind(e.currentTarget.value as KnowledgeEntry["kind"])}>
              <option value="faq">FAQ</option>
              <option value="policy">Policy</option>
              <option value="product">Product</option>
            </select>
          </label>
          <label class="field">
            <span class="field-label">Title</span>
            <input
              class="input"
              value={title}
              maxLength={120}
              required
              onInput={(e) => setTitle(e.currentTarget.value)}
              placeholder="Blue teapot"
            />
          </label>
          <label class="field ai-form-wide">
            <span class="field-label">Answer</span>
            <textarea
              class="input"
              rows={2}
              value={body}
              maxLength={2000}
              required
              onInput={(e) => setBody(e.currentTarget.value)}
              placeholder="The blue teapot costs 34,90 € and ships in 2 days."
            />
          </label>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={!title.trim() || !body.trim()}>
              Add
            </button>
          </div>
        </form>
      </div>
    </section>
  );
}
