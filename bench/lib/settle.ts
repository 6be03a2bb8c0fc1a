/**
 * Waits until the runtime has gone quiet: the work a seeding phase leaves behind (rooms finishing,
 * timers, garbage collection) otherwise lands inside the first samples of what is measured next.
 */
import { roleCpu } from "./workerd-memory";

export interface Settled {
  /** How long it took to go quiet, ms. */
  waitedMs: number;
  /** false: still busy when the wait gave up (the samples that follow are then disturbed). */
  quiet: boolean;
}

/** Quiet = the runtime used under `maxShare` of a core over `windowMs`; gives up after `timeoutMs`. */
export async function settle(publicPort: number, { maxShare = 0.05, windowMs = 500, timeoutMs = 20_000 } = {}): Promise<Settled> {
  const start = performance.now();
  while (performance.now() - start < timeoutMs) {
    const cpu = roleCpu(publicPort);
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const used = cpu.stop();
    if ((used.proxy + used.runtime) / windowMs < maxShare) return { waitedMs: Math.round(performance.now() - start), quiet: true };
  }
  return { waitedMs: Math.round(performance.now() - start), quiet: false };
}
