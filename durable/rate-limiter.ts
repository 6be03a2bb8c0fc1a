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

/** What was granted, oldest first: [when, how many]. Never more than `limit` in any span of `windowMs`. */
type GrantLog = [at: number, count: number][];

/**
 * A sliding window: a grant counts until exactly `windowMs` after it was made. A fixed window let up to
 * twice the limit through across a boundary (all of it at the end of one window, all again at the start
 * of the next); the log never lets more than `limit` through in any `windowMs`, wherever it is placed.
 */
export class RateLimiter extends DurableObject<Env> {
  /** Counts one attempt, refusing past `limit` in the last `windowMs`. Refused attempts are not counted. */
  async hit(limit: number, windowMs: number, now = Date.now()): Promise<RateLimitVerdict> {
    const log = await this.recent(windowMs, now);
    const used = countOf(log);
    if (used < limit) {
      log.push([now, 1]);
      await this.save(log);
      return { allowed: true, remaining: limit - used - 1, retryAfterSeconds: 0 };
    }
    return { allowed: false, remaining: 0, retryAfterSeconds: secondsUntilRoom(log, used - limit + 1, windowMs, now) };
  }

  /**
   * Grants up to `count` of the window's `limit` at once (a queue batch's sends on one number) and
   * counts only what it grants, so the rest can wait for the window to slide.
   */
  async take(count: number, limit: number, windowMs: number, now = Date.now()): Promise<number> {
    const log = await this.recent(windowMs, now);
    const granted = Math.max(0, Math.min(count, limit - countOf(log)));
    if (granted > 0) {
      log.push([now, granted]);
      await this.save(log);
    }
    return granted;
  }

  /** The grants still inside the window ending now. */
  private async recent(windowMs: number, now: number): Promise<GrantLog> {
    const log = (await this.ctx.storage.get<GrantLog>("log")) ?? [];
    return log.filter(([at]) => at > now - windowMs);
  }

  private save(log: GrantLog): Promise<void> {
    return this.ctx.storage.put("log", log);
  }

  /** A success (say, a correct password) clears the account's failure count. */
  async reset(): Promise<void> {
    await this.ctx.storage.delete("log");
  }
}

const countOf = (log: GrantLog) => log.reduce((sum, [, n]) => sum + n, 0);

/** Seconds until `needed` grants have slid out of the window. */
function secondsUntilRoom(log: GrantLog, needed: number, windowMs: number, now: number): number {
  let freed = 0;
  for (const [at, n] of log) {
    freed += n;
    if (freed >= needed) return Math.max(1, Math.ceil((at + windowMs - now) / 1000));
  }
  return Math.max(1, Math.ceil(windowMs / 1000));
}
