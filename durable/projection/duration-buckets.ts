/**
 * Durations (response and resolution times) kept as a histogram: bucket 0 is under a second, bucket k
 * covers [2^((k-1)/6), 2^(k/6)) seconds, the last one everything from ~97 days up. Six buckets per
 * doubling puts any percentile read back within ±6% of the true value (half a bucket), however many
 * durations were counted. Pure: the D1 statements, the dashboard and the bench all use it.
 */
const PER_DOUBLING = 6;
export const BUCKETS = 140;

/** Lower bound in ms of bucket k (k ≥ 1). */
const lower = (k: number) => 1000 * 2 ** ((k - 1) / PER_DOUBLING);

export function durationBucket(ms: number): number {
  if (!(ms >= 1000)) return 0;
  return Math.min(BUCKETS - 1, Math.floor(Math.log2(ms / 1000) * PER_DOUBLING) + 1);
}

/** The value a bucket stands for: its geometric middle (bucket 0: half a second). */
export function bucketMiddleMs(k: number): number {
  if (k <= 0) return 500;
  return Math.round(Math.sqrt(lower(k) * lower(k + 1)));
}

/**
 * The same mapping in SQL, for statements that compute a duration inside D1 (a CASE over the bounds: the
 * SQLite under D1 is not promised its math functions). `d` is an SQL expression in ms.
 */
export function durationBucketSql(d: string): string {
  const whens = Array.from({ length: BUCKETS - 1 }, (_, i) => `when ${d} < ${Math.ceil(lower(i + 1))} then ${i}`);
  return `(case ${whens.join(" ")} else ${BUCKETS - 1} end)`;
}

export interface DurationSummary {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

/** Median and p90 of a histogram (bucket → count). */
export function summarizeBuckets(counts: Map<number, number>): DurationSummary {
  const buckets = [...counts.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const count = buckets.reduce((n, [, c]) => n + c, 0);
  const at = (p: number): number | null => {
    if (!count) return null;
    // The nearest-rank percentile: the smallest value with at least p of all values at or below it.
    const rank = Math.max(1, Math.ceil(p * count));
    let seen = 0;
    for (const [k, n] of buckets) {
      seen += n;
      if (seen >= rank) return bucketMiddleMs(k);
    }
    return null;
  };
  return { count, medianMs: at(0.5), p90Ms: at(0.9) };
}
