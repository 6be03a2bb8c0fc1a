/**
 * `npm run bench -- dashboard`: the analytics dashboard of one org with 1,000,000 messages and 50,000
 * orders over a year (bench/lib/dashboard-seed.ts says exactly what is written and why).
 *
 * - The seed goes into the local D1's SQLite file before the runtime starts (see seed()).
 * - Server time: the Worker's own time for GET /api/dashboard, from request to the JSON built, as it
 *   reports it in `Server-Timing: dashboard;dur=…` (its clock moves across D1's I/O, which is nearly all of
 *   it). Beside it the time the client saw, which adds the local HTTP hop and wrangler's runtime.
 * - One request at a time, as the demo owner, after a warm-up; each 30-day shape 100 times, 90 and 365 days 30 times.
 */
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { run } from "../../scripts/lib/run";
import { DEMO_ORG_ID } from "../../scripts/lib/demo-seed";
import { DEMO_PHONE_NUMBER_ID } from "../../test/peers/webhook-builders";
import { apiHeaders, DEMO_OWNER, signIn, type AgentSession } from "../lib/accounts";
import { dashboardSeedSql, FULL_SHAPE } from "../lib/dashboard-seed";
import { withSignIn } from "../lib/live-stack";
import { type BenchVars, startParley } from "../lib/stack";
import { type LatencySummary, round1, summarize } from "../lib/stats";

const PORT = Number(process.env.BENCH_DASHBOARD_PORT ?? 8795);
const PEER_PORT = Number(process.env.BENCH_DASHBOARD_PEER_PORT ?? 8796);
const SAMPLES = 100;
/** The 90- and 365-day shapes take seconds each on a loaded machine: fewer samples keep a run in minutes. */
const LONG_SAMPLES = 30;
const WARMUP = 10;

export interface DashboardBenchResult {
  seeded: Record<string, number>;
  seedSeconds: number;
  queries: { name: string; path: string; serverMs: LatencySummary; clientMs: LatencySummary }[];
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function runDashboard(opts: { vars: BenchVars; scale: number; log(line: string): void }): Promise<DashboardBenchResult> {
  const full = FULL_SHAPE(DEMO_PHONE_NUMBER_ID);
  const shape = {
    ...full,
    messages: Math.round(full.messages / opts.scale),
    orders: Math.round(full.orders / opts.scale),
    contacts: Math.round(full.contacts / opts.scale),
    episodes: Math.round(full.episodes / opts.scale),
  };
  const { statements, counts } = dashboardSeedSql(DEMO_ORG_ID, shape);
  opts.log(`dashboard: seeding ${counts.messages} messages, ${counts.orders} orders (${statements.length} INSERTs)`);
  const started = Date.now();
  const server = await startParley(PORT, PEER_PORT, withSignIn(opts.vars), (persistTo) => seed(persistTo, statements));
  const seedSeconds = round1((Date.now() - started) / 1000);
  try {
    const owner = await signIn(server.url, DEMO_OWNER.email, DEMO_OWNER.password);
    const now = Date.now();
    const shapes: { name: string; path: string; samples?: number }[] = [
      { name: "last 30 days (the default)", path: "/api/dashboard" },
      { name: "last 30 days, one number", path: `/api/dashboard?phoneNumberId=${DEMO_PHONE_NUMBER_ID}` },
      { name: "last 30 days, one label", path: "/api/dashboard?label=VIP" },
      { name: "last 90 days", path: `/api/dashboard?from=${day(now - 89 * 86_400_000)}&to=${day(now)}`, samples: LONG_SAMPLES },
      { name: "last 365 days", path: `/api/dashboard?from=${day(now - 364 * 86_400_000)}&to=${day(now)}`, samples: LONG_SAMPLES },
    ];
    const queries = [];
    for (const s of shapes) {
      const serverMs: number[] = [];
      const clientMs: number[] = [];
      for (let i = 0; i < WARMUP + (s.samples ?? SAMPLES); i++) {
        const { server: st, client } = await timedGet(server.url, owner, s.path);
        if (i >= WARMUP) {
          serverMs.push(st);
          clientMs.push(client);
        }
      }
      const summary = { name: s.name, path: s.path, serverMs: summarize(serverMs), clientMs: summarize(clientMs) };
      opts.log(
        `dashboard: ${s.name}: server p50 ${summary.serverMs.p50} ms p95 ${summary.serverMs.p95} ms; client p95 ${round1(summary.clientMs.p95)} ms`,
      );
      queries.push(summary);
    }
    return { seeded: counts, seedSeconds, queries };
  } finally {
    await server.stop();
  }
}

/**
 * Into the local D1's SQLite file in one transaction (node:sqlite), before the runtime opens it: ~70 MB of
 * INSERTs take seconds that way and many minutes through `wrangler d1 execute`, which remains the
 * fallback should miniflare ever keep its databases elsewhere.
 */
async function seed(persistTo: string, statements: string[]): Promise<void> {
  const dir = join(persistTo, "v3", "d1", "miniflare-D1DatabaseObject");
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite") : [];
  if (files.length === 1) {
    const db = new DatabaseSync(join(dir, files[0]!));
    try {
      db.exec("BEGIN");
      for (const s of statements) db.exec(s);
      db.exec("COMMIT");
    } finally {
      db.close();
    }
    return;
  }
  const file = join(persistTo, "dashboard-seed.sql");
  writeFileSync(file, statements.join("\n"));
  await run("wrangler", ["d1", "execute", "DB", "--local", "--persist-to", persistTo, "--file", file], {
    quiet: true,
    env: { ...process.env, CI: "1" },
  });
}

async function timedGet(url: string, agent: AgentSession, path: string): Promise<{ server: number; client: number }> {
  const t0 = performance.now();
  const res = await fetch(`${url}${path}`, { headers: apiHeaders(agent) });
  const body = await res.text();
  const client = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${body.slice(0, 300)}`);
  const timing = /dashboard;dur=(\d+(?:\.\d+)?)/.exec(res.headers.get("server-timing") ?? "");
  if (!timing) throw new Error(`${path}: no Server-Timing dashboard;dur in the answer`);
  return { server: Number(timing[1]), client };
}
