/**
 * The CampaignRunner's SQLite: one row per recipient with its claim state, and the runner's own state.
 * Every method is synchronous and runs inside the runner's `transactionSync`, so a claim is a single
 * atomic step: a recipient moves from `queued` to `claimed` once, whoever asks how often.
 */
import type { CampaignProgress, RunnerConfig, RunnerPhase, RunnerRecipient, SendOutcome } from "./campaign-protocol";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS recipients (
  idx INTEGER PRIMARY KEY,
  contact_id TEXT NOT NULL,
  wa_id TEXT NOT NULL,
  params TEXT NOT NULL,
  message_id TEXT NOT NULL,
  -- pending → queued (released to a queue message) → claimed (a consumer is calling Meta) → sent | failed | skipped
  -- claimed without an answer for too long → unconfirmed (never re-sent automatically)
  state TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  not_before INTEGER NOT NULL DEFAULT 0,
  queued_at INTEGER,
  claimed_at INTEGER,
  wamid TEXT,
  error_code INTEGER,
  error_title TEXT
);
CREATE INDEX IF NOT EXISTS recipients_state ON recipients (state, idx);
CREATE TABLE IF NOT EXISTS runner (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
`;

export interface RunnerState {
  phase: RunnerPhase;
  config: RunnerConfig | null;
  /** The org and campaign, known from the first call (schedule or begin). */
  orgId: string | null;
  campaignId: string | null;
  scheduledAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  /** When the last pacing tick ran: the next is one second after it, so the pace does not drift. */
  lastTickAt: number | null;
  backoffUntil: number;
  stopReason: string | null;
}

const INITIAL: RunnerState = {
  phase: "idle",
  config: null,
  orgId: null,
  campaignId: null,
  scheduledAt: null,
  startedAt: null,
  finishedAt: null,
  lastTickAt: null,
  backoffUntil: 0,
  stopReason: null,
};

/** Transient refusals (rate limits) are retried this many times before the recipient fails. */
export const MAX_ATTEMPTS = 5;

interface RecipientRow {
  idx: number;
  contact_id: string;
  wa_id: string;
  params: string;
  message_id: string;
  attempts: number;
  [key: string]: SqlStorageValue;
}

export class CampaignStore {
  state: RunnerState;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
    const row = sql.exec<{ json: string }>("SELECT json FROM runner WHERE id = 1").toArray()[0];
    this.state = row ? { ...INITIAL, ...(JSON.parse(row.json) as RunnerState) } : { ...INITIAL };
  }

  save(patch: Partial<RunnerState>): void {
    this.state = { ...this.state, ...patch };
    this.sql.exec("INSERT OR REPLACE INTO runner (id, json) VALUES (1, ?)", JSON.stringify(this.state));
  }

  /** Idempotent: a recipient already stored (a retried begin) keeps its state. */
  addRecipients(recipients: RunnerRecipient[]): void {
    for (const r of recipients) {
      this.sql.exec(
        "INSERT OR IGNORE INTO recipients (idx, contact_id, wa_id, params, message_id) VALUES (?, ?, ?, ?, ?)",
        r.idx,
        r.contactId,
        r.waId,
        JSON.stringify(r.params),
        r.messageId,
      );
    }
  }

  /** Releases up to `limit` recipients due now to the queue, in send order. */
  release(limit: number, now: number): number[] {
    return this.sql
      .exec<{ idx: number }>(
        `UPDATE recipients SET state = 'queued', queued_at = ?
         WHERE idx IN (SELECT idx FROM recipients WHERE state = 'pending' AND not_before <= ? ORDER BY idx LIMIT ?)
         RETURNING idx`,
        now,
        now,
        limit,
      )
      .toArray()
      .map((r) => r.idx)
      .sort((a, b) => a - b);
  }

  /** Puts released recipients back in line (the queue refused the message, or the campaign paused). */
  unrelease(idxs: number[] | "all"): void {
    if (idxs === "all") this.sql.exec("UPDATE recipients SET state = 'pending', queued_at = NULL WHERE state = 'queued'");
    else for (const idx of idxs) this.sql.exec("UPDATE recipients SET state = 'pending' WHERE idx = ? AND state = 'queued'", idx);
  }

  /** The atomic step: only a released recipient can be claimed, and only once. */
  claim(idxs: number[], now: number): RunnerRecipient[] {
    const out: RunnerRecipient[] = [];
    for (const idx of idxs) {
      const row = this.sql
        .exec<RecipientRow>(
          `UPDATE recipients SET state = 'claimed', claimed_at = ?, attempts = attempts + 1
           WHERE idx = ? AND state = 'queued' RETURNING idx, contact_id, wa_id, params, message_id, attempts`,
          now,
          idx,
        )
        .toArray()[0];
      if (row) {
        out.push({
          idx: row.idx,
          contactId: row.contact_id,
          waId: row.wa_id,
          params: JSON.parse(row.params) as string[],
          messageId: row.message_id,
        });
      }
    }
    return out;
  }

  /** Applies a consumer's answers; only to recipients it claimed (or that were given up on as unconfirmed). */
  record(outcomes: SendOutcome[], now: number): void {
    for (const o of outcomes) {
      if (o.result === "sent") {
        this.sql.exec(
          "UPDATE recipients SET state = 'sent', wamid = ? WHERE idx = ? AND state IN ('claimed', 'unconfirmed')",
          o.wamid,
          o.idx,
        );
      } else if (o.result === "retry" && o.throttled) {
        this.sql.exec(
          "UPDATE recipients SET state = 'pending', not_before = ?, attempts = attempts - 1 WHERE idx = ? AND state = 'claimed'",
          now + o.delayMs,
          o.idx,
        );
      } else if (o.result === "retry") {
        this.sql.exec(
          `UPDATE recipients SET state = CASE WHEN attempts >= ? THEN 'failed' ELSE 'pending' END, not_before = ?,
             error_code = CASE WHEN attempts >= ? THEN 130429 END,
             error_title = CASE WHEN attempts >= ? THEN 'Meta kept refusing for rate limits' END
           WHERE idx = ? AND state = 'claimed'`,
          MAX_ATTEMPTS,
          now + o.delayMs,
          MAX_ATTEMPTS,
          MAX_ATTEMPTS,
          o.idx,
        );
      } else if (o.result === "unconfirmed") {
        this.sql.exec("UPDATE recipients SET state = 'unconfirmed', error_title = ? WHERE idx = ? AND state = 'claimed'", o.title, o.idx);
      } else {
        this.sql.exec(
          "UPDATE recipients SET state = ?, error_code = ?, error_title = ? WHERE idx = ? AND state = 'claimed'",
          o.result,
          o.code,
          o.title,
          o.idx,
        );
      }
    }
  }

  /** A status webhook proved Meta took the message: a claim whose answer was lost is settled as sent. */
  confirm(idxs: number[]): number {
    let n = 0;
    for (const idx of idxs)
      n += this.sql.exec("UPDATE recipients SET state = 'sent' WHERE idx = ? AND state IN ('claimed', 'unconfirmed')", idx).rowsWritten;
    return n;
  }

  /**
   * Released recipients whose queue message never came (lost past its retries) go back in line: they
   * were never claimed, so nothing was sent. Claims never answered become unconfirmed, never re-sent.
   */
  sweep(now: number, queuedTimeoutMs: number, claimTimeoutMs: number): { requeued: number; unconfirmed: number[] } {
    const requeued = this.sql.exec(
      "UPDATE recipients SET state = 'pending', queued_at = NULL WHERE state = 'queued' AND queued_at < ?",
      now - queuedTimeoutMs,
    ).rowsWritten;
    const unconfirmed = this.sql
      .exec<{ idx: number }>(
        "UPDATE recipients SET state = 'unconfirmed' WHERE state = 'claimed' AND claimed_at < ? RETURNING idx",
        now - claimTimeoutMs,
      )
      .toArray()
      .map((r) => r.idx);
    return { requeued, unconfirmed };
  }

  /** Cancel: everything not yet claimed is skipped. */
  skipUnsent(): number[] {
    return this.sql
      .exec<{ idx: number }>(
        "UPDATE recipients SET state = 'skipped', error_code = 0, error_title = 'Campaign cancelled' WHERE state IN ('pending', 'queued') RETURNING idx",
      )
      .toArray()
      .map((r) => r.idx);
  }

  /** "Retry failed": failed recipients (not the ones who opted out or cannot be reached) go back in line. */
  requeueFailed(keepCodes: number[]): number[] {
    const placeholders = keepCodes.map(() => "?").join(",") || "NULL";
    return this.sql
      .exec<{ idx: number }>(
        `UPDATE recipients SET state = 'pending', attempts = 0, not_before = 0, error_code = NULL, error_title = NULL
         WHERE state = 'failed' AND coalesce(error_code, 0) NOT IN (${placeholders}) RETURNING idx`,
        ...keepCodes,
      )
      .toArray()
      .map((r) => r.idx);
  }

  /** The earliest time a pending recipient may go (a rate-limited one waits), or null if none is pending. */
  nextDue(): number | null {
    const row = this.sql.exec<{ at: number | null }>("SELECT min(not_before) AS at FROM recipients WHERE state = 'pending'").one();
    return row.at;
  }

  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.sql.exec<{ state: string; n: number }>("SELECT state, count(*) AS n FROM recipients GROUP BY state"))
      out[r.state] = r.n;
    return out;
  }

  progress(): CampaignProgress {
    const c = this.counts();
    const s = this.state;
    return {
      campaignId: s.campaignId ?? "",
      phase: s.phase,
      total: Object.values(c).reduce((a, b) => a + b, 0),
      pending: c.pending ?? 0,
      inFlight: (c.queued ?? 0) + (c.claimed ?? 0),
      sent: c.sent ?? 0,
      failed: c.failed ?? 0,
      skipped: c.skipped ?? 0,
      unconfirmed: c.unconfirmed ?? 0,
      stopReason: s.stopReason,
      startedAt: s.startedAt,
      finishedAt: s.finishedAt,
    };
  }
}
