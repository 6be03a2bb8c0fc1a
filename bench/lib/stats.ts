/** Latency summaries. Nearest-rank percentiles: every figure reported is a latency that was observed. */

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(samples: number[]): LatencySummary {
  if (!samples.length) return { p50: 0, p95: 0, p99: 0, max: 0, mean: 0 };
  const sorted = Float64Array.from(samples).sort();
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  const sum = sorted.reduce((a, b) => a + b, 0);
  return { p50: rank(50), p95: rank(95), p99: rank(99), max: sorted[sorted.length - 1] ?? 0, mean: sum / sorted.length };
}

/** Rounds for the results file: ms to 0.1, rates to whole numbers elsewhere. */
export const round1 = (n: number) => Math.round(n * 10) / 10;
