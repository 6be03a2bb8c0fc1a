/**
 * Fan-out: one conversation viewed by 1, 50 and then 500 sockets (five agents, many tabs each); a
 * customer message at a time, and the time from its webhook leaving to the last socket having it.
 */
import { randomUUID } from "node:crypto";
import { signedWebhook } from "../../test/peers/webhook-builders";
import { inviteAgents, type AgentSession } from "../lib/accounts";
import { checkRoomSequence, messagesBy, noProblems, problem, restartNote, type Problems } from "../lib/frame-checks";
import { FrameLog, LiveClient, LiveClients } from "../lib/live-clients";
import { latency, now, sleep, waitFor, type Latency } from "../lib/live-figures";
import type { PacedRequest, SocketSpec } from "../lib/live-protocol";
import { inboundText, liveCustomers, roomSocketUrl, seedCustomers, sharedLiveStack, socketHeaders } from "../lib/live-stack";
import { CpuMeter, type CpuShare } from "../lib/process-cpu";
import { PORTS, type BenchContext } from "../lib/scenario";
import { startReference } from "../lib/stack";
import { roleCpu, type RoleCpuMs } from "../lib/workerd-memory";

const LEVELS = [1, 50, 500];
const MESSAGES_PER_LEVEL = 30;
/** One message every 200 ms: each is timed on its own, not queued behind the previous one. */
const INTERVAL_MS = 200;
const AGENTS = 5;
const RECEIVER_PROCESSES = 2;
const DRAIN_MS = 20_000;

export interface FanoutLevel {
  sockets: number;
  messages: number;
  /** Webhook scheduled → the last of the sockets has the frame. */
  lastSocketMs: Latency;
  /** … → the first socket has it. */
  firstSocketMs: Latency;
  ackMs: Latency;
  /** How late the sender itself sent each webhook: a late send shows in every figure above. */
  senderLagMs: Latency;
  /** Opening the sockets added for this level (authenticated upgrades, each announced to the room's viewers). */
  openedPerSec: number;
  cpu: CpuShare | null;
  /** workerd CPU per message: wrangler's dev proxy relaying frames vs the runtime (Parley). */
  cpuMsPerMessage: RoleCpuMs;
}

export interface FanoutResult {
  levels: FanoutLevel[];
  /**
   * The same 500 sockets and messages on the reference Worker's bare object (bench/reference/): one
   * frame to every socket per POST, nothing else. The runtime's floor under the last socket's time.
   */
  reference: FanoutLevel | null;
  failures: string[];
}

export async function runFanout(ctx: BenchContext): Promise<FanoutResult> {
  const stack = await sharedLiveStack(ctx);
  const [receivers, sender] = await Promise.all([LiveClients.start(RECEIVER_PROCESSES), LiveClient.start()]);
  const problems = noProblems();
  try {
    const [[waId, conversationId]] = [...(await seedCustomers(stack, liveCustomers(2, 1)))] as [[string, string]];
    const agents: AgentSession[] = [stack.owner, ...(await inviteAgents(stack.url, stack.owner, AGENTS - 1))];
    const log = new FrameLog(receivers);
    const afterSeq = new Map<string, number>();
    let lastSeq = 1;
    const levels: FanoutLevel[] = [];
    for (const level of LEVELS.map((n) => Math.max(1, Math.round(n / ctx.scale)))) {
      const specs: SocketSpec[] = [];
      for (let i = afterSeq.size; i < level; i++) {
        const key = `fan-${i}`;
        afterSeq.set(key, lastSeq);
        specs.push({ key, url: roomSocketUrl(stack, conversationId, lastSeq), headers: socketHeaders(stack, agents[i % agents.length]!) });
      }
      ctx.log(`fanout: opening ${specs.length} more sockets on one conversation (${level} in all)`);
      const openedFrom = now();
      const opened = await receivers.open(specs, 8);
      if (opened.failures.length) throw new Error(`sockets did not open: ${opened.failures.slice(0, 3).join("; ")}`);
      const openedPerSec = Math.round(specs.length / ((now() - openedFrom) / 1000));
      await sleep(500);

      const run = randomUUID().slice(0, 8);
      const requests: PacedRequest[] = Array.from({ length: MESSAGES_PER_LEVEL }, (_, i) => {
        const wamid = `wamid.bench-fanout-${run}-${i}`;
        const { payload, headers } = signedWebhook(stack.appSecret, inboundText(waId, wamid, `fanout ${level} #${i}`));
        return { id: wamid, at: i * INTERVAL_MS, path: "/webhooks/whatsapp", headers, body: payload };
      });
      const timed = await timeMessages({
        port: PORTS.parley,
        url: stack.url,
        keys: [...afterSeq.keys()],
        requests,
        receivers,
        sender,
        log,
        problems,
        label: `level ${level}`,
      });
      lastSeq += MESSAGES_PER_LEVEL;
      const figures: FanoutLevel = { sockets: level, openedPerSec, ...timed };
      ctx.log(
        `fanout ${level} sockets: last socket p50/p99 ${figures.lastSocketMs.p50}/${figures.lastSocketMs.p99} ms, first ${figures.firstSocketMs.p50}/${figures.firstSocketMs.p99} ms`,
      );
      levels.push(figures);
    }
    await log.pull();
    for (const [key, after] of afterSeq) checkRoomSequence(key, log.of(key), after, problems);
    await receivers.close();
    const reference = await referenceLevel(ctx, receivers, sender, log, problems, waId);
    return {
      levels,
      reference,
      failures: problems.count ? [`fanout: ${problems.count} delivery problems: ${problems.samples.join("; ")}`] : [],
    };
  } finally {
    receivers.exit();
    sender.exit();
  }
}

