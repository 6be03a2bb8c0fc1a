/** What every scenario gets from the runner, and the load shape they share so figures compare. */
import type { ReferenceKey } from "../scenarios/ceiling";
import type { LoadClients, LoadFigures } from "./load-driver";
import type { LoadJob } from "./load-protocol";
import type { BenchVars } from "./stack";

/** Two client processes with 32 POSTs in flight each: 64 concurrent webhooks, as a busy Meta sends. */
export const CLIENT_PROCESSES = 2;
export const IN_FLIGHT_PER_CLIENT = 32;

/** Ports of their own, so a running `npm start` (8787/8788) is never touched. */
/** BENCH_PORT_BASE moves all three (base, +1, +2), for a machine where several checkouts bench at once. */
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 8790);
export const PORTS = { parley: PORT_BASE, metaPeer: PORT_BASE + 1, ceiling: PORT_BASE + 2 } as const;

export interface BenchContext {
  clients: LoadClients;
  vars: BenchVars;
  /** Divides every message count: `--quick` runs the whole path in seconds (figures not comparable). */
  scale: number;
  /** Progress lines, so a slow phase is visibly slow rather than hung. */
  log(line: string): void;
  /** Set once the ceiling scenario has run in this invocation. */
  ceiling?: CeilingResult;
}

export interface CeilingResult {
  requestsPerSec: number;
  figures: LoadFigures;
  /** The reference Workers of the same run, batch 1 (see scenarios/ceiling.ts). */
  references: Partial<Record<ReferenceKey, LoadFigures>>;
}

/** Customer wa_ids unique to one phase of one run, so phases never write to each other's logs. */
export function customersFor(phase: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `4470${phase}${String(i).padStart(6, "0")}`);
}

export type JobShape = Omit<LoadJob, "customers" | "messagesPerCustomer">;

/** A phase's throughput over the ceiling's requests/s (three decimals); null where the ceiling did not run. */
export function vsCeiling(f: LoadFigures, ceiling: CeilingResult | undefined): { posts: number | null; events: number | null } {
  const of = (x: number) => (ceiling ? Math.round((x / ceiling.requestsPerSec) * 1000) / 1000 : null);
  return { posts: of(f.postsPerSec), events: of(f.eventsPerSec) };
}
