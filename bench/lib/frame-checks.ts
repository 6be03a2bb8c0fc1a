/**
 * Correctness of what the sockets received, checked after every live scenario: a room socket must
 * see its room's log exactly once, gap-free and in sequence order; an inbox socket must never see a
 * conversation's row go backwards or repeat, and must end on the room's last sequence.
 */
import type { FrameRecord, PacedResult } from "./live-protocol";

/** At most this many problems are described per check; the count is always exact. */
const MAX_DESCRIBED = 5;

export interface Problems {
  count: number;
  samples: string[];
}

export const noProblems = (): Problems => ({ count: 0, samples: [] });

export function problem(p: Problems, text: string): void {
  p.count++;
  if (p.samples.length < MAX_DESCRIBED) p.samples.push(text);
}

type Sequenced = Extract<FrameRecord, { seq: number }>;

/** Frames that carry the room's sequence (everything but inbox rows). */
export const sequenced = (frames: FrameRecord[]): Sequenced[] => frames.filter((f): f is Sequenced => f.k !== "rows");

/** Each frame's seq must be the previous + 1, starting right after `afterSeq` (the socket's `ready`). */
export function checkRoomSequence(key: string, frames: FrameRecord[], afterSeq: number, p: Problems): void {
  let expected = afterSeq + 1;
  for (const f of sequenced(frames)) {
    if (f.seq !== expected) {
      problem(p, `${key}: frame with seq ${f.seq} where ${expected} was due (${f.seq < expected ? "duplicate or reordered" : "gap"})`);
      expected = Math.max(expected, f.seq + 1);
    } else {
      expected++;
    }
  }
}

/**
 * Inbox rows per conversation: strictly increasing roomSeq (a repeat is a duplicate delta, a
 * decrease a stale one). Coalescing may skip sequences; that is the design (newest row wins).
 */
export function checkInboxRows(key: string, frames: FrameRecord[], p: Problems): Map<string, { t: number; roomSeq: number }[]> {
  const byConversation = new Map<string, { t: number; roomSeq: number }[]>();
  for (const f of frames) {
    if (f.k !== "rows") continue;
    for (const row of f.rows) {
      const seen = byConversation.get(row.id) ?? [];
      const last = seen.at(-1);
      if (last && row.roomSeq <= last.roomSeq) problem(p, `${key}: row for ${row.id} at seq ${row.roomSeq} after one at ${last.roomSeq}`);
      seen.push({ t: f.t, roomSeq: row.roomSeq });
      byConversation.set(row.id, seen);
    }
  }
  return byConversation;
}

/** When a socket first knew about sequence `seq` of a conversation: the first row at or past it. */
export function firstRowAtOrAfter(rows: { t: number; roomSeq: number }[] | undefined, seq: number): number | null {
  return rows?.find((r) => r.roomSeq >= seq)?.t ?? null;
}

/** Message frames by the id the scenario tagged them with (wamid for inbound, message id for sends). */
export function messagesBy(frames: FrameRecord[], key: "wamid" | "id"): Map<string, Extract<FrameRecord, { k: "message" }>[]> {
  const by = new Map<string, Extract<FrameRecord, { k: "message" }>[]>();
  for (const f of frames) {
    if (f.k !== "message") continue;
    const id = key === "wamid" ? f.wamid : f.id;
    if (id === null) continue;
    by.set(id, [...(by.get(id) ?? []), f]);
  }
  return by;
}

/**
 * wrangler restarts the Worker when a source file changes, answering in-flight requests 503 and
 * closing every socket: say so first, since it explains the losses reported after it.
 */
export function restartNote(results: PacedResult[]): string | null {
  const restarted = results.filter((r) => r.status === 503 && r.body.includes("restarted mid-request")).length;
  return restarted
    ? `wrangler restarted the Worker mid-run (${restarted} requests answered 503: a source file changed during the bench); the run is disturbed`
    : null;
}
