/** Figures the live scenarios report: latency summaries over what was observed, rounded for the file. */
import { round1, summarize, type LatencySummary } from "./stats";

export interface Latency extends LatencySummary {
  /** How many observations the percentiles are over. */
  n: number;
}

export function latency(samples: number[]): Latency {
  const s = summarize(samples);
  return { n: samples.length, p50: round1(s.p50), p95: round1(s.p95), p99: round1(s.p99), max: round1(s.max), mean: round1(s.mean) };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Epoch ms with sub-ms precision, the clock every live process records with. */
export const now = () => performance.timeOrigin + performance.now();

/** Polls `done` until it holds or `timeoutMs` passes; returns whether it held. */
export async function waitFor(done: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return true;
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
}
