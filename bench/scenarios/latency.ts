/**
 * Latency: a signed webhook POST leaves the "Meta" client → the message frame arrives on an agent's
 * room socket, and the conversation's row on the agent's inbox socket. Open loop at fixed rates: POSTs
 * leave on schedule whatever the server's pace, and latency counts from the scheduled time, so a
 * server that falls behind shows as latency rather than as a slower sender.
 */
import { randomUUID } from "node:crypto";
import { signedWebhook } from "../../test/peers/webhook-builders";
import {
  checkInboxRows,
  checkRoomSequence,
  firstRowAtOrAfter,
  messagesBy,
  noProblems,
  problem,
  restartNote,
  type Problems,
} from "../lib/frame-checks";
import { FrameLog, LiveClient } from "../lib/live-clients";
import { latency, now, waitFor, type Latency } from "../lib/live-figures";
import type { FrameRecord, PacedRequest, PacedResult } from "../lib/live-protocol";
import {
  inboundText,
  inboxSocketUrl,
  liveCustomers,
  roomSocketUrl,
  seedCustomers,
  sharedLiveStack,
  socketHeaders,
  type LiveStack,
} from "../lib/live-stack";
import { CpuMeter, type CpuShare } from "../lib/process-cpu";
import { PORTS, type BenchContext } from "../lib/scenario";
import { roleCpu, type RoleCpuMs } from "../lib/workerd-memory";

/** Conversations the events are spread over; the agent has each open (one room socket each). */
const CUSTOMERS = 20;
const WARMUP = { perSec: 50, seconds: 2 };
/** 20/s first: the path's own latency, apart from queueing; then the two rates. */
const RATES = [
  { perSec: 20, seconds: 3 },
  { perSec: 100, seconds: 6 },
  { perSec: 500, seconds: 3 },
];
/** How long delivery may trail the last ack before what is missing counts as lost. */
const DRAIN_MS = 20_000;
const INBOX = "inbox";

export interface LatencyVariant {
  perSec: number;
  events: number;
  /** Events acked per second, first scheduled send to last ack: below `perSec` means the server fell behind. */
  achievedPerSec: number;
  ackMs: Latency;
  roomMs: Latency;
  inboxMs: Latency;
  /** How late the sender itself was against its schedule (it must be ~0 for the figures to hold). */
  senderLagMs: Latency;
  cpu: CpuShare | null;
  workerdCpuMsPerEvent: number | null;
  /** The same split by process: wrangler's dev proxy vs the runtime (Parley's own cost). */
  cpuMsPerEvent: RoleCpuMs;
}

export interface LatencyResult {
  customers: number;
  variants: LatencyVariant[];
  failures: string[];
}

interface Event {
  wamid: string;
  waId: string;
  conversationId: string;
}

export async function runLatency(ctx: BenchContext): Promise<LatencyResult> {
  const stack = await sharedLiveStack(ctx);
  const [receiver, sender] = await Promise.all([LiveClient.start(), LiveClient.start()]);
  const failures: string[] = [];
  try {
    const conversations = await seedCustomers(stack, liveCustomers(1, CUSTOMERS));
    const specs = [
      { key: INBOX, url: inboxSocketUrl(stack), headers: socketHeaders(stack, stack.owner) },
      ...[...conversations.values()].map((id) => ({ key: id, url: roomSocketUrl(stack, id), headers: socketHeaders(stack, stack.owner) })),
    ];
    const opened = await receiver.open(specs);
    if (opened.failures.length) throw new Error(`sockets did not open: ${opened.failures.slice(0, 3).join("; ")}`);
    const log = new FrameLog(receiver);
    const pids = new Set([receiver.pid, sender.pid].flatMap((p) => (p === undefined ? [] : [p])));
    const problems = noProblems();
    const phase = (name: string, perSec: number, seconds: number) =>
      runPhase(
        ctx,
        stack,
        sender,
        log,
        pids,
        [...conversations],
        name,
        perSec,
        Math.max(20, Math.round((perSec * seconds) / ctx.scale)),
        problems,
      );

    ctx.log(`latency: warm-up at ${WARMUP.perSec}/s`);
    await phase("warm-up", WARMUP.perSec, WARMUP.seconds);
    const variants: LatencyVariant[] = [];
    for (const r of RATES) {
      ctx.log(`latency: ${r.perSec} events/s open loop over ${CUSTOMERS} conversations`);
      variants.push(await phase(`${r.perSec}/s`, r.perSec, r.seconds));
    }

    // The whole run's frames: each room socket's log gap-free from seq 1 (connected without ?after=, so
    // the room replayed its log first), the inbox never backwards.
    await log.pull();
    for (const [key, frames] of log.frames) if (key !== INBOX) checkRoomSequence(key, frames, 0, problems);
    const rows = checkInboxRows(INBOX, log.of(INBOX), problems);
    for (const id of conversations.values()) {
      const lastRoom = log.of(id).at(-1);
      const lastRow = rows.get(id)?.at(-1);
      if (lastRoom && lastRoom.k !== "rows" && lastRow?.roomSeq !== lastRoom.seq)
        problem(problems, `inbox ends ${id} at seq ${lastRow?.roomSeq ?? "none"}, its room at ${lastRoom.seq}`);
    }
    const { dropped } = await receiver.stats();
    if (dropped.length) problem(problems, `${dropped.length} sockets dropped, e.g. ${JSON.stringify(dropped[0])}`);
    if (problems.count) failures.push(`latency: ${problems.count} delivery problems: ${problems.samples.join("; ")}`);
    return { customers: CUSTOMERS, variants, failures };
  } finally {
    receiver.exit();
    sender.exit();
  }
}

