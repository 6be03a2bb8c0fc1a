/**
 * The parent side of the live clients: forks them, deals sockets out between them, and gathers what
 * they recorded. One client per role keeps the sender's timers off the receivers' event loops.
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
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

const CLIENT = fileURLToPath(new URL("./live-client.ts", import.meta.url));

export class LiveClient {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly child: ChildProcess) {}

  static async start(): Promise<LiveClient> {
    const child = fork(CLIENT, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    await next(child, "ready");
    return new LiveClient(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** One request at a time per child: its answers come back in order, matched by type. */
  private ask<T extends LiveClientMessage["type"]>(
    message: LiveParentMessage,
    answer: T,
  ): Promise<Extract<LiveClientMessage, { type: T }>> {
    const asked = this.queue.then(() => {
      const reply = next(this.child, answer);
      this.child.send(message);
      return reply;
    });
    this.queue = asked.catch(() => undefined);
    return asked;
  }

  open(sockets: SocketSpec[], parallel = 16) {
    return this.ask({ type: "open", sockets, parallel }, "opened");
  }

  async collect(): Promise<Map<string, FrameRecord[]>> {
    return new Map((await this.ask({ type: "collect" }, "collected")).frames);
  }

  async close(keys: string[] | null = null): Promise<void> {
    await this.ask({ type: "close", keys }, "closed");
  }

  async heartbeat(everyMs: number | null): Promise<void> {
    await this.ask({ type: "heartbeat", everyMs }, "heartbeat-set");
  }

  async pace(baseUrl: string, startAt: number, requests: PacedRequest[], maxSockets = 256): Promise<PacedResult[]> {
    return (await this.ask({ type: "pace", baseUrl, startAt, requests, maxSockets }, "paced")).results;
  }

  async stats(): Promise<SocketStats> {
    return (await this.ask({ type: "stats" }, "stats")).stats;
  }

  exit(): void {
    if (this.child.connected) this.child.send({ type: "exit" } satisfies LiveParentMessage);
    else this.child.kill();
  }
}

/** Several clients as one: sockets dealt round-robin, results merged. */
export class LiveClients {
  private constructor(readonly clients: LiveClient[]) {}

  static async start(count: number): Promise<LiveClients> {
    return new LiveClients(await Promise.all(Array.from({ length: count }, () => LiveClient.start())));
  }

  get pids(): Set<number> {
    return new Set(this.clients.flatMap((c) => (c.pid === undefined ? [] : [c.pid])));
  }

  async open(sockets: SocketSpec[], parallel = 16): Promise<{ sockets: OpenedSocket[]; failures: string[] }> {
    const parts = await Promise.all(
      this.clients.map((c, i) =>
        c.open(
          sockets.filter((_, k) => k % this.clients.length === i),
          parallel,
        ),
      ),
    );
    return { sockets: parts.flatMap((p) => p.sockets), failures: parts.flatMap((p) => p.failures) };
  }

  async collect(): Promise<Map<string, FrameRecord[]>> {
    const parts = await Promise.all(this.clients.map((c) => c.collect()));
    return new Map(parts.flatMap((p) => [...p]));
  }

  async close(keys: string[] | null = null): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close(keys)));
  }

  async heartbeat(everyMs: number | null): Promise<void> {
    await Promise.all(this.clients.map((c) => c.heartbeat(everyMs)));
  }

  async stats(): Promise<SocketStats> {
    const all = await Promise.all(this.clients.map((c) => c.stats()));
    return {
      open: all.reduce((a, s) => a + s.open, 0),
      pingsSent: all.reduce((a, s) => a + s.pingsSent, 0),
      pongs: all.reduce((a, s) => a + s.pongs, 0),
      dropped: all.flatMap((s) => s.dropped),
      rssMiB: all.reduce((a, s) => a + s.rssMiB, 0),
      cpuMs: all.reduce((a, s) => a + s.cpuMs, 0),
    };
  }

  exit(): void {
    for (const c of this.clients) c.exit();
  }
}

/** The child's next message, which must be `type`; a child that fails or dies fails the scenario. */
function next<T extends LiveClientMessage["type"]>(child: ChildProcess, type: T): Promise<Extract<LiveClientMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (raw: unknown) => {
      cleanup();
      const m = raw as LiveClientMessage;
      if (m.type === type) resolve(m as Extract<LiveClientMessage, { type: T }>);
      else reject(new Error(m.type === "failed" ? `live client failed: ${m.error}` : `live client said ${m.type}, expected ${type}`));
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`live client exited with ${code} while the bench expected "${type}"`));
    };
    const cleanup = () => {
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
}

/** Everything the sockets received so far, pulled from the clients as a scenario goes. */
export class FrameLog {
  readonly frames = new Map<string, FrameRecord[]>();

  constructor(private readonly source: { collect(): Promise<Map<string, FrameRecord[]>> }) {}

  async pull(): Promise<this> {
    for (const [key, frames] of await this.source.collect()) {
      const mine = this.frames.get(key);
      if (mine) for (const f of frames) mine.push(f);
      else this.frames.set(key, frames);
    }
    return this;
  }

  of(key: string): FrameRecord[] {
    return this.frames.get(key) ?? [];
  }
}
