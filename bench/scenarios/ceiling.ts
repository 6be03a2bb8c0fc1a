/**
 * The runtime's ceiling: the trivial Worker (bench/ceiling/) under the same clients, concurrency and
 * payloads as Parley's batch-1 ingest. What it sustains is what "fraction of the ceiling" divides by.
 */
import { DEMO_DISPLAY_PHONE_NUMBER, DEMO_PHONE_NUMBER_ID } from "../../test/peers/webhook-builders";
import { CLIENT_PROCESSES, customersFor, IN_FLIGHT_PER_CLIENT, PORTS, type BenchContext, type CeilingResult, type JobShape } from "../lib/scenario";
import { startCeiling } from "../lib/stack";

const CUSTOMERS = 1000;
const POSTS_PER_CUSTOMER = 5;
const WARMUP_POSTS_PER_CUSTOMER = 1;

export async function runCeiling(ctx: BenchContext): Promise<CeilingResult> {
  ctx.log("ceiling: starting the trivial Worker");
  const server = await startCeiling(PORTS.ceiling);
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
    const customers = customersFor(9, Math.max(CLIENT_PROCESSES, Math.round(CUSTOMERS / ctx.scale)));
    ctx.log("ceiling: warm-up");
    await ctx.clients.run({ ...job, messagesPerCustomer: WARMUP_POSTS_PER_CUSTOMER }, customers);
    ctx.log(`ceiling: ${customers.length * POSTS_PER_CUSTOMER} POSTs`);
    const { figures } = await ctx.clients.run({ ...job, messagesPerCustomer: POSTS_PER_CUSTOMER }, customers);
    return { requestsPerSec: figures.postsPerSec, figures };
  } finally {
    await server.stop();
  }
}
