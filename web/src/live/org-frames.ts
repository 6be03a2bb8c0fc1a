/**
 * The org's live socket for a screen outside the inbox (the inbox keeps its own, with its list): every
 * frame goes to `onFrame`. Frames sent while the socket was down are not replayed, so on each reconnect
 * `onReopen` lets the screen read its data again.
 */
import { useEffect } from "preact/hooks";
import type { InboxFrame } from "../../../durable/protocol";
import { ReconnectingSocket } from "./reconnecting-socket";

export function useOrgFrames(onFrame: (frame: InboxFrame) => void, onReopen?: () => void): void {
  useEffect(() => {
    let opened = false;
    const socket = new ReconnectingSocket({
      url: () => "/api/live/inbox",
      onFrame: (f) => onFrame(f as InboxFrame),
      onOpen: () => {
        if (opened) onReopen?.();
        opened = true;
      },
    });
    return () => socket.close();
  }, []);
}