async function runPhase(
  ctx: BenchContext,
  stack: LiveStack,
  sender: LiveClient,
  log: FrameLog,
  pids: Set<number>,
  conversations: [waId: string, conversationId: string][],
  name: string,
  perSec: number,
  count: number,
  problems: Problems,
): Promise<LatencyVariant> {
  const run = randomUUID().slice(0, 8);
  const events: Event[] = Array.from({ length: count }, (_, i) => {
    const [waId, conversationId] = conversations[i % conversations.length]!;
    return { wamid: `wamid.bench-latency-${run}-${i}`, waId, conversationId };
  });
  const requests: PacedRequest[] = events.map((e, i) => {
    const { payload, headers } = signedWebhook(stack.appSecret, inboundText(e.waId, e.wamid, `latency ${name} #${i}`));
    return { id: e.wamid, at: (i * 1000) / perSec, path: "/webhooks/whatsapp", headers, body: payload };
  });
  const meter = CpuMeter.start(pids);
  const meteredFrom = now();
  const byRole = roleCpu(PORTS.parley);
  const startAt = now() + 300;
  const results = await sender.pace(stack.url, startAt, requests);
  const delivered = () => {
    const all = [...log.frames].filter(([k]) => k !== INBOX).flatMap(([, f]) => f);
    const seen = messagesBy(all, "wamid");
    return events.every((e) => seen.has(e.wamid));
  };
  await waitFor(
    async () => {
      await log.pull();
      return delivered() && inboxCaughtUp(log.frames, events);
    },
    DRAIN_MS,
    200,
  );
  const cpu = meter?.stop() ?? null;
  const meteredSeconds = (now() - meteredFrom) / 1000;
  const used = byRole.stop();

  const restart = restartNote(results);
  if (restart) problem(problems, restart);
  const byWamid = new Map(results.map((r) => [r.id, r]));
  const roomFrames = messagesBy(
    [...log.frames].filter(([k]) => k !== INBOX).flatMap(([, f]) => f),
    "wamid",
  );
  const rows = checkInboxRows(INBOX, log.of(INBOX), noProblems());
  const ack: number[] = [];
  const room: number[] = [];
  const inbox: number[] = [];
  const lag: number[] = [];
  for (const e of events) {
    const r = byWamid.get(e.wamid)!;
    lag.push(r.sentAt - r.scheduledAt);
    if (!acked(r)) {
      problem(problems, `${name}: webhook ${e.wamid} answered ${r.status} ${r.body.slice(0, 120)}`);
      continue;
    }
    ack.push(r.ackAt - r.scheduledAt);
    const frames = roomFrames.get(e.wamid) ?? [];
    if (frames.length !== 1) {
      problem(problems, `${name}: ${e.wamid} reached its room socket ${frames.length} times`);
      continue;
    }
    const f = frames[0]!;
    room.push(f.t - r.scheduledAt);
    const rowAt = firstRowAtOrAfter(rows.get(e.conversationId), f.seq);
    if (rowAt === null) problem(problems, `${name}: no inbox row reached seq ${f.seq} of ${e.conversationId}`);
    else inbox.push(rowAt - r.scheduledAt);
  }
  const lastAck = Math.max(...results.map((r) => r.ackAt));
  const seconds = (lastAck - startAt) / 1000;
  const variant: LatencyVariant = {
    perSec,
    events: count,
    achievedPerSec: Math.round(ack.length / seconds),
    ackMs: latency(ack),
    roomMs: latency(room),
    inboxMs: latency(inbox),
    senderLagMs: latency(lag),
    cpu,
    workerdCpuMsPerEvent: cpu ? Math.round(((cpu.workerd / 100) * meteredSeconds * 1000 * 100) / count) / 100 : null,
    cpuMsPerEvent: { proxy: Math.round((used.proxy / count) * 100) / 100, runtime: Math.round((used.runtime / count) * 100) / 100 },
  };
  ctx.log(
    `latency ${name}: room p50/p99 ${variant.roomMs.p50}/${variant.roomMs.p99} ms, inbox ${variant.inboxMs.p50}/${variant.inboxMs.p99} ms, ack ${variant.ackMs.p50}/${variant.ackMs.p99} ms, ${variant.achievedPerSec}/s`,
  );
  return variant;
}

/** 200 with the message stored (not a duplicate): anything else is a lost or doubled event. */
function acked(r: PacedResult): boolean {
  if (r.status !== 200) return false;
  try {
    const a = JSON.parse(r.body) as { stored?: number };
    return a.stored === 1;
  } catch {
    return false;
  }
}

function inboxCaughtUp(frames: Map<string, FrameRecord[]>, events: Event[]): boolean {
  const rows = checkInboxRows(INBOX, frames.get(INBOX) ?? [], noProblems());
  const ids = new Set(events.map((e) => e.conversationId));
  for (const id of ids) {
    const last = (frames.get(id) ?? []).at(-1);
    if (!last || last.k === "rows") return false;
    if ((rows.get(id)?.at(-1)?.roomSeq ?? 0) < last.seq) return false;
  }
  return true;
}
