/**
 * "Erase customer" (admins), for a customer who asks to be forgotten: the contact and every message, file
 * and order of theirs go, for the whole team at once (the server tells every open screen). The audit log
 * records that an erasure happened, not whom.
 */
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api } from "../api/client";
import { ConfirmDialog } from "../components/confirm-dialog";
import { toast } from "../components/toasts";
import { currentUser } from "../session/session";
import { isAdmin } from "../session/roles";
import { removedContacts } from "./contact-live";

export function EraseContact({ id, name, conversations }: { id: string; name: string; conversations: number }) {
  const [confirming, setConfirming] = useState(false);
  const { route } = useLocation();
  if (!isAdmin(currentUser.value?.role)) return null;
  return (
    <div class="crm-erase">
      <button type="button" class="btn btn-ghost btn-sm crm-erase-button" onClick={() => setConfirming(true)}>
        Erase customer…
      </button>
      {confirming && (
        <ConfirmDialog
          title={`Erase ${name}?`}
          confirmLabel="Erase everything"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            const { messages } = await api.delete<{ erased: true; messages: number }>(`/api/data/contacts/${encodeURIComponent(id)}`);
            removedContacts.value = new Set([...removedContacts.value, id]);
            toast(`${name} erased, with ${messages.toLocaleString()} message${messages === 1 ? "" : "s"}`);
            route("/contacts");
          }}
        >
          <p>
            This deletes the contact and, from {conversations === 1 ? "their conversation" : `their ${conversations} conversations`}, every
            message, note, photo and file, and their orders. It cannot be undone.
          </p>
          <p class="muted small">For a customer who asked to be forgotten. The audit log records that an erasure happened, not whom.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
