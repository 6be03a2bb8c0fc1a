/**
 * `npm run bench [-- <scenario>…] [--quick]`: runs the named scenarios (all by default), prints a
 * table and writes bench/results/latest.json. Exits non-zero when any scenario lost or doubled data.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { run } from "../scripts/lib/run";
import { LoadClients, type LoadFigures } from "./lib/load-driver";
import { machineFacts } from "./lib/machine";
import { CLIENT_PROCESSES, IN_FLIGHT_PER_CLIENT, PORTS, vsCeiling, type BenchContext, type CeilingResult } from "./lib/scenario";
import { assertPortsFree, benchVars, keepWranglerLocal, stopAllServers } from "./lib/stack";
import { REFERENCES, runCeiling, type ReferenceKey } from "./scenarios/ceiling";
import { printProjectionLag, runIngest, type IngestResult } from "./scenarios/ingest";
import { printKill, runKill, type KillResult } from "./scenarios/kill";
import { liveDisturbances, liveFailures, printLive, type LiveResults } from "./lib/live-report";
import { stopSharedLiveStack } from "./lib/live-stack";
import { runFanout } from "./scenarios/fanout";
import { runIdle } from "./scenarios/idle";
import { runLatency } from "./scenarios/latency";
import { runResume } from "./scenarios/resume";
import { runSend } from "./scenarios/send";
import { runUi } from "./scenarios/ui";
import { runBroadcast, type BroadcastResult } from "./scenarios/broadcast";
import { runSearch, type SearchBenchResult } from "./scenarios/search";
import { runContacts, type ContactsBenchResult } from "./scenarios/contacts";
import { runAi, type AiBenchResult } from "./scenarios/ai";
import { runDashboard, type DashboardBenchResult } from "./scenarios/dashboard";
import { round1 } from "./lib/stats";

const SCENARIOS = [
  "ceiling",
  "ingest",
  "kill",
  "latency",
  "fanout",
  "resume",
  "send",
  "idle",
  "ui",
  "broadcast",
  "search",
  "contacts",
  "ai",
  "dashboard",
] as const;
/** Run only when named: filling a million-message index, importing 100,000 contacts or seeding a year of an org's data takes minutes of its own; AI has its own stack. */
const ON_REQUEST: readonly ScenarioName[] = ["search", "contacts", "ai", "dashboard"];
type ScenarioName = (typeof SCENARIOS)[number];
const QUICK_SCALE = 10;

interface Results extends LiveResults {
  machine: ReturnType<typeof machineFacts>;
  load: { clientProcesses: number; inFlightPerClient: number; quick: boolean };
  ceiling?: CeilingResult;
  ingest?: IngestResult;
  kill?: KillResult;
  broadcast?: BroadcastResult;
  /** Why the figures may not be representative (other load, Worker restarts); empty for a clean run. */
  warnings: string[];
  ok: boolean;
}

function parseArgs(argv: string[]): { scenarios: ScenarioName[]; quick: boolean } {
  const quick = argv.includes("--quick");
  const names = argv.filter((a) => a !== "--quick");
  const unknown = names.filter((n) => !(SCENARIOS as readonly string[]).includes(n));
  if (unknown.length) {
    console.error(`unknown scenario ${unknown.join(", ")}; usage: npm run bench [-- ${SCENARIOS.join("|")} …] [--quick]`);
    process.exit(2);
  }
  return { scenarios: names.length ? SCENARIOS.filter((s) => names.includes(s)) : SCENARIOS.filter((s) => !ON_REQUEST.includes(s)), quick };
}

