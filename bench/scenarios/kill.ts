/**
 * Kill mid-run: batch-1 webhooks into Parley, and partway through the runtime is SIGKILLed (no flush,
 * no goodbye) and started again on the same state, as a crashed machine's objects are. The clients
 * retry as Meta does. Afterwards every message whose POST was acked must be in its room, in send
 * order, once; and D1 must catch up with every room (the rooms' outboxes, retried by their alarms),
 * including rooms whose D1 write the crash cut off.
 */
import { DEMO_DISPLAY_PHONE_NUMBER, DEMO_PHONE_NUMBER_ID } from "../../test/peers/webhook-builders";
import { checkStored, type CheckReport, type Expected } from "../lib/check-stored";
import { CLIENT_PROCESSES, customersFor, IN_FLIGHT_PER_CLIENT, PORTS, type BenchContext } from "../lib/scenario";
import { startCrashableParley } from "../lib/stack";

const CUSTOMERS = 600;
const MESSAGES_PER_CUSTOMER = 4;
/** Into the run: past the rooms' creation, well before the last POST. */
const KILL_AFTER_MS = 1500;

export interface KillResult {
  customers: number;
  sent: number;
  acked: number;
  /** POSTs the clients gave up on after every retry (their messages were never acked: allowed to be lost). */
  undelivered: number;
  failedAttempts: number;
  /** From SIGKILL to the restarted runtime answering. */
  downMs: number;
  check: CheckReport;
  failures: string[];
}

export async function runKill(ctx: BenchContext): Promise<KillResult> {
  ctx.log("kill: starting Parley's local stack (state kept across a crash)");
  const server = await startCrashableParley(PORTS.parley, PORTS.metaPeer, ctx.vars);
  try {
    const customers = customersFor(70, Math.max(CLIENT_PROCESSES, Math.round(CUSTOMERS / ctx.scale)));
    let downMs = 0;
    const chaos = (async () => {
      await new Promise((r) => setTimeout(r, KILL_AFTER_MS / ctx.scale));
      ctx.log("kill: SIGKILL the runtime mid-run");
      const t0 = performance.now();
      await server.crash();
      await server.restart();
      downMs = Math.round(performance.now() - t0);
      ctx.log(`kill: restarted on the same state after ${downMs} ms`);
    })();
    ctx.log(`kill: ${customers.length * MESSAGES_PER_CUSTOMER} messages from ${customers.length} customers, batch 1`);
    const outcome = await ctx.clients.run(
      {
        url: server.url,
        path: "/webhooks/whatsapp",
        appSecret: ctx.vars.META_APP_SECRET,
        phoneNumberId: DEMO_PHONE_NUMBER_ID,
        displayPhoneNumber: DEMO_DISPLAY_PHONE_NUMBER,
        batchSize: 1,
        inFlight: IN_FLIGHT_PER_CLIENT,
        answer: "ingest",
        replaySample: 0,
        messagesPerCustomer: MESSAGES_PER_CUSTOMER,
      },
      customers,
    );
    await chaos;
    const expected = new Map<string, Expected>(
      customers.map((waId) => [waId, { sent: outcome.sent.get(waId) ?? [], acked: outcome.acked.get(waId) ?? [] }]),
    );
    const count = (m: Map<string, string[]>) => [...m.values()].reduce((n, w) => n + w.length, 0);
    ctx.log("kill: reading back every customer (D1 may take the rooms' alarm retries to catch up)");
    const check = await checkStored(server.url, DEMO_PHONE_NUMBER_ID, expected);
    const failures: string[] = [];
    if (check.failedCustomers)
      failures.push(`kill: ${check.failedCustomers} of ${check.customers} customers lost an acked message or D1 never caught up`);
    if (outcome.figures.badAnswers) failures.push(`kill: ${outcome.figures.badAnswers} answers did not account for their messages`);
    if (!outcome.figures.failedAttempts)
      failures.push("kill: no POST failed, so the runtime was not killed mid-run (the run ended first?)");
    return {
      customers: customers.length,
      sent: count(outcome.sent),
      acked: count(outcome.acked),
      undelivered: outcome.figures.undelivered,
      failedAttempts: outcome.figures.failedAttempts,
      downMs,
      check,
      failures,
    };
  } finally {
    await server.stop();
  }
}

export function printKill(k: KillResult): void {
  console.log(
    `\nkill mid-run: ${k.sent} messages sent by ${k.customers} customers, ${k.acked} acked; runtime down ${k.downMs} ms; ${k.failedAttempts} attempts failed and were retried, ${k.undelivered} POSTs given up`,
  );
  console.log(
    `  check: every acked message in its room, D1 caught up with every room: ${k.check.failedCustomers} of ${k.check.customers} customers differ; ${k.check.d1CaughtUpLater} D1 rows were behind at first read and caught up (read back in ${k.check.seconds} s)`,
  );
  for (const p of k.check.problems) console.log(`  ${p}`);
  console.log(k.failures.length ? `FAIL\n${k.failures.map((f) => `  ${f}`).join("\n")}` : "PASS: nothing acked was lost");
}
