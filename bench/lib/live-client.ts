/**
 * A live client: a child process that holds agent sockets (recording each frame with its arrival
 * time), pings them as the web app does, and paces HTTP requests on a schedule. Forked by
 * live-clients.ts; driven over IPC (live-protocol.ts). Separate processes keep the receiving and the
 * timing off the event loop of whatever sends the load.
 */
import http from "node:http";
import type {
  FrameRecord,
  LiveClientMessage,
  LiveParentMessage,
  OpenedSocket,
  PacedRequest,
  PacedResult,
  SocketSpec,
  SocketStats,
} from "./live-protocol";
import WebSocket from "ws";
import { postOnce } from "./http-post";

/**
 * Whether the sockets offer permessage-deflate as browsers do. Parley declines it
 * (worker/routes/live.ts), but miniflare's entry Worker, which production does not have, forwards the
 * upgrade to Parley over a hop that answers a declined offer with the client's own, so locally every
 * offered socket ends up compressed. Not offering gives the connection Cloudflare's edge would make;
 * BENCH_WS_DEFLATE=1 offers it, to see what compression costs.
 */
const DEFLATE = process.env.BENCH_WS_DEFLATE === "1";

const OPEN_TIMEOUT_MS = 60_000;
const PING = '{"t":"ping"}';
const PONG = '{"t":"pong"}';

interface Held {
  ws: WebSocket;
  frames: FrameRecord[];
  closing: boolean;
}

const sockets = new Map<string, Held>();
const dropped: SocketStats["dropped"] = [];
let pingsSent = 0;
let pongs = 0;
let heartbeat: NodeJS.Timeout | null = null;

const now = () => performance.timeOrigin + performance.now();

function record(frames: FrameRecord[], data: string, t: number): { ready: boolean; lastSeq: number | null; error?: string } {
  if (data === PONG) {
    pongs++;
    return { ready: false, lastSeq: null };
  }
  return recordFrame(frames, JSON.parse(data) as WireFrame, t, data);
}

interface WireFrame {
  t: string;
  seq?: number;
  lastSeq?: number;
  message?: { id: string; wamid: string | null; content: { type: string; body?: string } };
  messageId?: string;
  status?: string;
  conversations?: { id: string; roomSeq: number; lastMessagePreview: string | null }[];
  frames?: WireFrame[];
}

function recordFrame(
  frames: FrameRecord[],
  f: WireFrame,
  t: number,
  data: string,
): { ready: boolean; lastSeq: number | null; error?: string } {
  switch (f.t) {
    case "replay":
      // A reconnect's batch: each frame counts as arriving with the socket message that carried it.
      for (const inner of f.frames ?? []) recordFrame(frames, inner, t, data);
      break;
    case "message":
      frames.push({
        k: "message",
        t,
        seq: f.seq ?? -1,
        id: f.message?.id ?? "",
        wamid: f.message?.wamid ?? null,
        text: f.message?.content.body ?? null,
      });
      break;
    case "status":
      frames.push({ k: "status", t, seq: f.seq ?? -1, id: f.messageId ?? "", status: f.status ?? "" });
      break;
    case "reaction":
    case "media":
      frames.push({ k: "seq", t, seq: f.seq ?? -1 });
      break;
    case "conversations":
      frames.push({
        k: "rows",
        t,
        rows: (f.conversations ?? []).map((c) => ({ id: c.id, roomSeq: c.roomSeq, preview: c.lastMessagePreview })),
      });
      break;
    case "ready":
      return { ready: true, lastSeq: f.lastSeq ?? null };
    case "error":
      return { ready: false, lastSeq: null, error: `server said ${data.slice(0, 200)}` };
  }
  return { ready: false, lastSeq: null };
}

function openOne(spec: SocketSpec): Promise<OpenedSocket> {
  return new Promise((resolve, reject) => {
    const startedAt = now();
    let openAt = 0;
    let ready = false;
    const held: Held = { ws: new WebSocket(spec.url, { headers: spec.headers, perMessageDeflate: DEFLATE }), frames: [], closing: false };
    sockets.set(spec.key, held);
    const timer = setTimeout(() => reject(new Error(`${spec.key}: no ready within ${OPEN_TIMEOUT_MS} ms`)), OPEN_TIMEOUT_MS);
    held.ws.onopen = () => (openAt = now());
    held.ws.onmessage = (event) => {
      const t = now();
      const seen = record(held.frames, String(event.data), t);
      if (seen.error) {
        clearTimeout(timer);
        reject(new Error(`${spec.key}: ${seen.error}`));
      } else if (seen.ready && !ready) {
        ready = true;
        clearTimeout(timer);
        resolve({ key: spec.key, startedAt, openAt, readyAt: t, lastSeq: seen.lastSeq });
      }
    };
    held.ws.onclose = (event) => {
      sockets.delete(spec.key);
      if (!held.closing) dropped.push({ key: spec.key, code: event.code, reason: event.reason });
      if (!ready) {
        clearTimeout(timer);
        reject(new Error(`${spec.key}: closed before ready (${event.code} ${event.reason})`));
      }
    };
  });
}

