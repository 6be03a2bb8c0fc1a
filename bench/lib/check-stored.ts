/**
 * The correctness check: what Parley stored, read back per customer through the dev-only route,
 * against what the clients sent. Exactly once, in send order, gap-free, and D1 agreeing with the room.
 */
import type { Message } from "../../durable/protocol";
import type { conversations } from "../../db/schema";

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
  seconds: number;
}

const PAGE = 1000;
const PARALLEL = 16;
const MAX_PROBLEMS = 20;
const READ_ATTEMPTS = 5;

export async function checkStored(url: string, phoneNumberId: string, expected: Map<string, string[]>): Promise<CheckReport> {
  const started = performance.now();
  const report: CheckReport = { customers: expected.size, messages: 0, failedCustomers: 0, problems: [], seconds: 0 };
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
  report.seconds = Math.round((performance.now() - started) / 100) / 10;
  return report;
}

/** null when the customer's log is exactly what was sent; otherwise what is wrong. */
async function checkCustomer(url: string, phoneNumberId: string, waId: string, sent: string[]): Promise<string | null> {
  const stored: Pick<Message, "seq" | "wamid">[] = [];
  let page: DevCustomer;
  let after = 0;
  do {
    const read = await readPage(
      `${url}/api/dev/customers/${encodeURIComponent(phoneNumberId)}/${encodeURIComponent(waId)}?after=${after}&limit=${PAGE}`,
    );
    if (typeof read === "string") return read;
    page = read;
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

/**
 * One page, or what the route said instead. A read that breaks on the way (the Worker restarting
 * mid-response) is retried whole: only what is stored may fail the check, never how it was read.
 */
async function readPage(url: string): Promise<DevCustomer | string> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url);
      if (res.ok) return (await res.json()) as DevCustomer;
      const text = await res.text();
      if (res.status !== 503 || attempt === READ_ATTEMPTS) return `dev route answered ${res.status}: ${text.slice(0, 200)}`;
    } catch (err) {
      if (attempt === READ_ATTEMPTS) throw err;
    }
    await new Promise((r) => setTimeout(r, 250 * attempt));
  }
}

function describe(stored: string[], sent: string[]): string {
  const sentSet = new Set(sent);
  const storedSet = new Set(stored);
  const missing = sent.filter((w) => !storedSet.has(w)).length;
  const unknown = stored.filter((w) => !sentSet.has(w)).length;
  const doubled = stored.length - storedSet.size;
  return ` (missing ${missing}, doubled ${doubled}, never sent ${unknown})`;
}
