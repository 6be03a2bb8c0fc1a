/**
 * The org's live socket for the sales screens (the inbox has its own): order frames into the shared
 * store, so another agent's confirm or status move shows on Orders without a reload. On every reconnect
 * the screen reloads once, since frames sent while the socket was down are not replayed to it.
 */
import { useEffect } from "preact/hooks";
import type { InboxFrame } from "../../../durable/protocol";
import { ReconnectingSocket } from "../live/reconnecting-socket";
import { noteOrder } from "./order-live";

export function useOrderFrames(onOpen?: () => void): void {
  useEffect(() => {
    let opened = false;
    const socket = new ReconnectingSocket({
      url: () => "/api/live/inbox",
      onFrame: (f) => {
        const frame = f as InboxFrame;
        if (frame.t === "order") noteOrder(frame.order);
      },
      onOpen: () => {
        if (opened) onOpen?.();
        opened = true;
      },
    });
    return () => socket.close();
  }, []);
}
