/** Contact frames into the shared store for the CRM screens (see useOrgFrames). */
import { useOrgFrames } from "../live/org-frames";
import { applyContactFrame } from "./contact-live";

export function useContactFrames(): void {
  useOrgFrames(applyContactFrame);
}
