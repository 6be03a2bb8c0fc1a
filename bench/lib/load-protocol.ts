/**
 * What the bench (parent) and its load clients (child processes) say to each other over IPC.
 * Load comes from separate processes so the bench's own work (the Meta peer, bookkeeping) never
 * shares an event loop with the requests being timed.
 */

/** One client's share of a load phase. */
export interface LoadJob {
  /** Base URL of the server under load, e.g. http://127.0.0.1:8790. */
  url: string;
  path: string;
  appSecret: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  /** wa_ids this client owns: only it writes to them, so it alone defines their send order. */
  customers: string[];
  messagesPerCustomer: number;
  /** Messages per POST; above 1, a POST mixes customers as Meta's batches do. */
  batchSize: number;
  /** POSTs in flight at once from this client. */
  inFlight: number;
  /** Parley answers with ingest counts worth checking; the trivial ceiling Worker does not. */
  answer: "ingest" | "any";
  /** How many sent POSTs to keep, byte for byte, for the duplicate-delivery replay. */
  replaySample: number;
}

export interface RunResult {
  /** Epoch ms (sub-ms precision) of the first send and the last ack: the phase's wall time. */
  startedAt: number;
  endedAt: number;
  posts: number;
  events: number;
  /** Ack latency of every POST that got 200, in ms. */
  latenciesMs: number[];
  /** Attempts that failed (status, network, bad answer) and were retried, as Meta retries. */
  failedAttempts: number;
  /**
   * 503s from wrangler's dev proxy saying the Worker restarted mid-request: wrangler rebuilds and
   * restarts it whenever a source file changes, so these mean someone edited files during the run.
   */
  restartedMidRequest: number;
  /** POSTs given up on after every retry: their messages were never acknowledged. */
  undelivered: number;
  /** 200s whose counts did not add up to the POST's messages. */
  badAnswers: number;
  /** The first few failures, verbatim, for the report. */
  failureSamples: string[];
  /** Sum of the `stored` and `duplicates` counts Parley answered. */
  stored: number;
  duplicates: number;
  /** Each customer's wamids in the order they were sent. */
  sent: [waId: string, wamids: string[]][];
  /** Each customer's wamids whose POST got a 200, in send order (less than `sent` only when POSTs were given up on). */
  acked: [waId: string, wamids: string[]][];
  /** Customers per POST, summed, to report how mixed the batches were. */
  customersInPosts: number;
  /** This client's own CPU time during the run, ms. */
  cpuMs: number;
}

export interface ReplayResult {
  posts: number;
  events: number;
  /** Parley's answers to the replayed POSTs: everything should come back as a duplicate. */
  stored: number;
  duplicates: number;
  failures: string[];
}

export type ParentMessage = { type: "run"; job: LoadJob } | { type: "replay" } | { type: "exit" };

export type ClientMessage =
  | { type: "ready" }
  | { type: "ran"; result: RunResult }
  | { type: "replayed"; result: ReplayResult }
  | { type: "failed"; error: string };
