/** The org's live socket for CRM screens (the inbox has its own): contact frames into the shared store. */
import { useEffect } from "preact/hooks";
import type { InboxFrame } from "../../../durable/protocol";
import { ReconnectingSocket } from "../live/reconnecting-socket";
import { applyContactFrame } from "./contact-live";

export function useContactFrames(): void {
  useEffect(() => {
    const socket = new ReconnectingSocket({ url: () => "/api/live/inbox", onFrame: (f) => applyContactFrame(f as InboxFrame) });
    return () => socket.close();
  }, []);
}
