/**
 * Workers on the production runtime without wrangler's dev proxy: wrangler bundles each exactly as it
 * would deploy it (`deploy --dry-run`) and reads its bindings from its config, then Miniflare's API runs
 * them in one workerd, listening on the public port itself. `wrangler dev` puts a second workerd in front that
 * relays every request and socket frame (2–3 ms of CPU per event, ~190 MiB per 1,000 sockets, and its
 * file descriptors capped idle sockets at ~4,500); production has no such hop, so the bench measures
 * without it. Local D1, Durable Objects, Queues and R2 are the same miniflare wrangler dev uses, with its
 * state layout, so `wrangler d1 migrations apply --persist-to` prepares the database.
 */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { unstable_getMiniflareWorkerOptions, unstable_readConfig } from "wrangler";
import { run } from "../../scripts/lib/run";

/** The miniflare (and so workerd) wrangler itself runs, not whichever copy another package hoisted. */
const miniflare = createRequire(import.meta.url)(
  createRequire(fileURLToPath(import.meta.resolve("wrangler"))).resolve("miniflare"),
) as typeof import("miniflare");

export interface Runtime {
  url: string;
  stop(): Promise<void>;
  /** SIGKILL the runtime's process (a crash: nothing flushed, no goodbye), then release what miniflare held. */
  kill(): Promise<void>;
}

export interface RuntimeOptions {
  configPath: string;
  port: number;
  /** wrangler's `--persist-to` directory; the bundles are written beside the state. */
  persistTo: string;
  vars?: Record<string, string>;
  /**
   * More Workers in the same runtime, each taking the requests its routes match (miniflare's router
   * stands in for Cloudflare's zone routes); everything else reaches the first. Same vars.
   */
  routed?: { configPath: string; routes: string[] }[];
  /** Start from the bundles an earlier start wrote into `persistTo` (a restart after a crash is then quick). */
  reuseBundles?: boolean;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  // For `npm run bench:perf`: V8 writes /tmp/perf-<pid>.map so Linux perf can name JavaScript frames
  // (miniflare passes this variable's flags to workerd).
  if (process.env.BENCH_PERF) process.env.MINIFLARE_WORKERD_V8_FLAGS = "--perf-basic-prof --interpreted-frames-native-stack";
  const before = new Set(workerdChildren());
  const reuse = options.reuseBundles ?? false;
  const workers = [await bundledWorker(options.configPath, options.persistTo, options.vars, reuse)];
  for (const { configPath, routes } of options.routed ?? []) {
    workers.push({ ...(await bundledWorker(configPath, options.persistTo, options.vars, reuse)), routes });
  }
  const mf = new miniflare.Miniflare(
    miniflare.convertV4MiniflareOptions({
      host: "127.0.0.1",
      port: options.port,
      // For `npm run bench:profile`: DevTools' inspector on the runtime (off unless asked for).
      ...(process.env.BENCH_INSPECTOR_PORT && { inspectorPort: Number(process.env.BENCH_INSPECTOR_PORT) }),
      resourcePersistencePath: join(options.persistTo, "v3"),
      // No local trace collector: wrangler dev (X_LOCAL_OBSERVABILITY, on by default) streams every
      // invocation's spans to a Worker in the same runtime that stores them in SQLite for its trace
      // viewer, ~13% of the runtime's CPU (perf: TailStreamTarget::report); `[observability]` in
      // wrangler.toml does not control it, and production has no such collector.
      unsafeObservability: false,
      // Each request's log line would cross to this Node process (miniflare's loopback) and back.
      logRequests: false,
      // Only warnings and errors on the console.
      log: new miniflare.Log(miniflare.LogLevel.WARN),
      handleStructuredLogs: ({ level, message }) => {
        if (level === "warn" || level === "error") console.error(message);
      },
      workers,
    } as Parameters<typeof miniflare.convertV4MiniflareOptions>[0]),
  );
  const url = await mf.ready;
  const pids = workerdChildren().filter((pid) => !before.has(pid));
  return {
    url: url.origin,
    stop: () => mf.dispose(),
    async kill() {
      for (const pid of pids) process.kill(pid, "SIGKILL");
      await mf.dispose().catch(() => undefined);
    },
  };
}

/** This process's workerd children (miniflare spawns one per runtime). */
function workerdChildren(): number[] {
  const out = execFileSync("ps", ["-o", "pid=,comm=", "--ppid", String(process.pid)], { encoding: "utf8" });
  return out
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, comm]) => pid && comm === "workerd")
    .map(([pid]) => Number(pid));
}

/** One Worker's options: its config's bindings and settings, run from the bundle wrangler deploys. */
async function bundledWorker(configPath: string, persistTo: string, vars: Record<string, string> = {}, reuse = false) {
  const outdir = join(persistTo, "bundle", basename(configPath, ".toml"));
  if (!reuse) await run("wrangler", ["deploy", "--dry-run", "--config", configPath, "--outdir", outdir], { quiet: true });
  // Named after the config's `main` (index.js, worker.js): the one script in the directory.
  const script = readdirSync(outdir).find((f) => f.endsWith(".js"));
  if (!script) throw new Error(`wrangler wrote no bundle into ${outdir}`);
  const config = unstable_readConfig({ config: configPath });
  const { workerOptions } = unstable_getMiniflareWorkerOptions(config);
  // The config's source and module rules describe the unbundled sources; the bundle replaces them.
  const {
    modulesRules: _rules,
    rootPath: _root,
    ...bindingsAndSettings
  } = workerOptions as typeof workerOptions & { modulesRules?: unknown; rootPath?: unknown };
  return {
    ...bindingsAndSettings,
    // Other Workers' `script_name` bindings find this one by it.
    name: config.name,
    routes: [] as string[],
    modules: true,
    modulesRoot: outdir,
    scriptPath: join(outdir, script),
    bindings: { ...(workerOptions.bindings ?? {}), ...vars },
  };
}
