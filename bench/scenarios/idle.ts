/**
 * Idle: 5,000 open agent sockets that mostly wait, as a team's tabs do all day: 500 on the org's inbox
 * and 4,500 on 100 conversations, ten agents. Measured on a runtime of its own: workerd's memory before
 * and after, and what the 20-second heartbeat costs (the runtime answers `ping` itself, without waking
 * the objects), as workerd CPU against a quiet period of the same length.
 */
import { inviteAgents, type AgentSession } from "../lib/accounts";
import { LiveClients } from "../lib/live-clients";
import { now, sleep, waitFor } from "../lib/live-figures";
import type { SocketSpec } from "../lib/live-protocol";
import { inboxSocketUrl, liveCustomers, roomSocketUrl, seedCustomers, socketHeaders, startLiveStack } from "../lib/live-stack";
import { CpuMeter, type CpuShare } from "../lib/process-cpu";
import { PORTS, type BenchContext } from "../lib/scenario";
import { roleCpu, workerdMemory, type RoleCpuMs, type WorkerdMemory } from "../lib/workerd-memory";

const AGENTS = 10;
const ROOMS = 100;
const ROOM_SOCKETS = 4500;
const INBOX_SOCKETS = 500;
const HEARTBEAT_MS = 20_000;
/** Each measured window: half a heartbeat period (every socket pings about once per 20 s, spread evenly). */
const WINDOW_MS = 10_000;
const CLIENT_PROCESSES = 2;
/** How long the runtime gets to let go of closed sockets before memory is read anyway. */
const CLOSE_WAIT_MS = 15_000;

export interface IdleResult {
  sockets: number;
  opened: { seconds: number; perSec: number };
  memory: {
    before: WorkerdMemory | null;
    afterOpen: WorkerdMemory | null;
    afterIdle: WorkerdMemory | null;
    afterClose: WorkerdMemory | null;
  };
  /** (RSS with the sockets open and idle − before) per 1,000 sockets. */
  miBPer1000Sockets: number | null;
  byRoleMiBPer1000: Record<string, number> | null;
  /** From closing every socket until the runtime and the proxy let go of their file descriptors. */
  closeSeconds: number;
  quiet: { cpu: CpuShare | null };
  heartbeat: {
    everyMs: number;
    pings: number;
    pongs: number;
    cpu: CpuShare | null;
    workerdCpuUsPerPing: number | null;
    /** workerd CPU (ms) over each window, by process: the heartbeat's cost is the difference. */
    cpuMsByRole: { quiet: RoleCpuMs; pinging: RoleCpuMs };
  };
  clientsRssMiB: number;
  failures: string[];
}