interface TimeMessages {
  port: number;
  url: string;
  keys: string[];
  requests: PacedRequest[];
  receivers: LiveClients;
  sender: LiveClient;
  log: FrameLog;
  problems: Problems;
  label: string;
}

/** Paces the webhooks, waits until every socket has every message, and times each one's arrivals. */
async function timeMessages(t: TimeMessages): Promise<Omit<FanoutLevel, "sockets" | "openedPerSec">> {
  const meter = CpuMeter.start(new Set([...t.receivers.pids, ...(t.sender.pid ? [t.sender.pid] : [])]));
  const byRole = roleCpu(t.port);
  const results = await t.sender.pace(t.url, now() + 300, t.requests);
  const everyoneHasAll = () =>
    t.keys.every((key) => {
      const got = messagesBy(t.log.of(key), "wamid");
      return t.requests.every((r) => got.has(r.id));
    });
  await waitFor(async () => (await t.log.pull(), everyoneHasAll()), DRAIN_MS, 200);
  const cpu = meter?.stop() ?? null;
  const used = byRole.stop();
  // A dropped socket explains the missing frames below; say it first.
  const { dropped } = await t.receivers.stats();
  if (dropped.length) problem(t.problems, `${dropped.length} sockets dropped by ${t.label}, e.g. ${JSON.stringify(dropped[0])}`);

  const restart = restartNote(results);
  if (restart) problem(t.problems, restart);
  const last: number[] = [];
  const first: number[] = [];
  const ack: number[] = [];
  const perSocket = new Map(t.keys.map((key) => [key, messagesBy(t.log.of(key), "wamid")]));
  for (const r of results) {
    if (r.status !== 200) problem(t.problems, `${t.label}: webhook ${r.id} answered ${r.status} ${r.body.slice(0, 120)}`);
    else ack.push(r.ackAt - r.scheduledAt);
    const arrivals: number[] = [];
    for (const [key, byWamid] of perSocket) {
      const got = byWamid.get(r.id) ?? [];
      if (got.length !== 1) problem(t.problems, `${key}: ${r.id} arrived ${got.length} times`);
      else arrivals.push(got[0]!.t);
    }
    if (arrivals.length) {
      last.push(Math.max(...arrivals) - r.scheduledAt);
      first.push(Math.min(...arrivals) - r.scheduledAt);
    }
  }
  return {
    messages: results.length,
    lastSocketMs: latency(last),
    firstSocketMs: latency(first),
    ackMs: latency(ack),
    senderLagMs: latency(results.map((r) => r.sentAt - r.scheduledAt)),
    cpu,
    cpuMsPerMessage: { proxy: Math.round(used.proxy / results.length), runtime: Math.round(used.runtime / results.length) },
  };
}

/** The largest level again, on the reference Worker's bare object, with the same clients and pace. */
async function referenceLevel(
  ctx: BenchContext,
  receivers: LiveClients,
  sender: LiveClient,
  log: FrameLog,
  problems: Problems,
  waId: string,
): Promise<FanoutLevel> {
  const sockets = Math.max(1, Math.round(LEVELS.at(-1)! / ctx.scale));
  ctx.log(`fanout: the reference Worker's bare object, ${sockets} sockets`);
  const server = await startReference(PORTS.ceiling);
  try {
    const url = `${server.url.replace(/^http/, "ws")}/reference/viewers`;
    const keys = Array.from({ length: sockets }, (_, i) => `reference-${i}`);
    const openedFrom = now();
    const opened = await receivers.open(
      keys.map((key) => ({ key, url, headers: {} })),
      8,
    );
    if (opened.failures.length) throw new Error(`reference sockets did not open: ${opened.failures.slice(0, 3).join("; ")}`);
    const openedPerSec = Math.round(sockets / ((now() - openedFrom) / 1000));
    await sleep(500);
    const run = randomUUID().slice(0, 8);
    const requests: PacedRequest[] = Array.from({ length: MESSAGES_PER_LEVEL }, (_, i) => {
      const wamid = `wamid.bench-reference-${run}-${i}`;
      return {
        id: wamid,
        at: i * INTERVAL_MS,
        path: "/reference/viewers",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(inboundText(waId, wamid, `reference #${i}`)),
      };
    });
    // Its runtime CPU also counts Parley's shared runtime, idle meanwhile (its sockets are closed).
    const timed = await timeMessages({
      port: PORTS.ceiling,
      url: server.url,
      keys,
      requests,
      receivers,
      sender,
      log,
      problems,
      label: "the reference",
    });
    const figures: FanoutLevel = { sockets, openedPerSec, ...timed };
    ctx.log(`fanout reference ${sockets} sockets: last socket p50/p99 ${figures.lastSocketMs.p50}/${figures.lastSocketMs.p99} ms`);
    await receivers.close(keys);
    return figures;
  } finally {
    await server.stop();
  }
}
