/** Live / Reconnecting / Offline for the inbox and the open conversation together: the worse of the two. */
import type { ConnectionState } from "../live/reconnecting-socket";

const RANK: Record<ConnectionState, number> = { live: 0, connecting: 1, reconnecting: 2, offline: 3 };
const LABEL: Record<ConnectionState, string> = {
  live: "Live",
  connecting: "Connecting…",
  reconnecting: "Reconnecting…",
  offline: "Offline",
};

export const worstOf = (states: ConnectionState[]): ConnectionState => states.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), "live");

export function ConnectionIndicator({ state, onReconnect }: { state: ConnectionState; onReconnect?: () => void }) {
  const title =
    state === "live"
      ? "Connected: changes arrive as they happen"
      : state === "offline"
        ? "No connection. What you write is kept and sent when it returns."
        : "The connection dropped; catching up as soon as it is back";
  return (
    <span class={`conn conn-${state}`} role="status" title={title} data-connection={state}>
      <span class="conn-dot" aria-hidden="true" />
      <span class="conn-label">{LABEL[state]}</span>
      {state !== "live" && state !== "connecting" && onReconnect && (
        <button type="button" class="btn-link conn-retry" onClick={onReconnect}>
          Retry
        </button>
      )}
    </span>
  );
}
