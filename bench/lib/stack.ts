/**
 * The servers a benchmark drives: Parley's full local stack (the production runtime: workerd with
 * D1, Durable Objects and Queues) on a throwaway state directory, and the reference Workers (bench/reference/).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { prepareDatabase, type LocalStackOptions } from "../../scripts/lib/local-stack";
import { startMetaGraphPeer, type MetaGraphPeer } from "../../test/peers/meta-graph";
import { benchStateDir } from "./machine";
import { startRuntime, type Runtime } from "./runtime";
import { parseDevVars, readDevVars } from "../../test/peers/dev-vars";
import { DEMO_PHONE_NUMBER_ID } from "../../test/peers/webhook-builders";

export interface Server {
  url: string;
  stop(): Promise<void>;
}

export type BenchVars = LocalStackOptions["vars"] & { DEV_TOOLS: string };

/** Servers still up, so an interrupted bench stops them and removes their state all the same. */
const running = new Set<Server>();

export async function stopAllServers(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop()));
}

/** Idempotent stop: an interrupt and a scenario's `finally` may both stop the same server. */
function tracked(server: Server): Server {
  let stopping: Promise<void> | undefined;
  const tracked: Server = {
    url: server.url,
    stop() {
      running.delete(tracked);
      return (stopping ??= server.stop());
    },
  };
  running.add(tracked);
  return tracked;
}

/**
 * Wrangler phones home (telemetry, update check in the banner) and miniflare fetches a `Request.cf`
 * sample from workers.cloudflare.com unless told not to; the bench stays on loopback.
 */
export function keepWranglerLocal(): void {
  process.env.WRANGLER_SEND_METRICS = "false";
  process.env.WRANGLER_SEND_ERROR_REPORTS = "false";
  process.env.WRANGLER_HIDE_BANNER = "true";
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
}

/**
 * The secrets the Worker will see: `.dev.vars` when it exists (as for `npm start`), else the example's.
 * They are passed to the runtime as bindings, so the bench signs with the same secret the Worker
 * checks, and DEV_TOOLS turns on the checker's route.
 */
export function benchVars(): BenchVars {
  const file = existsSync(".dev.vars") ? readDevVars() : parseDevVars(readFileSync(".dev.vars.example", "utf8"));
  const need = (name: string) => {
    const value = file[name];
    if (!value) throw new Error(`${name} is missing from .dev.vars; see .dev.vars.example`);
    return value;
  };
  return {
    META_APP_SECRET: need("META_APP_SECRET"),
    META_ACCESS_TOKEN: need("META_ACCESS_TOKEN"),
    ENCRYPTION_KEY: need("ENCRYPTION_KEY"),
    META_VERIFY_TOKEN: need("META_VERIFY_TOKEN"),
    DEV_TOOLS: "1",
  };
}

export async function assertPortsFree(ports: number[]): Promise<void> {
  for (const port of ports) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer()
        .once("error", () => resolve(false))
        .listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    if (!free) throw new Error(`port ${port} is in use (a previous bench still running?); the bench needs it`);
  }
}

/**
 * Parley as `npm start` runs it (migrated local D1, the local Meta Graph peer), minus wrangler's dev proxy
 * and request logs (see runtime.ts), on a fresh state directory removed at stop.
 */
export async function startParley(
  port: number,
  peerPort: number,
  vars: BenchVars,
  /** Writes into the migrated, seeded database before the runtime opens it (bulk data for a scenario). */
  prepare?: (persistTo: string) => Promise<void>,
): Promise<Server> {
  const persistTo = mkdtempSync(join(benchStateDir(), "parley-bench-"));
  const url = `http://127.0.0.1:${port}`;
  let peer: MetaGraphPeer | undefined;
  let runtime: Runtime | undefined;
  const stop = async () => {
    await runtime?.stop();
    await peer?.close();
    await waitForPortFree(port);
    rmSync(persistTo, { recursive: true, force: true, maxRetries: 5 });
  };
  try {
    await prepareDatabase(persistTo, vars, true);
    await prepare?.(persistTo);
    peer = await startMetaGraphPeer({
      port: peerPort,
      accessToken: vars.META_ACCESS_TOKEN,
      appSecret: vars.META_APP_SECRET,
      webhookUrl: `${url}/webhooks/whatsapp`,
      control: true,
    });
    runtime = await startRuntime({
      configPath: "wrangler.toml",
      port,
      persistTo,
      vars: { ...vars, GRAPH_API_BASE: peer.url, APP_ORIGIN: url, WEBHOOK_ORIGIN: "" },
      // As deployed: Meta's webhooks reach the webhook-only Worker, the rest the app Worker.
      routed: process.env.BENCH_WEBHOOKS_TO_APP ? [] : [{ configPath: "wrangler.hooks.toml", routes: ["*/webhooks/*"] }],
    });
    await assertDevTools(url);
    return tracked({ url, stop });
  } catch (err) {
    await stop();
    throw err;
  }
}

