/**
 * The correctness check: what Parley stored, read back per customer through the dev-only route,
 * against what the clients sent. Exactly once, in send order, gap-free, and D1 agreeing with the room.
 * D1 follows the rooms (their outboxes, written after the 200), so a D1 row found behind is read again
 * for a few seconds before it counts as a failure; how long it took is reported.
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
  /** Customers whose D1 row was behind the room at the first read and caught up later. */
  d1CaughtUpLater: number;
}

/**
 * What a customer's log must be. `sent`: exactly these, in order. With `acked` (a run that killed the
 * runtime): every acked wamid in order, plus possibly some sent but never acked (stored before the
 * crash, the ack lost with it), nothing else, nothing twice.
 */
export interface Expected {
  sent: string[];
  acked?: string[];
}

const PAGE = 1000;
const PARALLEL = 16;
const MAX_PROBLEMS = 20;
const READ_ATTEMPTS = 5;
/** How long a D1 row may stay behind its room before it counts (the room's alarm retries after 5 s, then backs off). */
const D1_CATCH_UP_MS = 30_000;

export async function checkStored(url: string, phoneNumberId: string, expected: Map<string, string[] | Expected>): Promise<CheckReport> {
  const started = performance.now();
  const report: CheckReport = { customers: expected.size, messages: 0, failedCustomers: 0, problems: [], seconds: 0, d1CaughtUpLater: 0 };
  const queue = [...expected];
  const deadline = Date.now() + D1_CATCH_UP_MS;
  async function lane(): Promise<void> {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [waId, want] = next;
      const exp = Array.isArray(want) ? { sent: want } : want;
      report.messages += (exp.acked ?? exp.sent).length;
      const check = () => checkCustomer(url, phoneNumberId, waId, exp).catch((err: unknown) => `read failed: ${String(err)}`);
      let problem = await check();
      if (problem?.startsWith("D1")) {
        while (problem?.startsWith("D1") && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 250));
          problem = await check();
        }
        if (!problem) report.d1CaughtUpLater++;
      }
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
async function checkCustomer(url: string, phoneNumberId: string, waId: string, exp: Expected): Promise<string | null> {
  const stored: Pick<Message, "seq" | "wamid">[] = [];
  let page: DevCustomer;
  let after = 0;
  do {
    const read = await readPage(
      `${url}/api/dev/customers/${encodeURIComponent(phoneNumberId)}/${encodeURIComponent(waId)}?after=${after}&limit=${PAGE}`,
    );
    if (typeof read === "string") return read;
    page = read;
    if (!page.room) return "no conversation stored";
    stored.push(...page.room.messages);
    after = stored.at(-1)?.seq ?? after;
  } while (page.room.hasMore);

  const { conversation, room } = page;
  const wamids = stored.map((m) => m.wamid ?? "");
  const problem = exp.acked ? roomHoldsAcked(wamids, exp.sent, exp.acked) : roomIsExactly(wamids, exp.sent);
  if (problem) return problem;
  const gap = stored.findIndex((m, i) => m.seq !== i + 1);
  if (gap >= 0) return `sequence not gap-free: message ${gap + 1} has seq ${stored[gap]?.seq}`;
  // The room is right; D1 must agree with it (checked last: only this may be retried while D1 catches up).
  if (!conversation) return "D1 has no conversation row for the room";
  if (conversation.messageCount !== wamids.length) return `D1 messageCount ${conversation.messageCount}, the room holds ${wamids.length}`;
  if (conversation.roomSeq !== room.lastSeq) return `D1 roomSeq ${conversation.roomSeq} behind the room's lastSeq ${room.lastSeq}`;
  return null;
}

function roomIsExactly(wamids: string[], sent: string[]): string | null {
  if (wamids.length !== sent.length) return `room holds ${wamids.length} messages, sent ${sent.length}${describe(wamids, sent)}`;
  const firstDiff = wamids.findIndex((w, i) => w !== sent[i]);
  if (firstDiff >= 0) return `room log differs from send order at message ${firstDiff + 1}${describe(wamids, sent)}`;
  return null;
}

/** Every acked wamid, in send order; besides them only wamids sent (unacked); none twice. */
function roomHoldsAcked(wamids: string[], sent: string[], acked: string[]): string | null {
  const held = new Set(wamids);
  const lost = acked.filter((w) => !held.has(w));
  if (lost.length) return `room lost ${lost.length} acked messages, e.g. ${lost[0]}`;
  if (held.size !== wamids.length) return `room holds a message twice${describe(wamids, sent)}`;
  const sentAt = new Map(sent.map((w, i) => [w, i]));
  if (wamids.some((w) => !sentAt.has(w))) return `room holds messages never sent${describe(wamids, sent)}`;
  if (wamids.some((w, i) => i > 0 && sentAt.get(w)! < sentAt.get(wamids[i - 1]!)!))
    return `room log differs from send order${describe(wamids, sent)}`;
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
