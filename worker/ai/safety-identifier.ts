/**
 * OpenAI's per-end-user identifier (`safety_identifier`), so abuse reports can name an org without
 * naming it: a hash of its id. Runtime-free, so the browser tests can pick their org's requests too.
 */
export async function safetyIdentifier(orgId: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`parley-org:${orgId}`));
  return [...new Uint8Array(digest).slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
