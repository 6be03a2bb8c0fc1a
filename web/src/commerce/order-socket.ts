/**
 * Order frames into the shared store for the sales screens, so another agent's confirm or status move
 * shows on Orders without a reload; on every reconnect the screen reloads once (see useOrgFrames).
 */
import { useOrgFrames } from "../live/org-frames";
import { noteOrder } from "./order-live";

export function useOrderFrames(onOpen?: () => void): void {
  useOrgFrames((frame) => {
    if (frame.t === "order") noteOrder(frame.order);
  }, onOpen);
}
