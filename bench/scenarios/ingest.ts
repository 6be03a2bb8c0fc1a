/**
 * Ingest: signed inbound webhooks from 1,000 customers into Parley's full local stack, one message
 * per POST and then 50 per POST (customers mixed, as Meta batches under load). Afterwards a sample
 * of POSTs is delivered again, as Meta does, and every customer's stored log is checked against
 * what was sent: a run that loses, doubles or reorders anything fails, whatever its speed.
 */
import { DEMO_DISPLAY_PHONE_NUMBER, DEMO_PHONE_NUMBER_ID } from "../../test/peers/webhook-builders";
import { checkStored, type CheckReport } from "../lib/check-stored";
import type { LoadFigures, PhaseOutcome } from "../lib/load-driver";
import type { ReplayResult } from "../lib/load-protocol";
import { CLIENT_PROCESSES, customersFor, IN_FLIGHT_PER_CLIENT, PORTS, vsCeiling, type BenchContext, type JobShape } from "../lib/scenario";
import { startParley } from "../lib/stack";
import { summarize, type LatencySummary } from "../lib/stats";
import { DEMO_ORG_ID } from "../../scripts/lib/demo-seed";

export interface Variant {
  name: string;
  batchSize: number;
  customers: number;
  messagesPerCustomer: number;
  /** Unmeasured first pass on customers of its own: JIT, DO classes, sockets and D1 warm. */
  warmup: { customers: number; messagesPerCustomer: number };
}

/** Batch 1's shape, which the reference Workers are driven with too (scenarios/ceiling.ts). */
export const BATCH_ONE: Variant = {
  name: "batch 1",
  batchSize: 1,
  customers: 1000,
  messagesPerCustomer: 4,
  warmup: { customers: 200, messagesPerCustomer: 2 },
};

const VARIANTS: Variant[] = [
  BATCH_ONE,
  { name: "batch 50", batchSize: 50, customers: 1000, messagesPerCustomer: 25, warmup: { customers: 200, messagesPerCustomer: 5 } },
];

/** POSTs per client re-sent byte for byte after each variant. */
const REPLAY_SAMPLE_PER_CLIENT = 100;

export interface IngestVariantResult {
  name: string;
  batchSize: number;
  figures: LoadFigures;
  /** Throughput over the ceiling Worker's requests/s; null when the ceiling did not run. */
  vsCeiling: { posts: number | null; events: number | null };
  replay: ReplayResult;
  /** Room commit → D1 commit, ms, for the measured phase's projections (the OrgInbox's measure). */
  projectionLagMs: LatencySummary & { count: number };
}

export interface IngestResult {
  variants: IngestVariantResult[];
  check: CheckReport;
  /** Why the run failed; empty when every message was stored exactly once, in order. */
  failures: string[];
}

export async function runIngest(ctx: BenchContext): Promise<IngestResult> {
  ctx.log("ingest: starting Parley's local stack");
  const server = await startParley(PORTS.parley, PORTS.metaPeer, ctx.vars);
  try {
    const job: JobShape = {
      url: server.url,
      path: "/webhooks/whatsapp",
      appSecret: ctx.vars.META_APP_SECRET,
      phoneNumberId: DEMO_PHONE_NUMBER_ID,
      displayPhoneNumber: DEMO_DISPLAY_PHONE_NUMBER,
      batchSize: 1,
      inFlight: IN_FLIGHT_PER_CLIENT,
      answer: "ingest",
      replaySample: REPLAY_SAMPLE_PER_CLIENT,
    };
    const sent = new Map<string, string[]>();
    const variants: IngestVariantResult[] = [];
    const failures: string[] = [];
    let phase = 0;
    for (const v of VARIANTS) {
      const count = (n: number) => Math.max(CLIENT_PROCESSES, Math.round(n / ctx.scale));
      ctx.log(`ingest ${v.name}: warm-up`);
      const warm = await ctx.clients.run(
        { ...job, batchSize: v.batchSize, messagesPerCustomer: v.warmup.messagesPerCustomer },
        customersFor(phase++, count(v.warmup.customers)),
      );
      await takeLags(server.url); // the warm-up's lags are not the phase's
      const customers = customersFor(phase++, count(v.customers));
      ctx.log(`ingest ${v.name}: ${customers.length * v.messagesPerCustomer} messages from ${customers.length} customers`);
      const measured = await ctx.clients.run({ ...job, batchSize: v.batchSize, messagesPerCustomer: v.messagesPerCustomer }, customers);
      // Read once the phase's last projections are in: they land milliseconds after the last ack.
      await new Promise((r) => setTimeout(r, 500));
      const lags = await takeLags(server.url);
      const projectionLagMs = { ...summarize(lags), count: lags.length };
      ctx.log(`ingest ${v.name}: re-sending a sample of POSTs, as Meta does`);
      const replay = await ctx.clients.replay();
      for (const [waId, wamids] of [...warm.sent, ...measured.sent]) sent.set(waId, wamids);
      failures.push(...judge(v.name, { "warm-up": warm, measured }, replay));
      variants.push({
        name: v.name,
        batchSize: v.batchSize,
        figures: measured.figures,
        vsCeiling: vsCeiling(measured.figures, ctx.ceiling),
        replay,
        projectionLagMs,
      });
    }
    ctx.log(`ingest: reading back ${sent.size} customers' logs`);
    const check = await checkStored(server.url, DEMO_PHONE_NUMBER_ID, sent);
    if (check.failedCustomers)
      failures.push(`${check.failedCustomers} of ${check.customers} customers' stored logs differ from what was sent`);
    return { variants, check, failures };
  } finally {
    await server.stop();
  }
}

/** The projection lags the demo org's OrgInbox measured since the last read (dev route). */
async function takeLags(url: string): Promise<number[]> {
  const res = await fetch(`${url}/api/dev/orgs/${DEMO_ORG_ID}/projection-lag`);
  if (!res.ok) throw new Error(`projection lag route answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { lags: number[] }).lags;
}

export function printProjectionLag(r: IngestResult): void {
  for (const v of r.variants) {
    const l = v.projectionLagMs;
    console.log(
      `projection lag ${v.name} (room commit → D1 row committed): p50 ${l.p50} / p95 ${l.p95} / p99 ${l.p99} / max ${l.max} ms over ${l.count} projections`,
    );
  }
}

/** What the clients saw that already proves a loss or a double, before anything is read back. */
function judge(variant: string, phases: Record<string, PhaseOutcome>, replay: ReplayResult): string[] {
  const failures: string[] = [];
  for (const [label, { figures: f, stored, duplicates }] of Object.entries(phases)) {
    if (f.undelivered) failures.push(`${variant} ${label}: ${f.undelivered} POSTs never acknowledged after retries`);
    if (f.badAnswers) failures.push(`${variant} ${label}: ${f.badAnswers} answers did not account for their messages`);
    if (stored + duplicates !== f.events)
      failures.push(`${variant} ${label}: answers counted ${stored + duplicates} messages, sent ${f.events}`);
  }
  if (replay.failures.length) failures.push(`${variant} replay: ${replay.failures.length} failed POSTs, e.g. ${replay.failures[0]}`);
  if (replay.stored !== 0 || replay.duplicates !== replay.events) {
    failures.push(
      `${variant} replay: re-sent ${replay.events} messages, Parley stored ${replay.stored} again and called ${replay.duplicates} duplicates`,
    );
  }
  return failures;
}
