/**
 * The correctness check: what Parley stored, read back per customer through the dev-only route,
 * against what the clients sent. Exactly once, in send order, gap-free, and D1 agreeing with the room.
 */
import type { Message } from "../../durable/protocol";
import type { conversations } from "../../worker/db/schema";

interface DevCustomer {
  conversation: Pick<typeof conversations.$inferSelect, "id" | "messageCount" | "roomSeq"> | null;
  room: { messages: Pick<Message, "seq" | "wamid">[]; lastSeq: number; hasMore: boolean } | null;
}

export interface CheckReport {
  customers: number;
  messages: number;
  /** Customers whose stored log differs from what was sent. */
  failedCustomers: number;
  /** The first few differences, described. */
  problems: string[];
}

const PAGE = 1000;
const PARALLEL = 16;
const MAX_PROBLEMS = 20;

export async function checkStored(url: string, phoneNumberId: string, expected: Map<string, string[]>): Promise<CheckReport> {
  const report: CheckReport = { customers: expected.size, messages: 0, failedCustomers: 0, problems: [] };
  const queue = [...expected];
  async function lane(): Promise<void> {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [waId, sent] = next;
      report.messages += sent.length;
      const problem = await checkCustomer(url, phoneNumberId, waId, sent).catch((err: unknown) => `read failed: ${String(err)}`);
      if (problem) {
        report.failedCustomers++;
        if (report.problems.length < MAX_PROBLEMS) report.problems.push(`${waId}: ${problem}`);
      }
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, lane));
  return report;
}

/** null when the customer's log is exactly what was sent; otherwise what is wrong. */
async function checkCustomer(url: string, phoneNumberId: string, waId: string, sent: string[]): Promise<string | null> {
  const stored: Pick<Message, "seq" | "wamid">[] = [];
  let page: DevCustomer;
  let after = 0;
  do {
    const res = await fetch(`${url}/api/dev/customers/${encodeURIComponent(phoneNumberId)}/${encodeURIComponent(waId)}?after=${after}&limit=${PAGE}`);
    if (!res.ok) return `dev route answered ${res.status}: ${(await res.text()).slice(0, 200)}`;
    page = (await res.json()) as DevCustomer;
    if (!page.conversation || !page.room) return "no conversation stored";
    stored.push(...page.room.messages);
    after = stored.at(-1)?.seq ?? after;
  } while (page.room.hasMore);

  const { conversation, room } = page;
  const wamids = stored.map((m) => m.wamid ?? "");
  if (conversation.messageCount !== sent.length) return `D1 messageCount ${conversation.messageCount}, sent ${sent.length}`;
  if (conversation.roomSeq !== room.lastSeq) return `D1 roomSeq ${conversation.roomSeq} behind the room's lastSeq ${room.lastSeq}`;
  if (wamids.length !== sent.length) return `room holds ${wamids.length} messages, sent ${sent.length}${describe(wamids, sent)}`;
  const firstDiff = wamids.findIndex((w, i) => w !== sent[i]);
  if (firstDiff >= 0) return `room log differs from send order at message ${firstDiff + 1}${describe(wamids, sent)}`;
  const gap = stored.findIndex((m, i) => m.seq !== i + 1);
  if (gap >= 0) return `sequence not gap-free: message ${gap + 1} has seq ${stored[gap]?.seq}`;
  return null;
}

function describe(stored: string[], sent: string[]): string {
  const sentSet = new Set(sent);
  const storedSet = new Set(stored);
  const missing = sent.filter((w) => !storedSet.has(w)).length;
  const unknown = stored.filter((w) => !sentSet.has(w)).length;
  const doubled = stored.length - storedSet.size;
  return ` (missing ${missing}, doubled ${doubled}, never sent ${unknown})`;
}
