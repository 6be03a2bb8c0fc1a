/**
 * The room's durable outbox of D1 projections. A webhook's 200 means "durably stored in the room":
 * the room commits each change and its pending D1 projection in one SQLite transaction, answers, and
 * only then writes D1 through the org's OrgInbox (whose group commit merges many rooms' items into
 * one D1 batch). A crash between the two loses nothing: the row stays here and the room's alarm,
 * set in the same commit, sends it again. A row leaves the outbox only once the OrgInbox said D1 has it.
 *
 * Rows are absolute (the room's state, see RoomProjection), so sending one twice repairs rather than
 * doubles; the dashboard's message counts (`counted`) are the exception, see docs/design-notes.md.
 */
import type { ProjectionItem } from "./projection/projection";

/** How long a committed projection may wait before the alarm sends it again (the drain normally takes milliseconds). */
export const OUTBOX_RETRY_MS = 5_000;
/** Retry backoff cap when D1 keeps refusing. */
const OUTBOX_MAX_RETRY_MS = 5 * 60_000;
/** Items per OrgInbox call; the OrgInbox's own batches are capped at 250 items. */
const DRAIN_LIMIT = 100;

export type SendProjection = (orgId: string, items: ProjectionItem[]) => Promise<void>;

export class RoomOutbox {
  private draining: Promise<void> | null = null;
  /** An alarm is known to be set (this object set it and has not cleared it). */
  private armed = false;
  private failures = 0;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly send: SendProjection,
  ) {}

  /** Inside the caller's transaction: the item is committed with the change it mirrors. */
  add(item: ProjectionItem, now: number): void {
    this.storage.sql.exec("INSERT INTO outbox (item, committed_at) VALUES (?, ?)", JSON.stringify({ ...item, committedAt: now }), now);
  }

  /**
   * Right after the commit, before the caller's answer leaves: makes sure an alarm will retry. Written
   * by the same output gate as the transaction, so the answer means both are durable. Once set it is
   * left to fire, even when the drain succeeded (it then finds nothing to do): setting and clearing it
   * around every message cost the runtime more than one wake-up per room per retry window.
   */
  async arm(now: number): Promise<void> {
    if (this.armed) return;
    const at = await this.storage.getAlarm();
    if (at === null || at > now + OUTBOX_RETRY_MS) await this.storage.setAlarm(now + OUTBOX_RETRY_MS);
    this.armed = true;
  }

  pending(): number {
    return this.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM outbox").one().n;
  }

  /**
   * Sends everything pending, in commit order, until the outbox is empty; what arrives while a send
   * is in flight goes in the next one. Concurrent callers share one drain. Rejects if D1 refused.
   */
  drain(orgId: string | null): Promise<void> {
    if (!orgId) return Promise.resolve();
    this.draining ??= this.run(orgId).finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  /** The alarm fired: send what is left; true when the outbox is empty (else the alarm was set again). */
  async retry(orgId: string | null, now: number): Promise<boolean> {
    this.armed = false;
    try {
      await this.drain(orgId);
      this.failures = 0;
      return true;
    } catch (err) {
      console.warn("D1 projection not written yet; retrying", { orgId, err: String(err) });
    }
    if (!this.pending()) return true;
    this.failures++;
    await this.storage.setAlarm(now + Math.min(OUTBOX_RETRY_MS * 2 ** this.failures, OUTBOX_MAX_RETRY_MS));
    this.armed = true;
    return false;
  }

  /** Erasing the room: what it would have written goes too. */
  reset(): void {
    this.armed = false;
    this.failures = 0;
  }

  private async run(orgId: string): Promise<void> {
    for (;;) {
      const rows = this.storage.sql
        .exec<{ id: number; item: string }>("SELECT id, item FROM outbox ORDER BY id LIMIT ?", DRAIN_LIMIT)
        .toArray();
      if (!rows.length) break;
      await this.send(
        orgId,
        rows.map((r) => JSON.parse(r.item) as ProjectionItem),
      );
      this.storage.sql.exec("DELETE FROM outbox WHERE id <= ?", rows[rows.length - 1]!.id);
    }
  }
}
