/**
 * "Message with template" from Due to reorder: the approved templates, each previewed with its {{n}}
 * filled in order from what Parley knows (their first name, then the product).
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
import { TemplateChoices } from "./template-choices";

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
      {templates.data && <TemplateChoices templates={templates.data} known={known} busy={busy} onSend={send} />}
      {error && <Alert>{error}</Alert>}
    </Dialog>
  );
}
