/**
 * Send: agents send through the API at a fixed rate (open loop) → the room appends `queued` and fans
 * it out → the queue consumer calls the local Graph API peer → the peer posts signed status webhooks
 * (sent, delivered, read) → the ticks arrive on the agent's room socket. Each leg is timed from the
 * send's scheduled time.
 */
import { randomUUID } from "node:crypto";
import { DEFAULT_STATUS_DELAYS_MS } from "../../test/peers/meta-status-callbacks";
import { apiHeaders } from "../lib/accounts";
import { checkRoomSequence, noProblems, problem, restartNote, type Problems } from "../lib/frame-checks";
import { FrameLog, LiveClient } from "../lib/live-clients";
import { latency, now, waitFor, type Latency } from "../lib/live-figures";
import type { FrameRecord, PacedRequest, PacedResult } from "../lib/live-protocol";
import {
  liveCustomers,
  roomSocketUrl,
  seedCustomers,
  sharedLiveStack,
  SHARED_STACK_VARS,
  socketHeaders,
  type LiveStack,
} from "../lib/live-stack";
import { CpuMeter, type CpuShare } from "../lib/process-cpu";
import { PORTS, type BenchContext } from "../lib/scenario";
import { roleCpu, type RoleCpuMs } from "../lib/workerd-memory";

const CONVERSATIONS = 10;
const WARMUP = { perSec: 20, seconds: 1 };
/** A light load first, so the path's own latency shows apart from queueing; then the 100/s. */
const RATES = [
  { perSec: 10, seconds: 3 },
  { perSec: 100, seconds: 5 },
];
const DRAIN_MS = 45_000;
const TICKS = ["sent", "delivered", "read"] as const;

export interface SendVariant {
  perSec: number;
  sends: number;
  /** POST answered 201. */
  apiAckMs: Latency;
  /** The `queued` message frame on the agent's socket. */
  queuedFrameMs: Latency;
  /** The Graph API peer received the send (queue batch wait + consumer + Graph call). */
  peerReceivedMs: Latency;
  sentTickMs: Latency;
  deliveredTickMs: Latency;
  readTickMs: Latency;
  cpu: CpuShare | null;
  /** workerd CPU per send, the whole path (API, queue consumer, three status webhooks): dev proxy vs runtime. */
  cpuMsPerSend: RoleCpuMs;
}

export interface SendResult {
  variants: SendVariant[];
  /** The peer's configured status delays after it accepted a send (ms): part of every tick's latency. */
  peerDelaysMs: typeof DEFAULT_STATUS_DELAYS_MS;
  /** Per-number send rate the stack ran with (Meta's default of 80/s would queue a 100/s load by design). */
  sendRatePerSecond: number;
  failures: string[];
}

interface PeerRequest {
  method: string;
  path: string;
  body: unknown;
  at: number;
}

export async function runSend(ctx: BenchContext): Promise<SendResult> {
  const stack = await sharedLiveStack(ctx);
  const [receiver, sender] = await Promise.all([LiveClient.start(), LiveClient.start()]);
  const problems = noProblems();
  try {
    const conversations = [...(await seedCustomers(stack, liveCustomers(4, CONVERSATIONS))).values()];
    const opened = await receiver.open(
      conversations.map((id) => ({ key: id, url: roomSocketUrl(stack, id, 1), headers: socketHeaders(stack, stack.owner) })),
    );
    if (opened.failures.length) throw new Error(`sockets did not open: ${opened.failures.slice(0, 3).join("; ")}`);
    const log = new FrameLog(receiver);
    const phase = async (name: string, perSec: number, seconds: number) => {
      const count = Math.max(10, Math.round((perSec * seconds) / ctx.scale));
      const requests: PacedRequest[] = Array.from({ length: count }, (_, i) => {
        const clientId = randomUUID();
        return {
          id: clientId,
          at: (i * 1000) / perSec,
          path: `/api/conversations/${conversations[i % conversations.length]}/messages`,
          headers: apiHeaders(stack.owner),
          body: JSON.stringify({ type: "text", clientId, text: `send ${name} #${i}` }),
        };
      });
      const meter = CpuMeter.start(new Set([receiver.pid, sender.pid].flatMap((p) => (p === undefined ? [] : [p]))));
      const byRole = roleCpu(PORTS.parley);
      const results = await sender.pace(stack.url, now() + 300, requests);
      const ids = new Set(requests.map((r) => r.id));
      await waitFor(
        async () => {
          await log.pull();
          return readCount(log, ids) === ids.size;
        },
        DRAIN_MS,
        250,
      );
      const used = byRole.stop();
      return {
        results,
        cpu: meter?.stop() ?? null,
        cpuMsPerSend: { proxy: Math.round(used.proxy / count), runtime: Math.round(used.runtime / count) },
      };
    };

    ctx.log(`send: warm-up at ${WARMUP.perSec}/s`);
    await phase("warm-up", WARMUP.perSec, WARMUP.seconds);
    const variants: SendVariant[] = [];
    for (const rate of RATES) {
      ctx.log(`send: ${rate.perSec} sends/s through the API, open loop over ${CONVERSATIONS} conversations`);
      const { results, cpu, cpuMsPerSend } = await phase(`${rate.perSec}/s`, rate.perSec, rate.seconds);
      const v = { ...judge(rate.perSec, results, cpu, await peerSends(stack), log, problems), cpuMsPerSend };
      ctx.log(
        `send ${rate.perSec}/s: ack p99 ${v.apiAckMs.p99} ms, peer received p99 ${v.peerReceivedMs.p99} ms, read tick p50/p99 ${v.readTickMs.p50}/${v.readTickMs.p99} ms`,
      );
      variants.push(v);
    }
    await log.pull();
    for (const [key, f] of log.frames) checkRoomSequence(key, f, 1, problems);
    const { dropped } = await receiver.stats();
    if (dropped.length) problem(problems, `${dropped.length} sockets dropped, e.g. ${JSON.stringify(dropped[0])}`);
    return {
      variants,
      peerDelaysMs: DEFAULT_STATUS_DELAYS_MS,
      sendRatePerSecond: Number(SHARED_STACK_VARS.SEND_RATE_PER_SECOND),
      failures: problems.count ? [`send: ${problems.count} problems: ${problems.samples.join("; ")}`] : [],
    };
  } finally {
    receiver.exit();
    sender.exit();
  }
}

