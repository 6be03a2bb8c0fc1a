/** What a member of a terminated organization sees: when it will be gone, and for the owner, a way back. */
import { useState } from "preact/hooks";
import { messageOf } from "../api/client";
import { Alert } from "../components/alert";
import { AuthLayout } from "../components/auth-layout";
import { exactTime } from "../format/time";
import { loadSession, signOut } from "../session/session";
import type { PublicOrg, PublicUser } from "../api/types";
import { terminationApi } from "./api";

export default function TerminatedPage({ user, org }: { user: PublicUser; org: PublicOrg }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const owner = user.role === "owner";
  const until = org.purgeAfter ?? 0;
  const canCancel = owner && until > Date.now();

  async function cancel() {
    setPending(true);
    setError(null);
    try {
      await terminationApi.cancel();
      await loadSession();
    } catch (err) {
      setError(messageOf(err));
      setPending(false);
    }
  }

  return (
    <AuthLayout title={`${org.name} is being deleted`}>
      <div class="stack">
        <p>
          {until > Date.now()
            ? `Everything it holds will be deleted on ${exactTime(until)}.`
            : "Its data is being deleted now and can no longer be recovered."}
        </p>
        {canCancel && <p>You can cancel until then. Your WhatsApp numbers were released: connect them again afterwards.</p>}
        {!owner && <p>Only the owner can cancel this.</p>}
        {error && <Alert>{error}</Alert>}
        <div class="cluster">
          {canCancel && (
            <button type="button" class="btn btn-primary" onClick={cancel} disabled={pending}>
              {pending ? "Cancelling…" : "Cancel deletion"}
            </button>
          )}
          <button type="button" class="btn" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </div>
    </AuthLayout>
  );
}
