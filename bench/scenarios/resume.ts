/**
 * Resume: an agent's socket drops, the conversation moves on by 1,000 messages, and the tab
 * reconnects with `?after=<last seq it saw>`. Measured: from opening the new socket to `ready`, with
 * all 1,000 missed frames received before it, in order, each once.
 */
import { randomUUID } from "node:crypto";
import { inboundMessageBody } from "../../test/peers/webhook-builders";
import { checkRoomSequence, noProblems, problem } from "../lib/frame-checks";
import { LiveClient } from "../lib/live-clients";
import { latency, type Latency } from "../lib/live-figures";
import type { FrameRecord } from "../lib/live-protocol";
import {
  liveCustomers,
  NUMBER,
  postWebhook,
  roomSocketUrl,
  seedCustomers,
  sharedLiveStack,
  socketHeaders,
  type LiveStack,
} from "../lib/live-stack";
import { PORTS, type BenchContext } from "../lib/scenario";
import { roleCpu, type RoleCpuMs } from "../lib/workerd-memory";

const MISSED = 1000;
const BATCH = 50;
const RECONNECTS = 5;

export interface ResumeResult {
  missed: number;
  reconnects: number;
  /** New socket → `ready` with everything missed received. */
  currentMs: Latency;
  /** The first reconnect alone (the room's frames not yet in any cache). */
  firstMs: number;
  /** Of which the authenticated upgrade (handshake done) … */
  handshakeMs: Latency;
  /** … and the replay (handshake → ready). */
  replayMs: Latency;
  /** The same reconnect with nothing missed: what a resume costs before any replay. */
  nothingMissedMs: Latency;
  /** CPU per reconnect-with-replay: wrangler's dev proxy relaying the frames vs the runtime (Parley). */
  cpuMsPerReconnect: RoleCpuMs;
  failures: string[];
}

export async function runResume(ctx: BenchContext): Promise<ResumeResult> {
  const stack = await sharedLiveStack(ctx);
  const client = await LiveClient.start();
  const problems = noProblems();
  try {
    const [[waId, conversationId]] = [...(await seedCustomers(stack, liveCustomers(3, 1)))] as [[string, string]];
    const connect = async (key: string, after?: number) => {
      const opened = await client.open(
        [{ key, url: roomSocketUrl(stack, conversationId, after), headers: socketHeaders(stack, stack.owner) }],
        1,
      );
      const socket = opened.sockets[0];
      if (!socket) throw new Error(`resume socket did not open: ${opened.failures.join("; ")}`);
      const frames = (await client.collect()).get(key) ?? [];
      await client.close([key]);
      return { socket, frames };
    };

    const { socket: first } = await connect("before-drop");
    const seen = first.lastSeq ?? 0;
    const nothingMissed: number[] = [];
    for (let i = 0; i < RECONNECTS; i++) {
      const { socket } = await connect(`nothing-missed-${i}`, seen);
      nothingMissed.push(socket.readyAt - socket.startedAt);
    }

    const missed = Math.max(BATCH, Math.round(MISSED / ctx.scale));
    ctx.log(`resume: the conversation moves on by ${missed} messages while the agent is away`);
    const sent = await sendMissed(stack, waId, missed);

    ctx.log(`resume: reconnecting ${RECONNECTS} times with ?after=${seen}`);
    const current: number[] = [];
    const handshake: number[] = [];
    const replay: number[] = [];
    const cpu = roleCpu(PORTS.parley);
    for (let i = 0; i < RECONNECTS; i++) {
      const key = `resume-${i}`;
      const { socket, frames } = await connect(key, seen);
      current.push(socket.readyAt - socket.startedAt);
      handshake.push(socket.openAt - socket.startedAt);
      replay.push(socket.readyAt - socket.openAt);
      checkReplay(key, frames, seen, sent, socket.readyAt, problems);
    }
    const used = cpu.stop();
    const { dropped } = await client.stats();
    if (dropped.length) problem(problems, `${dropped.length} sockets dropped, e.g. ${JSON.stringify(dropped[0])}`);
    const result: ResumeResult = {
      missed,
      reconnects: RECONNECTS,
      currentMs: latency(current),
      firstMs: Math.round((current[0] ?? 0) * 10) / 10,
      handshakeMs: latency(handshake),
      replayMs: latency(replay),
      nothingMissedMs: latency(nothingMissed),
      cpuMsPerReconnect: { proxy: Math.round(used.proxy / RECONNECTS), runtime: Math.round(used.runtime / RECONNECTS) },
      failures: problems.count ? [`resume: ${problems.count} replay problems: ${problems.samples.join("; ")}`] : [],
    };
    ctx.log(
      `resume: current after ${result.currentMs.p50} ms (p50), first ${result.firstMs} ms; nothing missed ${result.nothingMissedMs.p50} ms`,
    );
    return result;
  } finally {
    client.exit();
  }
}

/** One customer's messages in POSTs of 50, one after the other so their order is defined. */
async function sendMissed(stack: LiveStack, waId: string, count: number): Promise<string[]> {
  const run = randomUUID().slice(0, 8);
  const wamids = Array.from({ length: count }, (_, i) => `wamid.bench-resume-${run}-${i}`);
  for (let i = 0; i < count; i += BATCH) {
    const chunk = wamids.slice(i, i + BATCH);
    const body = inboundMessageBody({
      ...NUMBER,
      from: waId,
      name: `Bench ${waId.slice(-4)}`,
      message: chunk.map((id, k) => ({ id, type: "text" as const, text: { body: `missed #${i + k}` } })),
    });
    const answer = await postWebhook(stack, body);
    if (answer.stored + answer.duplicates !== chunk.length) throw new Error(`resume: a POST of ${chunk.length} stored ${answer.stored}`);
  }
  return wamids;
}

/** Exactly the missed messages, in send order, gap-free after `after`, all before `ready`. */
function checkReplay(
  key: string,
  frames: FrameRecord[],
  after: number,
  sent: string[],
  readyAt: number,
  p: ReturnType<typeof noProblems>,
): void {
  checkRoomSequence(key, frames, after, p);
  const wamids = frames.flatMap((f) => (f.k === "message" ? [f.wamid] : []));
  if (wamids.length !== sent.length || wamids.some((w, i) => w !== sent[i])) {
    problem(
      p,
      `${key}: replayed ${wamids.length} messages, ${sent.length} were missed${wamids.length === sent.length ? " (order differs)" : ""}`,
    );
  }
  const late = frames.filter((f) => f.t > readyAt).length;
  if (late) problem(p, `${key}: ${late} frames arrived after ready`);
}
