/** Search test helpers: inbound text webhooks with chosen words, and waiting until the index has them. */
import { env } from "cloudflare:test";
import { postWebhook } from "./parley";
import type { Member } from "./accounts";
import { expectJson } from "./api-errors";
import type { SearchResult } from "../../durable/search/search-results";

let n = 0;

/** A customer's message as Meta sends it: one text (or document) from `from`, to the org's number. */
export function inbound(
  phoneNumberId: string,
  from: string,
  content: { text: string } | { document: { filename: string; caption?: string } },
  opts: { wamid?: string; at?: number; name?: string } = {},
): string {
  const wamid = opts.wamid ?? `wamid.search${Date.now()}${++n}`;
  const message =
    "text" in content
      ? { type: "text", text: { body: content.text } }
      : { type: "document", document: { id: `media${n}`, mime_type: "application/pdf", sha256: "x", ...content.document } };
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "112233445566778",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550783881", phone_number_id: phoneNumberId },
              contacts: [{ profile: { name: opts.name ?? "Ana" }, wa_id: from }],
              messages: [{ from, id: wamid, timestamp: String(Math.floor((opts.at ?? Date.now()) / 1000)), ...message }],
            },
          },
        ],
      },
    ],
  });
}

export async function postInbound(...args: Parameters<typeof inbound>): Promise<void> {
  const res = await postWebhook(inbound(...args));
  if (res.status !== 200) throw new Error(`webhook ${res.status}: ${await res.text()}`);
}

/** The OrgInbox feeds the index behind the webhook's answer: wait for it. */
export const indexed = (orgId: string) => env.ORG_INBOX.getByName(orgId).searchSettled();

export async function search(member: Member, params: Record<string, string>): Promise<{ results: SearchResult[]; next: string | null }> {
  return expectJson(await member.browser.get(`/api/search/messages?${new URLSearchParams(params)}`));
}

export const ids = (r: { results: SearchResult[] }) => r.results.map((x) => x.messageId);