/** Every send of a phase: acked once, received by the peer once, its frame and three ticks once each, in order. */
function judge(
  perSec: number,
  results: PacedResult[],
  cpu: CpuShare | null,
  peer: Map<string, number[]>,
  log: FrameLog,
  problems: Problems,
): Omit<SendVariant, "cpuMsPerSend"> {
  const restart = restartNote(results);
  if (restart) problem(problems, restart);
  const frames = new Map<string, FrameRecord[]>();
  for (const [, f] of log.frames)
    for (const r of f) if (r.k === "message" || r.k === "status") frames.set(r.id, [...(frames.get(r.id) ?? []), r]);
  const legs = {
    ack: [] as number[],
    queued: [] as number[],
    peer: [] as number[],
    sent: [] as number[],
    delivered: [] as number[],
    read: [] as number[],
  };
  for (const r of results) {
    if (r.status !== 201) {
      problem(problems, `send ${r.id} answered ${r.status} ${r.body.slice(0, 120)}`);
      continue;
    }
    legs.ack.push(r.ackAt - r.scheduledAt);
    const received = peer.get(r.id) ?? [];
    if (received.length !== 1) problem(problems, `the Graph peer received ${r.id} ${received.length} times`);
    else legs.peer.push(received[0]! - r.scheduledAt);
    checkTicks(r.id, frames.get(r.id) ?? [], r.scheduledAt, legs, problems);
  }
  return {
    perSec,
    sends: results.length,
    apiAckMs: latency(legs.ack),
    queuedFrameMs: latency(legs.queued),
    peerReceivedMs: latency(legs.peer),
    sentTickMs: latency(legs.sent),
    deliveredTickMs: latency(legs.delivered),
    readTickMs: latency(legs.read),
    cpu,
  };
}

function readCount(log: FrameLog, ids: Set<string>): number {
  let n = 0;
  for (const [, frames] of log.frames) for (const f of frames) if (f.k === "status" && f.status === "read" && ids.has(f.id)) n++;
  return n;
}

/** One `queued` message frame, then sent, delivered and read once each, in that order. */
function checkTicks(
  id: string,
  frames: FrameRecord[],
  from: number,
  legs: Record<"queued" | (typeof TICKS)[number], number[]>,
  p: Problems,
): void {
  const messages = frames.filter((f) => f.k === "message");
  const statuses = frames.flatMap((f) => (f.k === "status" ? [f.status] : []));
  if (messages.length !== 1) problem(p, `${id}: its message frame arrived ${messages.length} times`);
  else legs.queued.push(messages[0]!.t - from);
  if (statuses.join(",") !== TICKS.join(",")) {
    problem(p, `${id}: ticks arrived as [${statuses.join(", ")}]`);
    return;
  }
  for (const f of frames) if (f.k === "status") legs[f.status as (typeof TICKS)[number]].push(f.t - from);
}

/** When the peer received each send, by Parley's message id (echoed in `biz_opaque_callback_data`). */
async function peerSends(stack: LiveStack): Promise<Map<string, number[]>> {
  const res = await fetch(`${stack.peerUrl}/__peer/requests`);
  if (!res.ok) throw new Error(`the Graph peer's controls answered ${res.status}`);
  const by = new Map<string, number[]>();
  for (const r of (await res.json()) as PeerRequest[]) {
    if (r.method !== "POST" || !r.path.endsWith("/messages") || typeof r.body !== "object" || r.body === null) continue;
    const data = (r.body as { biz_opaque_callback_data?: unknown }).biz_opaque_callback_data;
    const id = typeof data === "string" ? /(?:^|:)msg:([^:]+)$/.exec(data)?.[1] : undefined;
    if (id) by.set(id, [...(by.get(id) ?? []), r.at]);
  }
  return by;
}
