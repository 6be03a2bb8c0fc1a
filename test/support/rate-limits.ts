/**
 * The RateLimiter counts in fixed windows (durable/rate-limiter.ts), so a test that fills a window must
 * not straddle its end, where the count starts over. Waits for a fresh window when the current one is
 * about to close; usually returns at once.
 */
export async function clearOfWindowEdge(windowMs: number, needMs = 20_000): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < needMs) await new Promise((resolve) => setTimeout(resolve, left + 100));
}
