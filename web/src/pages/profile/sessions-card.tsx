/** Where you are signed in; end any one of them, or all but this one. */
import { useState } from "preact/hooks";
import { messageOf } from "../../api/client";
import { profileApi } from "../../api/profile";
import type { PublicSession } from "../../api/types";
import { Alert } from "../../components/alert";
import { ConfirmDialog } from "../../components/confirm-dialog";
import { MonitorIcon, PhoneIcon } from "../../components/icons";
import { LoadingRows } from "../../components/page";
import { RelativeTime } from "../../components/relative-time";
import { toast } from "../../components/toasts";
import { describeUserAgent, isPhone } from "../../format/user-agent";
import type { Resource } from "../../hooks/use-resource";

function RevokeButton({ session, onRevoked }: { session: PublicSession; onRevoked: () => void }) {
  const [pending, setPending] = useState(false);
  async function revoke() {
    setPending(true);
    try {
      await profileApi.revokeSession(session.id);
      toast("Session signed out");
      onRevoked();
    } catch (err) {
      toast(messageOf(err), "error");
      setPending(false);
    }
  }
  return (
    <button
      type="button"
      class="btn btn-sm"
      onClick={revoke}
      disabled={pending}
      aria-label={`Sign out ${describeUserAgent(session.userAgent)}, ${session.ip ?? "unknown IP"}`}
    >
      {pending && <span class="spinner" aria-hidden="true" />}
      Sign out
    </button>
  );
}

export function SessionsCard({ sessions }: { sessions: Resource<PublicSession[]> }) {
  const [confirming, setConfirming] = useState(false);
  const list = sessions.data ?? [];
  const others = list.filter((s) => !s.current).length;
  const remove = (id: string) => sessions.update((all) => all.filter((s) => s.id !== id));

  return (
    <section class="card" aria-labelledby="sessions-title">
      <div class="card-header">
        <div>
          <h2 id="sessions-title">Active sessions</h2>
          <p>Browsers signed in to your account.</p>
        </div>
        {others > 0 && (
          <button type="button" class="btn btn-sm" onClick={() => setConfirming(true)}>
            Sign out all other sessions
          </button>
        )}
      </div>
      {sessions.error && (
        <div class="card-body">
          <Alert>{sessions.error}</Alert>
        </div>
      )}
      {!sessions.data && sessions.loading && <LoadingRows rows={2} />}
      {list.length > 0 && (
        <ul class="session-list">
          {list.map((s) => (
            <li key={s.id} class="session-item">
              <span class="session-icon" aria-hidden="true">
                {isPhone(s.userAgent) ? <PhoneIcon /> : <MonitorIcon />}
              </span>
              <div class="session-main">
                <strong>
                  {describeUserAgent(s.userAgent)} {s.current && <span class="badge badge-accent">This browser</span>}
                </strong>
                <span class="muted small">
                  {s.ip ?? "Unknown IP"} · signed in <RelativeTime at={s.createdAt} /> · active <RelativeTime at={s.lastSeenAt} />
                </span>
              </div>
              {!s.current && <RevokeButton session={s} onRevoked={() => remove(s.id)} />}
            </li>
          ))}
        </ul>
      )}
      {confirming && (
        <ConfirmDialog
          title="Sign out all other sessions?"
          confirmLabel="Sign them out"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            const { revoked } = await profileApi.revokeOtherSessions();
            sessions.update((all) => all.filter((s) => s.current));
            toast(`${revoked} other ${revoked === 1 ? "session" : "sessions"} signed out`);
          }}
        >
          <p>Every other browser signed in to your account is signed out at once. This one stays signed in.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
