/** Whether the contact panel is open: the agent's choice, remembered; wide screens start with it open. */
import { signal } from "@preact/signals";

const KEY = "parley.contactPanel";

function initial(): boolean {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved) return saved === "open";
  } catch {
    // Fall through to the default.
  }
  return matchMedia("(min-width: 1440px)").matches;
}

export const contactPanelOpen = signal(initial());

export function toggleContactPanel(): void {
  contactPanelOpen.value = !contactPanelOpen.value;
  try {
    localStorage.setItem(KEY, contactPanelOpen.value ? "open" : "closed");
  } catch {
    // The choice lasts for this page only.
  }
}
