/**
 * A load client: a child process that sends signed webhooks with a fixed number of POSTs in flight,
 * times each ack, and reports back. Forked by load-driver.ts; driven over IPC (load-protocol.ts).
 */
import http from "node:http";
import { signedWebhook, type SignedWebhook } from "../../test/peers/webhook-builders";
import { CustomerScheduler, type PlannedPost } from "./customer-scheduler";
import { postOnce, type PostAnswer } from "./http-post";
import type { ClientMessage, LoadJob, ParentMessage, ReplayResult, RunResult } from "./load-protocol";
import { mixedInboundBody } from "./webhook-batch";

/** Meta retries a failed delivery; so does the client, a few times, with backoff. */
const MAX_ATTEMPTS = 5;
const FAILURE_SAMPLES = 5;

interface SentPost {
  signed: SignedWebhook;
  events: number;
}

interface IngestAnswer {
  received?: boolean;
  stored?: number;
  duplicates?: number;
  unknownNumbers?: string[];
}

type RetryTally = Pick<RunResult, "failedAttempts" | "restartedMidRequest" | "failureSamples">;

let lastRun: { job: LoadJob; sample: SentPost[] } | null = null;

const now = () => performance.timeOrigin + performance.now();

function send(message: ClientMessage): void {
  process.send?.(message);
}

/** Meta's delivery: the same bytes until a 200, with backoff. The latency is the acked attempt's; null when none was. */
async function deliver(
  agent: http.Agent,
  url: URL,
  signed: SignedWebhook,
  tally: RetryTally,
): Promise<{ answer: PostAnswer; ms: number } | null> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const t0 = performance.now();
    try {
      const answer = await postOnce(agent, url, signed.headers, signed.payload);
      if (answer.status === 200) return { answer, ms: performance.now() - t0 };
      throw new Error(`HTTP ${answer.status}: ${answer.body.slice(0, 300)}`);
    } catch (err) {
      tally.failedAttempts++;
      if (String(err).includes("restarted mid-request")) tally.restartedMidRequest++;
      else if (tally.failureSamples.length < FAILURE_SAMPLES) tally.failureSamples.push(`attempt ${attempt}: ${String(err)}`);
      if (attempt < MAX_ATTEMPTS) await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
    }
  }
  return null;
}

function parseAnswer(body: string): IngestAnswer | null {
  try {
    return JSON.parse(body) as IngestAnswer;
  } catch {
    return null;
  }
}

async function run(job: LoadJob): Promise<RunResult> {
  const scheduler = new CustomerScheduler(job.customers, job.messagesPerCustomer, job.batchSize);
  const url = new URL(job.path, job.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.inFlight });
  const number = { phoneNumberId: job.phoneNumberId, displayPhoneNumber: job.displayPhoneNumber };
  const result: RunResult = {
    startedAt: 0,
    endedAt: 0,
    posts: 0,
    events: 0,
    latenciesMs: [],
    failedAttempts: 0,
    restartedMidRequest: 0,
    undelivered: 0,
    badAnswers: 0,
    failureSamples: [],
    stored: 0,
    duplicates: 0,
    sent: [],
    acked: [],
    customersInPosts: 0,
    cpuMs: 0,
  };
  const sample: SentPost[] = [];
  const acked = new Map<string, string[]>();

  async function sendPost(post: PlannedPost): Promise<void> {
    const signed = signedWebhook(job.appSecret, mixedInboundBody(number, post.chunks));
    const delivered = await deliver(agent, url, signed, result);
    if (!delivered) {
      result.undelivered++;
      return;
    }
    if (job.answer === "ingest") checkAnswer(delivered.answer.body, post.events);
    for (const chunk of post.chunks) {
      const list = acked.get(chunk.waId);
      if (list) list.push(...chunk.wamids);
      else acked.set(chunk.waId, [...chunk.wamids]);
    }
    result.latenciesMs.push(delivered.ms);
    remember(sample, result.posts, job.replaySample, { signed, events: post.events });
    result.posts++;
    result.events += post.events;
    result.customersInPosts += post.customers.length;
  }

  /** A 200 whose counts do not add up is a correctness failure, not something to retry. */
  function checkAnswer(body: string, events: number): void {
    const a = parseAnswer(body);
    result.stored += a?.stored ?? 0;
    result.duplicates += a?.duplicates ?? 0;
    if (a?.received !== true || (a.stored ?? 0) + (a.duplicates ?? 0) !== events || (a.unknownNumbers?.length ?? 0) > 0) {
      result.badAnswers++;
      if (result.failureSamples.length < FAILURE_SAMPLES)
        result.failureSamples.push(`answer does not account for ${events} messages: ${body.slice(0, 300)}`);
    }
  }

  async function lane(): Promise<void> {
    for (;;) {
      const post = scheduler.take();
      if (post) {
        await sendPost(post);
        scheduler.release(post);
      } else if (scheduler.done) {
        return;
      } else {
        await scheduler.released();
      }
    }
  }

  const cpu0 = process.cpuUsage();
  result.startedAt = now();
  await Promise.all(Array.from({ length: job.inFlight }, lane));
  result.endedAt = now();
  const cpu = process.cpuUsage(cpu0);
  result.cpuMs = (cpu.user + cpu.system) / 1000;
  agent.destroy();
  result.sent = scheduler.customers.map((c) => [c.waId, c.wamids.slice(0, c.next)]);
  result.acked = [...acked];
  lastRun = { job, sample };
  return result;
}

/** Reservoir sampling: a uniform sample of the POSTs sent, whatever their number. */
function remember(sample: SentPost[], seen: number, size: number, post: SentPost): void {
  if (sample.length < size) sample.push(post);
  else {
    const slot = Math.floor(Math.random() * (seen + 1));
    if (slot < size) sample[slot] = post;
  }
}

/** Meta's duplicate deliveries: the same bytes and signature again. Parley must store nothing new. */
async function replay(): Promise<ReplayResult> {
  if (!lastRun) throw new Error("replay before any run");
  const { job, sample } = lastRun;
  const url = new URL(job.path, job.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.inFlight });
  const result: ReplayResult = { posts: 0, events: 0, stored: 0, duplicates: 0, failures: [] };
  const tally: RetryTally = { failedAttempts: 0, restartedMidRequest: 0, failureSamples: [] };
  const queue = [...sample];
  async function lane(): Promise<void> {
    for (let post = queue.shift(); post; post = queue.shift()) {
      const delivered = await deliver(agent, url, post.signed, tally);
      result.posts++;
      result.events += post.events;
      const a = delivered && parseAnswer(delivered.answer.body);
      if (!a) {
        result.failures.push(
          delivered
            ? `unreadable answer: ${delivered.answer.body.slice(0, 300)}`
            : `never acknowledged: ${tally.failureSamples.at(-1) ?? "Worker restarts"}`,
        );
        continue;
      }
      result.stored += a.stored ?? 0;
      result.duplicates += a.duplicates ?? 0;
    }
  }
  await Promise.all(Array.from({ length: job.inFlight }, lane));
  agent.destroy();
  return result;
}

process.on("message", (raw: unknown) => {
  const message = raw as ParentMessage;
  const reply = (work: Promise<ClientMessage>) =>
    work.then(send, (err: unknown) => send({ type: "failed", error: err instanceof Error ? (err.stack ?? err.message) : String(err) }));
  if (message.type === "run") reply(run(message.job).then((result) => ({ type: "ran", result })));
  else if (message.type === "replay") reply(replay().then((result) => ({ type: "replayed", result })));
  else process.exit(0);
});
send({ type: "ready" });
