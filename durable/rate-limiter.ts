/**
 * RateLimiter: one Durable Object per limited key (`login:ip:203.0.113.9`). A single-threaded object
 * counts exactly, with no races between Worker isolates; the count survives eviction in its storage.
 */
import { DurableObject } from "cloudflare:workers";

export interface RateLimitVerdict {
  allowed: boolean;
  remaining: number;
  /** Seconds until the window resets; what Retry-After says. */
  retryAfterSeconds: number;
}

export class RateLimiter extends DurableObject<Env> {
  /** Counts one attempt in a fixed window of `windowMs`, refusing past `limit`. */
  async hit(limit: number, windowMs: number, now = Date.now()): Promise<RateLimitVerdict> {
    const { windowStart, used } = await this.window(windowMs, now);
    const count = used + 1;
    await this.save(windowStart, count);
    const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));
    return { allowed: count <= limit, remaining: Math.max(0, limit - count), retryAfterSeconds };
  }

  /**
   * Grants up to `count` of the window's `limit` at once (a queue batch's sends on one number) and
   * counts only what it grants, so the rest can have the next window.
   */
  async take(count: number, limit: number, windowMs: number, now = Date.now()): Promise<number> {
    const { windowStart, used } = await this.window(windowMs, now);
    const granted = Math.max(0, Math.min(count, limit - used));
    if (granted > 0) await this.save(windowStart, used + granted);
    return granted;
  }

  /** The current fixed window and what has been counted in it so far. */
  private async window(windowMs: number, now: number): Promise<{ windowStart: number; used: number }> {
    const windowStart = now - (now % windowMs);
    const stored = await this.ctx.storage.get<{ windowStart: number; count: number }>("w");
    return { windowStart, used: stored?.windowStart === windowStart ? stored.count : 0 };
  }

  private save(windowStart: number, count: number): Promise<void> {
    return this.ctx.storage.put("w", { windowStart, count });
  }

  /** A success (say, a correct password) clears the account's failure count. */
  async reset(): Promise<void> {
    await this.ctx.storage.delete("w");
  }
}