export interface CrashableServer extends Server {
  /** SIGKILL the runtime mid-whatever it was doing. */
  crash(): Promise<void>;
  /** Start it again on the same state (the crashed runtime's storage, alarms included) and port. */
  restart(): Promise<void>;
}

/** Parley as startParley runs it, but a crash and a restart keep the state: for the kill-mid-run check. */
export async function startCrashableParley(port: number, peerPort: number, vars: BenchVars): Promise<CrashableServer> {
  const persistTo = mkdtempSync(join(benchStateDir(), "parley-bench-crash-"));
  const url = `http://127.0.0.1:${port}`;
  let peer: MetaGraphPeer | undefined;
  let runtime: Runtime | undefined;
  const start = async (reuseBundles: boolean) => {
    runtime = await startRuntime({
      configPath: "wrangler.toml",
      port,
      persistTo,
      reuseBundles,
      vars: { ...vars, GRAPH_API_BASE: peer!.url, APP_ORIGIN: url, WEBHOOK_ORIGIN: "" },
      routed: process.env.BENCH_WEBHOOKS_TO_APP ? [] : [{ configPath: "wrangler.hooks.toml", routes: ["*/webhooks/*"] }],
    });
  };
  const stop = async () => {
    await runtime?.stop();
    await peer?.close();
    await waitForPortFree(port);
    rmSync(persistTo, { recursive: true, force: true, maxRetries: 5 });
  };
  try {
    await prepareDatabase(persistTo, vars, true);
    peer = await startMetaGraphPeer({
      port: peerPort,
      accessToken: vars.META_ACCESS_TOKEN,
      appSecret: vars.META_APP_SECRET,
      webhookUrl: `${url}/webhooks/whatsapp`,
      control: true,
    });
    await start(false);
    await assertDevTools(url);
  } catch (err) {
    await stop();
    throw err;
  }
  const server = tracked({ url, stop });
  return {
    ...server,
    async crash() {
      const dead = runtime;
      runtime = undefined;
      await dead?.kill();
      await waitForPortFree(port);
    },
    restart: () => start(true),
  };
}

/** The checker reads through the dev-only route; say so plainly if `.dev.vars` leaves it off. */
async function assertDevTools(url: string): Promise<void> {
  const res = await fetch(`${url}/api/dev/customers/${DEMO_PHONE_NUMBER_ID}/0`);
  const body = (await res.json()) as { error?: { code?: string } };
  if (body.error?.code !== "contact_not_found") {
    throw new Error(`the dev inspection route is off (${res.status} ${JSON.stringify(body)}): set DEV_TOOLS=1 in .dev.vars`);
  }
}

/** The reference Workers (the trivial ceiling and the least paths), on the same runtime, started the same way as Parley. */
export async function startReference(port: number): Promise<Server> {
  const persistTo = mkdtempSync(join(benchStateDir(), "parley-bench-reference-"));
  try {
    const runtime = await startRuntime({ configPath: "bench/reference/wrangler.toml", port, persistTo });
    return tracked({
      url: runtime.url,
      async stop() {
        await runtime.stop();
        await waitForPortFree(port);
        rmSync(persistTo, { recursive: true, force: true, maxRetries: 5 });
      },
    });
  } catch (err) {
    rmSync(persistTo, { recursive: true, force: true, maxRetries: 5 });
    throw err;
  }
}

/** workerd can hold the port a moment after it was told to stop; wait, so the next start and the cleanup are clean. */
async function waitForPortFree(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await assertPortsFree([port]);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
