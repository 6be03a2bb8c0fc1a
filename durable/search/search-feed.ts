/**
 * Feeds an org's SearchIndex from its OrgInbox, after each projection is in D1. Like the projection's
 * group commit: the first changes go out at once, whatever arrives meanwhile goes in the next call. It
 * runs behind the webhook's answer (Meta's 200 does not wait for search); a call that keeps failing is
 * logged and left to the index's rebuild, which reads every room again.
 */
import type { SearchChange } from "./search-doc";

const ATTEMPTS = 3;
const RETRY_MS = 200;
/** Bounds one RPC's size; a burst bigger than this goes in several calls. */
const MAX_CHANGES_PER_CALL = 2000;

export type ApplyChanges = (orgId: string, changes: SearchChange[]) => Promise<unknown>;

export class SearchFeed {
  private queue: { orgId: string; change: SearchChange }[] = [];
  private draining: Promise<void> | null = null;

  constructor(private readonly apply: ApplyChanges) {}

  add(orgId: string, changes: SearchChange[]): void {
    if (!changes.length) return;
    for (const change of changes) this.queue.push({ orgId, change });
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
  }

  /** Resolves once everything added so far has been written (or given up on): for tests and shutdown. */
  idle(): Promise<void> {
    return this.draining ?? Promise.resolve();
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const orgId = this.queue[0]!.orgId;
      let n = 0;
      while (n < this.queue.length && n < MAX_CHANGES_PER_CALL && this.queue[n]!.orgId === orgId) n++;
      const changes = this.queue.splice(0, n).map((q) => q.change);
      for (let attempt = 1; ; attempt++) {
        try {
          await this.apply(orgId, changes);
          break;
        } catch (err) {
          if (attempt >= ATTEMPTS) {
            console.error("search index write failed; a rebuild restores it", { orgId, changes: changes.length, err: String(err) });
            break;
          }
          await new Promise((r) => setTimeout(r, RETRY_MS * attempt));
        }
      }
    }
  }
}
