/**
 * The runtime's reference points (bench/reference/) under the same clients, concurrency and payloads as
 * Parley's batch-1 ingest: the trivial Worker (the ceiling every throughput figure is divided by), one
 * Durable Object insert per POST, one D1 insert per POST, and both. They bound what any design that
 * stores each message before answering can reach on this machine, measured in the same run.
 */
import { DEMO_DISPLAY_PHONE_NUMBER, DEMO_PHONE_NUMBER_ID } from "../../test/peers/webhook-builders";
import type { LoadFigures } from "../lib/load-driver";
import {
  CLIENT_PROCESSES,
  customersFor,
  IN_FLIGHT_PER_CLIENT,
  PORTS,
  type BenchContext,
  type CeilingResult,
  type JobShape,
} from "../lib/scenario";
import { startReference } from "../lib/stack";
import { BATCH_ONE } from "./ingest";

/** Each reference's path on the reference Worker (the ceiling answers any other). */
export const REFERENCES = {
  room: { path: "/reference/room", label: "one Durable Object insert" },
  d1: { path: "/reference/d1", label: "one D1 insert" },
  roomD1: { path: "/reference/room-d1", label: "a Durable Object insert, then a D1 insert" },
} as const;
export type ReferenceKey = keyof typeof REFERENCES;

export async function runCeiling(ctx: BenchContext): Promise<CeilingResult> {
  ctx.log("ceiling: starting the reference Workers");
  const server = await startReference(PORTS.ceiling);
  try {
    const job: JobShape = {
      url: server.url,
      path: "/webhooks/whatsapp",
      appSecret: ctx.vars.META_APP_SECRET,
      phoneNumberId: DEMO_PHONE_NUMBER_ID,
      displayPhoneNumber: DEMO_DISPLAY_PHONE_NUMBER,
      batchSize: 1,
      inFlight: IN_FLIGHT_PER_CLIENT,
      answer: "any",
      replaySample: 0,
    };
    // Batch 1's shape, customers included: a warm-up on customers of its own, then customers new to the
    // run, so each reference creates an object on a customer's first POST just as Parley creates a room.
    let phase = 90;
    const count = (n: number) => Math.max(CLIENT_PROCESSES, Math.round(n / ctx.scale));
    const measure = async (name: string, path: string): Promise<LoadFigures> => {
      ctx.log(`ceiling: ${name}, warm-up`);
      await ctx.clients.run(
        { ...job, path, messagesPerCustomer: BATCH_ONE.warmup.messagesPerCustomer },
        customersFor(phase++, count(BATCH_ONE.warmup.customers)),
      );
      const customers = customersFor(phase++, count(BATCH_ONE.customers));
      ctx.log(`ceiling: ${name}, ${customers.length * BATCH_ONE.messagesPerCustomer} POSTs`);
      return (await ctx.clients.run({ ...job, path, messagesPerCustomer: BATCH_ONE.messagesPerCustomer }, customers)).figures;
    };
    const figures = await measure("trivial Worker", job.path);
    const references: CeilingResult["references"] = {};
    for (const [key, ref] of Object.entries(REFERENCES) as [ReferenceKey, (typeof REFERENCES)[ReferenceKey]][]) {
      references[key] = await measure(ref.label, ref.path);
    }
    return { requestsPerSec: figures.postsPerSec, figures, references };
  } finally {
    await server.stop();
  }
}