async function open(specs: SocketSpec[], parallel: number): Promise<LiveClientMessage> {
  const queue = [...specs];
  const opened: OpenedSocket[] = [];
  const failures: string[] = [];
  await Promise.all(
    Array.from({ length: Math.max(1, parallel) }, async () => {
      for (let spec = queue.shift(); spec; spec = queue.shift()) {
        try {
          opened.push(await openOne(spec));
        } catch (err) {
          failures.push(String(err instanceof Error ? err.message : err));
        }
      }
    }),
  );
  return { type: "opened", sockets: opened, failures };
}

function collect(): LiveClientMessage {
  const frames: [string, FrameRecord[]][] = [];
  for (const [key, held] of sockets) {
    frames.push([key, held.frames]);
    held.frames = [];
  }
  return { type: "collected", frames };
}

async function close(keys: string[] | null): Promise<LiveClientMessage> {
  const closing = [...sockets].filter(([key]) => keys === null || keys.includes(key));
  await Promise.all(
    closing.map(
      ([, held]) =>
        new Promise<void>((resolve) => {
          held.closing = true;
          const done = setTimeout(resolve, 5_000);
          held.ws.addEventListener("close", () => {
            clearTimeout(done);
            resolve();
          });
          held.ws.close(1000, "bench done");
        }),
    ),
  );
  for (const [key] of closing) sockets.delete(key);
  return { type: "closed" };
}

/** Every socket pings once per `everyMs`, spread evenly over the interval as independent tabs would be. */
function setHeartbeat(everyMs: number | null): LiveClientMessage {
  if (heartbeat) clearInterval(heartbeat);
  heartbeat = null;
  if (everyMs !== null) {
    const tick = 100;
    let slot = 0;
    const slots = Math.max(1, Math.round(everyMs / tick));
    heartbeat = setInterval(() => {
      let i = 0;
      for (const held of sockets.values()) {
        if (i++ % slots === slot && held.ws.readyState === held.ws.OPEN) {
          held.ws.send(PING);
          pingsSent++;
        }
      }
      slot = (slot + 1) % slots;
    }, tick);
  }
  return { type: "heartbeat-set" };
}

/**
 * Open loop: each request leaves at its scheduled time whatever happened to the earlier ones, so a
 * slow server shows as latency rather than as a politely slower sender (no coordinated omission).
 */
async function pace(baseUrl: string, startAt: number, requests: PacedRequest[], maxSockets: number): Promise<LiveClientMessage> {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const results = await Promise.all(
    requests.map(
      (r) =>
        new Promise<PacedResult>((resolve) => {
          const scheduledAt = startAt + r.at;
          setTimeout(
            () => {
              const sentAt = now();
              postOnce(agent, new URL(r.path, baseUrl), r.headers, r.body).then(
                (a) => resolve({ id: r.id, scheduledAt, sentAt, ackAt: now(), status: a.status, body: a.body.slice(0, 300) }),
                (err: unknown) => resolve({ id: r.id, scheduledAt, sentAt, ackAt: 0, status: 0, body: String(err) }),
              );
            },
            Math.max(0, scheduledAt - now()),
          );
        }),
    ),
  );
  agent.destroy();
  return { type: "paced", results };
}

function stats(): LiveClientMessage {
  const cpu = process.cpuUsage();
  return {
    type: "stats",
    stats: {
      open: sockets.size,
      pingsSent,
      pongs,
      dropped: [...dropped],
      rssMiB: Math.round(process.memoryUsage.rss() / 2 ** 20),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    },
  };
}

const send = (m: LiveClientMessage) => process.send?.(m);

process.on("message", (raw: unknown) => {
  const m = raw as LiveParentMessage;
  const reply = (work: Promise<LiveClientMessage> | LiveClientMessage) =>
    Promise.resolve(work).then(send, (err: unknown) =>
      send({ type: "failed", error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
    );
  switch (m.type) {
    case "open":
      return void reply(open(m.sockets, m.parallel));
    case "collect":
      return void reply(collect());
    case "close":
      return void reply(close(m.keys));
    case "heartbeat":
      return void reply(setHeartbeat(m.everyMs));
    case "pace":
      return void reply(pace(m.baseUrl, m.startAt, m.requests, m.maxSockets));
    case "stats":
      return void reply(stats());
    case "exit":
      setHeartbeat(null);
      void close(null).finally(() => process.exit(0));
  }
});
// The bench went away (Ctrl+C, a crash): nothing is left to report to, so stop holding sockets.
process.on("disconnect", () => process.exit(0));
send({ type: "ready" });
