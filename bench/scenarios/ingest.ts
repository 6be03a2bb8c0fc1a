/**
 * Ingest: signed inbound webhooks from 1,000 customers into Parley's full local stack, one message
 * per POST and then 50 per POST (customers mixed, as Meta batches under load). Afterwards a sample
 * of POSTs is delivered again, as Meta does, and every customer's stored log is checked against
 * what was sent: a run that loses, doubles or reorders anything fails, whatever its speed.
 */
import { DEMO_DISPLAY_PHONE_NUMBER, DEMO_PHONE_NUMBER_ID } from "../../test/peers/webhook-builders";
import { checkStored, type CheckReport } from "../lib/check-stored";
import type { LoadFigures } from "../lib/load-driver";
import type { ReplayResult } from "../lib/load-protocol";
import { CLIENT_PROCESSES, customersFor, IN_FLIGHT_PER_CLIENT, PORTS, type BenchContext, type JobShape } from "../lib/scenario";
import { startParley } from "../lib/stack";

interface Variant {
  name: string;
  batchSize: number;
  customers: number;
  messagesPerCustomer: number;
  /** Unmeasured first pass on customers of its own: JIT, DO classes, sockets and D1 warm. */
  warmup: { customers: number; messagesPerCustomer: number };
}

const VARIANTS: Variant[] = [
  { name: "batch 1", batchSize: 1, customers: 1000, messagesPerCustomer: 6, warmup: { customers: 200, messagesPerCustomer: 3 } },
  { name: "batch 50", batchSize: 50, customers: 1000, messagesPerCustomer: 50, warmup: { customers: 200, messagesPerCustomer: 20 } },
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
}

export interface IngestResult {
  variants: IngestVariantResult[];
  check: CheckReport;
  /** Why the run failed; empty when every message was stored exactly once, in order. */
  failures: string[];
}

export async function runIngest(ctx: BenchContext): Promise<IngestResult> {
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
      const warm = await ctx.clients.run(
        { ...job, batchSize: v.batchSize, messagesPerCustomer: v.warmup.messagesPerCustomer },
        customersFor(phase++, count(v.warmup.customers)),
      );
      const measured = await ctx.clients.run({ ...job, batchSize: v.batchSize, messagesPerCustomer: v.messagesPerCustomer }, customersFor(phase++, count(v.customers)));
      const replay = await ctx.clients.replay();
      for (const [waId, wamids] of [...warm.sent, ...measured.sent]) sent.set(waId, wamids);

      for (const [label, outcome] of [["warm-up", warm], ["measured", measured]] as const) {
        const f = outcome.figures;
        if (f.undelivered) failures.push(`${v.name} ${label}: ${f.undelivered} POSTs never acknowledged after retries`);
        if (f.badAnswers) failures.push(`${v.name} ${label}: ${f.badAnswers} answers did not account for their messages`);
        if (outcome.stored + outcome.duplicates !== f.events) failures.push(`${v.name} ${label}: answers counted ${outcome.stored + outcome.duplicates} messages, sent ${f.events}`);
      }
      if (replay.failures.length) failures.push(`${v.name} replay: ${replay.failures.length} failed POSTs, e.g. ${replay.failures[0]}`);
      if (replay.stored !== 0 || replay.duplicates !== replay.events) {
        failures.push(`${v.name} replay: re-sent ${replay.events} messages, Parley stored ${replay.stored} again and called ${replay.duplicates} duplicates`);
      }
      const ceiling = ctx.ceiling?.requestsPerSec;
      variants.push({
        name: v.name,
        batchSize: v.batchSize,
        figures: measured.figures,
        vsCeiling: {
          posts: ceiling ? ratio(measured.figures.postsPerSec, ceiling) : null,
          events: ceiling ? ratio(measured.figures.eventsPerSec, ceiling) : null,
        },
        replay,
      });
    }
    const check = await checkStored(server.url, DEMO_PHONE_NUMBER_ID, sent);
    if (check.failedCustomers) failures.push(`${check.failedCustomers} of ${check.customers} customers' stored logs differ from what was sent`);
    return { variants, check, failures };
  } finally {
    await server.stop();
  }
}

const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
