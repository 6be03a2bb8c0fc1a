/**
 * Webhook bodies for the load clients: one or many customers per POST, as Meta sends them. Under
 * load Meta batches several customers' messages into one `value`, `contacts[]` and `messages[]`
 * side by side, so the batch-50 variant does the same.
 */
import { DEMO_WABA_ID, unixSeconds, type BusinessNumber, type InboundMessage, type WebhookBody } from "../../test/peers/webhook-builders";

/** A run of one customer's messages inside a POST; `firstIndex` is its place in the customer's log. */
export interface CustomerChunk {
  waId: string;
  wamids: string[];
  firstIndex: number;
}

export function mixedInboundBody(number: BusinessNumber, chunks: CustomerChunk[]): WebhookBody {
  const timestamp = unixSeconds();
  const perCustomer = chunks.map((c) =>
    c.wamids.map(
      (id, k): InboundMessage => ({ type: "text", text: { body: `bench message ${c.firstIndex + k + 1}` }, from: c.waId, id, timestamp }),
    ),
  );
  // Interleaved round-robin: customers mix within the POST, each customer's own messages stay in order.
  const messages: InboundMessage[] = [];
  const longest = Math.max(0, ...perCustomer.map((q) => q.length));
  for (let round = 0; round < longest; round++) {
    for (const queue of perCustomer) {
      const m = queue[round];
      if (m) messages.push(m);
    }
  }
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: number.wabaId ?? DEMO_WABA_ID,
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: number.displayPhoneNumber, phone_number_id: number.phoneNumberId },
              contacts: chunks.map((c) => ({ profile: { name: `Bench ${c.waId.slice(-4)}` }, wa_id: c.waId })),
              messages,
            },
          },
        ],
      },
    ],
  };
}