async function main(): Promise<number> {
  const { scenarios, quick } = parseArgs(process.argv.slice(2));
  keepWranglerLocal();
  // Each its own app on its own ports, no load clients: they measure queries, not webhook throughput.
  if (scenarios.includes("search")) await runSearchBench(quick);
  if (scenarios.includes("contacts")) await runContactsBench(quick);
  if (scenarios.includes("ai")) await runAiBench(quick);
  if (scenarios.includes("dashboard")) await runDashboardBench(quick);
  if (scenarios.every((s) => ON_REQUEST.includes(s))) return 0;
  const results: Results = {
    machine: machineFacts(),
    load: { clientProcesses: CLIENT_PROCESSES, inFlightPerClient: IN_FLIGHT_PER_CLIENT, quick },
    warnings: [],
    errors: [],
    ok: true,
  };
  await assertPortsFree([PORTS.parley, PORTS.metaPeer, PORTS.ceiling]);
  // wrangler dev refuses to start without the static assets directory (a fresh clone has none).
  if (!existsSync("web/dist/index.html")) {
    log("building the web app (web/dist is missing)");
    await run("vite", ["build", "web"], { quiet: true });
  }
  const clients = await LoadClients.open(CLIENT_PROCESSES);
  // Ctrl+C mid-run: stop the servers and remove their temp state rather than leave them behind.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the servers and removing their state`);
      clients.close();
      void stopAllServers().finally(() => process.exit(130));
    });
  }
  const ctx: BenchContext = { clients, vars: benchVars(), scale: quick ? QUICK_SCALE : 1, log };
  try {
    if (scenarios.includes("ceiling")) {
      ctx.ceiling = results.ceiling = await runCeiling(ctx);
    }
    if (scenarios.includes("ingest")) {
      results.ingest = await runIngest(ctx);
      results.ok = results.ingest.failures.length === 0;
    }
    if (scenarios.includes("kill")) {
      results.kill = await runKill(ctx);
      if (results.kill.failures.length) results.ok = false;
    }
    // A live scenario that throws is reported as failed; the others still run.
    const live = async <T>(name: ScenarioName, run: (c: BenchContext) => Promise<T>, store: (r: T) => void) => {
      if (!scenarios.includes(name)) return;
      try {
        store(await run(ctx));
      } catch (err) {
        results.errors.push(`${name} did not complete: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
    };
    await live("latency", runLatency, (r) => (results.latency = r));
    await live("fanout", runFanout, (r) => (results.fanout = r));
    await live("resume", runResume, (r) => (results.resume = r));
    await live("send", runSend, (r) => (results.send = r));
    await stopSharedLiveStack();
    await live("idle", runIdle, (r) => (results.idle = r));
    await live("ui", runUi, (r) => (results.ui = r));
    await live("broadcast", runBroadcast, (r) => {
      results.broadcast = r;
      if (r.failures.length) results.ok = false;
    });
  } finally {
    clients.close();
    await stopSharedLiveStack();
  }
  if (liveFailures(results).length) results.ok = false;
  results.warnings = [...disturbances(results), ...liveDisturbances(results)];
  printTable(results);
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/latest.json", `${JSON.stringify(results, null, 2)}\n`);
  console.log("\nwrote bench/results/latest.json");
  return results.ok ? 0 : 1;
}

async function runSearchBench(quick: boolean): Promise<SearchBenchResult> {
  if (!existsSync("web/dist/index.html")) await run("vite", ["build", "web"], { quiet: true });
  const r = await runSearch({ vars: benchVars(), scale: quick ? QUICK_SCALE : 1, log });
  const m = machineFacts();
  console.log(`\n${m.cpuModel}, ${m.cores} cores, Node ${m.node}, workerd ${m.workerd}${quick ? "  (--quick: not comparable)" : ""}`);
  console.log(
    `search: ${r.messages} messages in ${r.conversations} conversations of one org; index filled in ${r.fill.seconds} s (${r.fill.messagesPerSec}/s, ${r.fill.note})`,
  );
  console.log(`index size: ${r.index.bytes} bytes, ${r.index.mibPerMillion} MiB per million messages`);
  for (const q of r.queries)
    console.log(
      `query ${q.name.padEnd(30)} p50 ${q.ms.p50} ms  p95 ${q.ms.p95} ms  p99 ${q.ms.p99} ms  max ${q.ms.max} ms  (${q.meanResults} results/page; e.g. ${q.example})`,
    );
  console.log(
    `index lag (webhook stored → searchable): p50 ${r.lagMs.p50} ms  p95 ${r.lagMs.p95} ms  p99 ${r.lagMs.p99} ms  max ${r.lagMs.max} ms`,
  );
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/search.json", `${JSON.stringify({ machine: m, quick, ...r }, null, 2)}\n`);
  console.log("\nwrote bench/results/search.json");
  return r;
}

async function runContactsBench(quick: boolean): Promise<ContactsBenchResult> {
  if (!existsSync("web/dist/index.html")) await run("vite", ["build", "web"], { quiet: true });
  const r = await runContacts({ vars: benchVars(), scale: quick ? QUICK_SCALE : 1, log });
  const m = machineFacts();
  console.log(`\n${m.cpuModel}, ${m.cores} cores, Node ${m.node}, workerd ${m.workerd}${quick ? "  (--quick: not comparable)" : ""}`);
  const i = r.import;
  console.log(
    `contacts: import of ${i.rows} rows (${i.csvMiB} MiB CSV) in ${i.seconds} s: ${i.rowsPerSec} rows/s; runtime RSS ${i.runtimeRssMiB.before} MiB before, peak ${i.runtimeRssMiB.peak} MiB (+${i.runtimeRssMiB.growth})`,
  );
  for (const q of r.queries)
    console.log(
      `list ${q.name.padEnd(40)} p50 ${q.ms.p50} ms  p95 ${q.ms.p95} ms  p99 ${q.ms.p99} ms  max ${q.ms.max} ms  (${q.samples} requests, ${q.meanRows} rows/page; e.g. ${q.example})`,
    );
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/contacts.json", `${JSON.stringify({ machine: m, quick, ...r }, null, 2)}\n`);
  console.log("\nwrote bench/results/contacts.json");
  return r;
}

async function runAiBench(quick: boolean): Promise<AiBenchResult> {
  if (!existsSync("web/dist/index.html")) await run("vite", ["build", "web"], { quiet: true });
  const r = await runAi({ vars: benchVars(), scale: quick ? QUICK_SCALE : 1, log });
  const m = machineFacts();
  console.log(`\n${m.cpuModel}, ${m.cores} cores, Node ${m.node}, workerd ${m.workerd}${quick ? "  (--quick: not comparable)" : ""}`);
  console.log(`ai: ${r.samples} requests of each kind, one at a time, against the local OpenAI peer`);
  for (const v of r.variants) {
    const s = v.summary;
    const d = v.draft;
    console.log(
      `model first token ${String(v.firstTokenMs).padStart(3)} ms | summary: total p50 ${s.totalMs.p50} ms, at the provider p50 ${s.atProviderMs.p50} ms, Parley's overhead p50 ${s.overheadMs.p50} / p95 ${s.overheadMs.p95} ms | draft: first token p50 ${d.firstTokenMs.p50} / p95 ${d.firstTokenMs.p95} ms (Parley's share p50 ${d.parleyShareMs.p50} ms), whole draft p50 ${d.totalMs.p50} ms`,
    );
  }
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/ai.json", `${JSON.stringify({ machine: m, quick, ...r }, null, 2)}\n`);
  console.log("\nwrote bench/results/ai.json");
  return r;
}

async function runDashboardBench(quick: boolean): Promise<DashboardBenchResult> {
  if (!existsSync("web/dist/index.html")) await run("vite", ["build", "web"], { quiet: true });
  const r = await runDashboard({ vars: benchVars(), scale: quick ? QUICK_SCALE : 1, log });
  const m = machineFacts();
  console.log(`\n${m.cpuModel}, ${m.cores} cores, Node ${m.node}, workerd ${m.workerd}${quick ? "  (--quick: not comparable)" : ""}`);
  console.log(
    `dashboard: ${r.seeded.messages} messages, ${r.seeded.orders} orders (${r.seeded.orderLines} lines), ${r.seeded.contacts} contacts, ${r.seeded.episodes} conversations opened and resolved; seeded and started in ${r.seedSeconds} s`,
  );
  console.log(
    `rollup rows: ${r.seeded.messageRollupRows} message-hours, ${r.seeded.conversationRollupRows} conversation-days, ${r.seeded.responseRollupRows} response-time buckets, ${r.seeded.predictions} predictions`,
  );
  for (const q of r.queries)
    console.log(
      `GET ${q.name.padEnd(28)} server p50 ${q.serverMs.p50} ms  p95 ${q.serverMs.p95} ms  p99 ${q.serverMs.p99} ms  max ${q.serverMs.max} ms   (client p95 ${round1(q.clientMs.p95)} ms)`,
    );
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/dashboard.json", `${JSON.stringify({ machine: m, quick, ...r }, null, 2)}\n`);
  console.log("\nwrote bench/results/dashboard.json");
  return r;
}

function printTable(r: Results): void {
  const m = r.machine;
  console.log(
    `\n${m.cpuModel}, ${m.cores} cores, ${m.totalMemoryGiB} GiB, Node ${m.node}, wrangler ${m.wrangler}, workerd ${m.workerd}, miniflare ${m.miniflare}, state on ${m.state.filesystem} (${m.state.dir})${r.load.quick ? "  (--quick: not comparable)" : ""}`,
  );
  console.log(`${r.load.clientProcesses} client processes × ${r.load.inFlightPerClient} POSTs in flight\n`);
  if (r.broadcast) {
    const b = r.broadcast;
    console.log(
      `broadcast: ${b.recipients} recipients at ${b.ratePerSecond}/s in ${b.durationSec} s (ideal ${b.idealSec} s, ${b.overIdealPct}% over), peak ${b.peakPerSec}/s, ${b.duplicates} duplicates, ${b.lost} lost, CPU per recipient ${b.cpuMsPerRecipient.runtime} ms runtime + ${b.cpuMsPerRecipient.proxy} ms dev proxy\n`,
    );
  }
  const rows: string[][] = [
    [
      "scenario",
      "events",
      "POSTs",
      "s",
      "events/s",
      "POSTs/s",
      "ack p50",
      "p95",
      "p99 ms",
      "POSTs/s ÷ ceiling",
      "events/s ÷ ceiling",
      "workerd CPU ms/POST",
      "CPU% workerd/clients/other/foreign",
    ],
  ];
  const row = (name: string, f: LoadFigures, vs?: { posts: number | null; events: number | null }) =>
    rows.push([
      name,
      String(f.events),
      String(f.posts),
      String(f.seconds),
      String(f.eventsPerSec),
      String(f.postsPerSec),
      String(f.ackMs.p50),
      String(f.ackMs.p95),
      String(f.ackMs.p99),
      pct(vs?.posts),
      pct(vs?.events),
      f.workerdCpuMs ? String(f.workerdCpuMs.perPost) : "n/a",
      f.cpu ? `${f.cpu.workerd}/${f.cpu.clients}/${f.cpu.other}/${f.cpu.foreign}` : "n/a",
    ]);
  if (r.ceiling) {
    row("ceiling (trivial Worker)", r.ceiling.figures);
    for (const [name, f] of referenceRows(r.ceiling)) row(name, f, vsCeiling(f, r.ceiling));
  }
  for (const v of r.ingest?.variants ?? []) row(`ingest ${v.name}`, v.figures, v.vsCeiling);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((cells) => cells[i]!.length)));
  for (const cells of rows) console.log(cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));
  console.log(
    "CPU% is of one core over the phase; foreign = busy time of the machine that is not the bench's (other programs, other containers, steal).",
  );
  for (const w of r.warnings) console.log(`WARNING ${w}`);

  if (r.ingest) {
    const { check, variants, failures } = r.ingest;
    for (const v of variants) {
      console.log(
        `\n${v.name}: ${v.figures.eventsPerPost} messages from ${v.figures.customersPerPost} customers per POST; ${v.figures.failedAttempts} failed attempts retried (${v.figures.restartedMidRequest} of them Worker restarts); replayed ${v.replay.posts} POSTs (${v.replay.events} messages): ${v.replay.stored} stored again, ${v.replay.duplicates} duplicates`,
      );
      for (const s of v.figures.failureSamples) console.log(`  failure: ${s}`);
    }
    console.log(
      `\ncheck: ${check.customers} customers, ${check.messages} messages read back in ${check.seconds} s; ${check.failedCustomers} differ`,
    );
    for (const p of check.problems) console.log(`  ${p}`);
    console.log(
      failures.length ? `\nFAIL\n${failures.map((f) => `  ${f}`).join("\n")}` : "\nPASS: every message stored exactly once, in send order",
    );
    printProjectionLag(r.ingest);
  }
  if (r.kill) printKill(r.kill);
  printLive(r);
}

/** Above this share of a core used by other programs, a phase's figures say more about them than about Parley. */
const FOREIGN_CPU_WARNING = 20;

/** What makes a run's figures untrustworthy even when nothing was lost: said in the table and the file. */
function disturbances(r: Results): string[] {
  const phases: [string, LoadFigures][] = [
    ...(r.ceiling ? [["ceiling", r.ceiling.figures] as [string, LoadFigures], ...referenceRows(r.ceiling)] : []),
    ...(r.ingest?.variants ?? []).map((v): [string, LoadFigures] => [`ingest ${v.name}`, v.figures]),
  ];
  return phases.flatMap(([name, f]) => [
    ...(f.restartedMidRequest
      ? [
          `${name}: wrangler restarted the Worker mid-run (${f.restartedMidRequest} POSTs got 503 and were retried): a source file changed; figures are disturbed`,
        ]
      : []),
    ...((f.cpu?.foreign ?? 0) > FOREIGN_CPU_WARNING
      ? [`${name}: something other than the bench used ${f.cpu?.foreign}% of a core during the phase; figures are disturbed`]
      : []),
  ]);
}

/** The reference Workers that ran, each as its table row's name and figures. */
const referenceRows = (c: CeilingResult): [string, LoadFigures][] =>
  (Object.keys(REFERENCES) as ReferenceKey[]).flatMap((key) => {
    const f = c.references[key];
    return f ? [[`reference: ${REFERENCES[key].label}`, f]] : [];
  });

const pct = (x: number | null | undefined) => (x === null || x === undefined ? "—" : `${Math.round(x * 1000) / 10}%`);
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    console.error("\nFAIL: the bench did not complete");
    process.exit(1);
  },
);
