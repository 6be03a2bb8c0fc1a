/**
 * The parent side of the load: a pool of forked load clients that stays up across phases (so their
 * JIT is warm too), splits each phase's customers between them, and merges what they report.
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ClientMessage, LoadJob, ReplayResult, RunResult } from "./load-protocol";
import { CpuMeter, type CpuShare } from "./process-cpu";
import { round1, summarize, type LatencySummary } from "./stats";

const CLIENT = fileURLToPath(new URL("./load-client.ts", import.meta.url));

export interface LoadFigures {
  posts: number;
  events: number;
  seconds: number;
  postsPerSec: number;
  eventsPerSec: number;
  /** How Meta-like the batches were: messages and distinct customers per POST. */
  eventsPerPost: number;
  customersPerPost: number;
  ackMs: LatencySummary;
  failedAttempts: number;
  /** Of those, how many were the Worker being restarted by wrangler (a source file changed). */
  restartedMidRequest: number;
  undelivered: number;
  badAnswers: number;
  failureSamples: string[];
  cpu: CpuShare | null;
  /**
   * workerd CPU per POST and per message. Throughput on a shared machine moves with whatever else
   * runs; CPU spent per unit of work mostly does not, so this is the figure to compare across runs.
   */
  workerdCpuMs: { perPost: number; perEvent: number } | null;
}

export interface PhaseOutcome {
  figures: LoadFigures;
  /** Every customer's wamids in send order, from all clients. */
  sent: Map<string, string[]>;
  /** Every customer's wamids whose POST was acked, in send order. */
  acked: Map<string, string[]>;
  stored: number;
  duplicates: number;
}

export class LoadClients {
  private constructor(private readonly children: ChildProcess[]) {}

  static async open(count: number): Promise<LoadClients> {
    const children = Array.from({ length: count }, () =>
      fork(CLIENT, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] }),
    );
    const clients = new LoadClients(children);
    await Promise.all(children.map((c) => expect(c, "ready")));
    return clients;
  }

  get pids(): Set<number> {
    return new Set(this.children.flatMap((c) => (c.pid === undefined ? [] : [c.pid])));
  }

  /** One phase: customers dealt round-robin to the clients, all clients start together. */
  async run(job: Omit<LoadJob, "customers">, customers: string[]): Promise<PhaseOutcome> {
    const meter = CpuMeter.start(this.pids);
    const results = await Promise.all(
      this.children.map((child, i) => {
        child.send({ type: "run", job: { ...job, customers: customers.filter((_, k) => k % this.children.length === i) } });
        return expect(child, "ran").then((m) => m.result);
      }),
    );
    return merge(results, meter?.stop() ?? null);
  }

  /** Re-sends each client's sample of the last phase's POSTs. */
  async replay(): Promise<ReplayResult> {
    const results = await Promise.all(
      this.children.map((child) => {
        child.send({ type: "replay" });
        return expect(child, "replayed").then((m) => m.result);
      }),
    );
    return {
      posts: sum(results, (r) => r.posts),
      events: sum(results, (r) => r.events),
      stored: sum(results, (r) => r.stored),
      duplicates: sum(results, (r) => r.duplicates),
      failures: results.flatMap((r) => r.failures),
    };
  }

  close(): void {
    for (const child of this.children) {
      if (child.connected) child.send({ type: "exit" });
      else child.kill();
    }
  }
}

function merge(results: RunResult[], cpu: CpuShare | null): PhaseOutcome {
  // Wall time from the first client's first send to the last client's last ack.
  const seconds = (Math.max(...results.map((r) => r.endedAt)) - Math.min(...results.map((r) => r.startedAt))) / 1000;
  const posts = sum(results, (r) => r.posts);
  const events = sum(results, (r) => r.events);
  return {
    figures: {
      posts,
      events,
      seconds: round1(seconds),
      postsPerSec: Math.round(posts / seconds),
      eventsPerSec: Math.round(events / seconds),
      eventsPerPost: round1(events / Math.max(posts, 1)),
      customersPerPost: round1(sum(results, (r) => r.customersInPosts) / Math.max(posts, 1)),
      ackMs: roundLatency(summarize(results.flatMap((r) => r.latenciesMs))),
      failedAttempts: sum(results, (r) => r.failedAttempts),
      restartedMidRequest: sum(results, (r) => r.restartedMidRequest),
      undelivered: sum(results, (r) => r.undelivered),
      badAnswers: sum(results, (r) => r.badAnswers),
      failureSamples: results.flatMap((r) => r.failureSamples),
      cpu,
      workerdCpuMs: cpu && {
        perPost: round2(((cpu.workerd / 100) * seconds * 1000) / Math.max(posts, 1)),
        perEvent: round2(((cpu.workerd / 100) * seconds * 1000) / Math.max(events, 1)),
      },
    },
    sent: new Map(results.flatMap((r) => r.sent)),
    acked: new Map(results.flatMap((r) => r.acked)),
    stored: sum(results, (r) => r.stored),
    duplicates: sum(results, (r) => r.duplicates),
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const sum = <T>(items: T[], f: (t: T) => number) => items.reduce((a, t) => a + f(t), 0);

const roundLatency = (l: LatencySummary): LatencySummary => ({
  p50: round1(l.p50),
  p95: round1(l.p95),
  p99: round1(l.p99),
  max: round1(l.max),
  mean: round1(l.mean),
});

/** The client's next message, which must be `type`; a client that fails or dies fails the bench. */
function expect<T extends ClientMessage["type"]>(child: ChildProcess, type: T): Promise<Extract<ClientMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (raw: unknown) => {
      cleanup();
      const message = raw as ClientMessage;
      if (message.type === type) resolve(message as Extract<ClientMessage, { type: T }>);
      else
        reject(
          new Error(
            message.type === "failed" ? `load client failed: ${message.error}` : `load client said ${message.type}, expected ${type}`,
          ),
        );
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`load client exited with ${code} while the bench expected "${type}"`));
    };
    const cleanup = () => {
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
}
