/**
 * "Message with template" from Due to reorder: the approved templates, each shown as the customer will
 * read it with its {{n}} filled in order from what Parley knows (their first name, then the product).
 * Meta refuses a template sent with fewer parameters than its body names, so one that asks for more
 * than that is left to the conversation's template picker, where every value can be typed.
 */
import { useState } from "preact/hooks";
import { messageOf } from "../api/client";
import type { DueReorder } from "../api/commerce";
import { inboxApi, type PublicTemplate } from "../api/inbox";
import { Alert } from "../components/alert";
import { Dialog } from "../components/dialog";
import { LoadingRows } from "../components/page";
import { toast } from "../components/toasts";
import { useResource } from "../hooks/use-resource";

function bodyOf(t: PublicTemplate): string {
  const body = (t.components as { type?: unknown; text?: unknown }[]).find((c) => c?.type === "BODY");
  return typeof body?.text === "string" ? body.text : "";
}

/** The body's distinct {{n}}, ascending: what the send's params fill, in that order. */
export const slotsOf = (body: string): number[] =>
  [...new Set([...body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);

export function ReorderTemplateDialog({ due, onClose }: { due: DueReorder; onClose: () => void }) {
  const templates = useResource(() => inboxApi.templates().then((r) => r.templates.filter((t) => t.status === "APPROVED")));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const known = [due.contactName?.split(" ")[0] || "there", due.productName];

  async function send(t: PublicTemplate, params: string[]) {
    if (!due.conversationId) return;
    setBusy(true);
    try {
      await inboxApi.send(due.conversationId, {
        type: "template",
        clientId: crypto.randomUUID(),
        name: t.name,
        language: t.language,
        params,
      });
      toast(`Template sent to ${due.contactName ?? "the customer"}.`);
      onClose();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Message ${due.contactName ?? "customer"} about ${due.productName}`} onClose={onClose} busy={busy} class="dialog-order">
      {templates.loading && <LoadingRows rows={2} />}
      {templates.data?.length === 0 && <p>No approved templates yet: sync them from the inbox's template picker.</p>}
      <ul class="template-choices">
        {templates.data?.map((t) => {
          const body = bodyOf(t);
          const slots = slotsOf(body);
          const fits = slots.length <= known.length;
          const params = slots.map((_, i) => known[i]!);
          const preview = body.replace(/\{\{(\d+)\}\}/g, (whole, n: string) => params[slots.indexOf(Number(n))] ?? whole);
          return (
            <li key={t.id}>
              <div class="template-choice-head">
                <strong>{t.name}</strong>
                <span class="muted small">{t.language}</span>
                <button type="button" class="btn btn-sm btn-primary" disabled={busy || !fits} onClick={() => send(t, params)}>
                  Send
                </button>
              </div>
              <p class="template-preview">{preview}</p>
              {!fits && <p class="muted small">Needs {slots.length} values: send it from the conversation.</p>}
            </li>
          );
        })}
      </ul>
      {error && <Alert>{error}</Alert>}
    </Dialog>
  );
}
