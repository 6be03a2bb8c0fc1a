/** A draft per conversation, kept in sessionStorage: it survives a reload and a switch, not the tab. */
const key = (conversationId: string) => `parley.draft.${conversationId}`;

export function readDraft(conversationId: string): string {
  try {
    return sessionStorage.getItem(key(conversationId)) ?? "";
  } catch {
    return "";
  }
}

export function saveDraft(conversationId: string, text: string): void {
  try {
    if (text.trim()) sessionStorage.setItem(key(conversationId), text);
    else sessionStorage.removeItem(key(conversationId));
  } catch {
    // Storage unavailable: the draft lives as long as the composer.
  }
}