export async function runIdle(ctx: BenchContext): Promise<IdleResult> {
  ctx.log("idle: starting a Parley stack of its own (a clean runtime to measure memory on)");
  const stack = await startLiveStack(ctx);
  const clients = await LiveClients.start(CLIENT_PROCESSES);
  const failures: string[] = [];
  try {
    const conversations = [...(await seedCustomers(stack, liveCustomers(5, ROOMS))).values()];
    const agents: AgentSession[] = [stack.owner, ...(await inviteAgents(stack.url, stack.owner, AGENTS - 1))];
    const scaled = (n: number) => Math.max(10, Math.round(n / ctx.scale));
    const specs: SocketSpec[] = [
      ...Array.from({ length: scaled(INBOX_SOCKETS) }, (_, i) => ({
        key: `inbox-${i}`,
        url: inboxSocketUrl(stack),
        headers: socketHeaders(stack, agents[i % AGENTS]!),
      })),
      ...Array.from({ length: scaled(ROOM_SOCKETS) }, (_, i) => ({
        key: `room-${i}`,
        url: roomSocketUrl(stack, conversations[i % ROOMS]!, 1),
        headers: socketHeaders(stack, agents[Math.floor(i / ROOMS) % AGENTS]!),
      })),
    ];
    await sleep(2000);
    const before = workerdMemory(PORTS.parley);
    ctx.log(
      `idle: opening ${specs.length} sockets (${scaled(INBOX_SOCKETS)} on the inbox, ${scaled(ROOM_SOCKETS)} on ${ROOMS} conversations)`,
    );
    const openedFrom = now();
    const opened = await clients.open(specs, 16);
    const openSeconds = (now() - openedFrom) / 1000;
    if (opened.failures.length) failures.push(`idle: ${opened.failures.length} sockets did not open, e.g. ${opened.failures[0]}`);
    await sleep(5000);
    const afterOpen = workerdMemory(PORTS.parley);

    ctx.log(`idle: ${WINDOW_MS / 1000} s quiet, then ${WINDOW_MS / 1000} s with every socket pinging every ${HEARTBEAT_MS / 1000} s`);
    const quiet = CpuMeter.start(clients.pids);
    const quietByRole = roleCpu(PORTS.parley);
    await sleep(WINDOW_MS);
    const quietCpu = quiet?.stop() ?? null;
    const quietMs = quietByRole.stop();
    const afterIdle = workerdMemory(PORTS.parley);
    const pings0 = await clients.stats();
    const beating = CpuMeter.start(clients.pids);
    const beatByRole = roleCpu(PORTS.parley);
    await clients.heartbeat(HEARTBEAT_MS);
    await sleep(WINDOW_MS);
    await clients.heartbeat(null);
    const beatCpu = beating?.stop() ?? null;
    const beatMs = beatByRole.stop();
    await sleep(1000); // the last pongs in flight
    const pings1 = await clients.stats();
    const pings = pings1.pingsSent - pings0.pingsSent;
    const pongs = pings1.pongs - pings0.pongs;
    if (pongs !== pings) failures.push(`idle: ${pings} pings sent, ${pongs} pongs received`);
    if (pings1.dropped.length) failures.push(`idle: ${pings1.dropped.length} sockets dropped, e.g. ${JSON.stringify(pings1.dropped[0])}`);
    if (pings1.open !== opened.sockets.length)
      failures.push(`idle: ${pings1.open} of ${opened.sockets.length} sockets still open at the end`);

    // Closing is not instant: each close is announced to the sockets left (presence, viewers).
    const closedFrom = now();
    await clients.close();
    await waitFor(() => workerdMemory(PORTS.parley)?.processes.every((p) => p.openFiles < 1000) ?? true, CLOSE_WAIT_MS, 500);
    const closeSeconds = Math.round((now() - closedFrom) / 100) / 10;
    const afterClose = workerdMemory(PORTS.parley);
    // From /proc ticks (10 ms) rather than rounded percentages: the cost per ping is small.
    const extraMs = beatMs.proxy + beatMs.runtime - quietMs.proxy - quietMs.runtime;
    const result: IdleResult = {
      sockets: opened.sockets.length,
      opened: { seconds: Math.round(openSeconds * 10) / 10, perSec: Math.round(opened.sockets.length / openSeconds) },
      memory: { before, afterOpen, afterIdle, afterClose },
      miBPer1000Sockets: before && afterIdle ? per1000(afterIdle.totalMiB - before.totalMiB, opened.sockets.length) : null,
      byRoleMiBPer1000: before && afterIdle ? byRole(before, afterIdle, opened.sockets.length) : null,
      closeSeconds,
      quiet: { cpu: quietCpu },
      heartbeat: {
        everyMs: HEARTBEAT_MS,
        pings,
        pongs,
        cpu: beatCpu,
        workerdCpuUsPerPing: pings ? Math.round((Math.max(0, extraMs) * 1000) / pings) : null,
        cpuMsByRole: { quiet: quietMs, pinging: beatMs },
      },
      clientsRssMiB: pings1.rssMiB,
      failures,
    };
    ctx.log(
      `idle: ${result.sockets} sockets, workerd ${before?.totalMiB} → ${afterIdle?.totalMiB} MiB (${result.miBPer1000Sockets} MiB per 1,000); heartbeat ${pings} pings, workerd ${quietCpu?.workerd}% → ${beatCpu?.workerd}% of a core`,
    );
    return result;
  } finally {
    clients.exit();
    await stack.server.stop();
  }
}

const per1000 = (mib: number, sockets: number) => Math.round((mib / sockets) * 1000 * 10) / 10;

/** The growth per process role (wrangler's dev proxy, the runtime), per 1,000 sockets. */
function byRole(before: WorkerdMemory, after: WorkerdMemory, sockets: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of after.processes) {
    const was = before.processes.find((b) => b.pid === p.pid)?.rssMiB ?? 0;
    out[p.role] = per1000(p.rssMiB - was, sockets);
  }
  return out;
}
