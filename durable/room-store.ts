/**
 * The ConversationRoom's storage: its message log in the object's own SQLite. Synchronous by design:
 * a Durable Object runs one call at a time and SQLite here is synchronous, so "next sequence = last + 1"
 * and "insert unless the wamid exists" are atomic without locks.
 */
import { toAdReferral, touch } from "./ad-referral";
import { messagePreview } from "./message-preview";
import { toMessage, type MessageRow } from "./room-rows";
import { migrateRoom } from "./room-schema";
import {
  STATUS_RANK,
  type AdAttribution,
  type AdReferral,
  type JsonValue,
  type Message,
  type MessageError,
  type MessagePricing,
  type MessageStatus,
  type RoomFrame,
  type StatusTimes,
  type StoredMedia,
} from "./protocol";
import {
  type ExportedMessageRow,
  messageIdFromCallback,
  type HistoryPage,
  type HistoryQuery,
  type InboundMessage,
  type InboundReaction,
  type MediaJob,
  type OutboundMessage,
  type RoomProjection,
  type StatusUpdate,
} from "./room-api";

interface RoomState {
  orgId: string | null;
  conversationId: string | null;
  messageCount: number;
  unreadCount: number;
  inboundCount: number;
  lastInboundAt: number | null;
  windowClosedAt: number | null;
  marketingOptOutAt: number | null;
  /** Last touch. Rooms stored before first touch was kept have only this. */
  referral: AdReferral | null;
  firstReferral?: AdReferral | null;
  /** Meta answered 131026 after the customer's last message: possibly unreachable. */
  unreachableAt?: number | null;
}

const EMPTY_STATE: RoomState = {
  orgId: null,
  conversationId: null,
  messageCount: 0,
  unreadCount: 0,
  inboundCount: 0,
  lastInboundAt: null,
  windowClosedAt: null,
  marketingOptOutAt: null,
  referral: null,
};

/** Codes on a failed status that change the conversation, not just the message. */
const WINDOW_CLOSED_CODE = 131047;
const MARKETING_STOPPED_CODE = 131050;
const UNDELIVERABLE_CODE = 131026;
/** A status whose message never shows up is dropped (and logged) after this long. */
export const HELD_STATUS_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_PAGE = 200;
/** An export page: big enough that 1,000,000 messages are a few hundred calls, small enough for one RPC answer. */
const MAX_EXPORT_PAGE = 2000;

export class RoomStore {
  private state: RoomState;
  private seq: number | undefined;
  /**
   * How many statuses are held, and whether any reaction is stored. Almost always none, and every
   * inbound message would otherwise query both tables: counted once, again after a write changes them.
   */
  private held: number | undefined;
  private anyReactions: boolean | undefined;
  /** The state as stored. Every change replaces `state` (never mutates it), so a delivery status, which changes none, writes nothing. */
  private saved: RoomState | undefined;

  constructor(private readonly sql: SqlStorage) {
    migrateRoom(sql);
    const row = sql.exec<{ json: string }>("SELECT json FROM state WHERE id = 1").toArray()[0];
    this.state = row ? { ...EMPTY_STATE, ...(JSON.parse(row.json) as Partial<RoomState>) } : { ...EMPTY_STATE };
    // Rooms stored before referrals were typed hold Meta's raw object, with no time: it counts as the oldest touch.
    if (this.state.referral && typeof this.state.referral.at !== "number")
      this.state = { ...this.state, referral: toAdReferral(this.state.referral as unknown as JsonValue, 0) };
    if (row) this.saved = this.state;
  }

  get orgId(): string | null {
    return this.state.orgId;
  }

  get conversationId(): string | null {
    return this.state.conversationId;
  }

  bind(orgId: string, conversationId: string): void {
    if (this.state.orgId === orgId && this.state.conversationId === conversationId) return;
    if (this.state.orgId && this.state.orgId !== orgId) throw new Error("room belongs to another organization");
    this.state = { ...this.state, orgId, conversationId };
    this.saveState();
  }

  /** Kept in memory (one writer, reloaded with the store after a failed transaction): read on every event. */
  lastSeq(): number {
    return (this.seq ??= this.sql.exec<{ s: number | null }>("SELECT max(seq) AS s FROM frames").one().s ?? 0);
  }

  /** Appends an inbound message unless its wamid is stored; either way returns the message. */
  appendInbound(msg: InboundMessage, now: number): { message: Message; frames: RoomFrame[]; duplicate: boolean } {
    const seq = this.lastSeq() + 1;
    const id = crypto.randomUUID();
    const media: StoredMedia | undefined =
      "mediaId" in msg.content ? { state: "pending", ...(msg.content.mimeType && { mimeType: msg.content.mimeType }) } : undefined;
    // Meta redelivers: the wamid's unique index is the duplicate check, so a new message (nearly all of
    // them) costs one statement instead of a lookup and an insert.
    const { rowsWritten } = this.sql.exec(
      `INSERT INTO messages (id, seq, wamid, direction, phone_number_id, content, context, wa_ts, received_at, media)
       VALUES (?, ?, ?, 'inbound', ?, ?, ?, ?, ?, ?) ON CONFLICT (wamid) DO NOTHING`,
      id,
      seq,
      msg.wamid,
      msg.phoneNumberId,
      JSON.stringify(msg.content),
      msg.context ? JSON.stringify(msg.context) : null,
      msg.waTimestamp,
      now,
      media ? JSON.stringify(media) : null,
    );
    if (rowsWritten === 0) return { message: this.messageByWamid(msg.wamid)!, frames: [], duplicate: true };
    // Built from what was just written rather than read back; only reactions that arrived first come from storage.
    const message: Message = {
      id,
      seq,
      wamid: msg.wamid,
      direction: "inbound",
      content: msg.content,
      ...(msg.context && { context: msg.context }),
      waTimestamp: msg.waTimestamp,
      receivedAt: now,
      status: null,
      statusAt: null,
      reactions: this.reactionsOn(msg.wamid),
      ...(media && { media }),
    };
    // Counted among inbound messages (so read cursors count it), but a system notice (a new number, a new
    // user id) is WhatsApp speaking, not the customer: it neither opens the 24-hour window nor waits for an answer.
    if (msg.content.type === "system") {
      this.state = { ...this.state, messageCount: this.state.messageCount + 1, inboundCount: this.state.inboundCount + 1 };
    } else {
      const s = this.state;
      const ads = msg.referral ? touch(this.attribution(), msg.referral) : null;
      this.state = {
        ...s,
        messageCount: s.messageCount + 1,
        unreadCount: s.unreadCount + 1,
        inboundCount: s.inboundCount + 1,
        lastInboundAt: Math.max(s.lastInboundAt ?? 0, msg.waTimestamp),
        // A new customer message reopens the window Meta may have closed…
        windowClosedAt: s.windowClosedAt !== null && msg.waTimestamp > s.windowClosedAt ? null : s.windowClosedAt,
        // …and shows they can be reached after all.
        ...(s.unreachableAt != null && msg.waTimestamp > s.unreachableAt && { unreachableAt: null }),
        ...(ads && { referral: ads.lastTouch, firstReferral: ads.firstTouch }),
      };
    }
    const frames: RoomFrame[] = [this.log({ t: "message", seq, message })];
    return { message, frames, duplicate: false };
  }

  /**
   * Appends a message the business sends, as `queued`. Idempotent by the client-generated id, so a
   * double click or a resend after reconnect stores one message.
   */
  appendOutbound(msg: OutboundMessage, now: number): { message: Message; frames: RoomFrame[]; duplicate: boolean } {
    const existing = this.sql.exec<MessageRow>("SELECT * FROM messages WHERE id = ?", msg.id).toArray()[0];
    if (existing) return { message: this.withReactions([existing])[0]!, frames: [], duplicate: true };
    const seq = this.lastSeq() + 1;
    const note = msg.content.type === "note";
    this.sql.exec(
      `INSERT INTO messages (id, seq, wamid, direction, phone_number_id, content, context, wa_ts, received_at, status, status_at, author)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      msg.id,
      seq,
      msg.wamid ?? null,
      note ? "internal" : "outbound",
      msg.phoneNumberId,
      JSON.stringify(msg.content),
      msg.context ? JSON.stringify(msg.context) : null,
      now,
      now,
      note ? null : "queued",
      note ? null : now,
      msg.author ? JSON.stringify(msg.author) : null,
    );
    // A private note is not an answer: the customer is still waiting.
    if (!note) this.state = { ...this.state, messageCount: this.state.messageCount + 1, unreadCount: 0 };
    const message = this.withReactions([this.sql.exec<MessageRow>("SELECT * FROM messages WHERE id = ?", msg.id).one()])[0]!;
    const frames: RoomFrame[] = [this.log({ t: "message", seq, message })];
    if (msg.wamid) frames.push(...this.releaseHeld(msg.wamid, now));
    return { message, frames, duplicate: false };
  }

  /** The send failed before Meta took it (refused, or out of retries): failed, with Meta's reason. */
  failOutbound(messageId: string, error: MessageError, now: number): RoomFrame | null {
    const row = this.sql.exec<MessageRow>("SELECT * FROM messages WHERE id = ? AND direction = 'outbound'", messageId).toArray()[0];
    if (!row || row.status === "failed" || (row.status && row.status !== "queued")) return null;
    if (error.code === WINDOW_CLOSED_CODE || error.code === MARKETING_STOPPED_CODE) this.noteFailure(error, now);
    const statusTimes: StatusTimes = { ...parseTimes(row.status_times), failed: now };
    this.sql.exec(
      "UPDATE messages SET status = 'failed', status_at = ?, error = ?, status_times = ? WHERE id = ?",
      now,
      JSON.stringify(error),
      JSON.stringify(statusTimes),
      messageId,
    );
    return this.log({ t: "status", seq: this.lastSeq() + 1, messageId, status: "failed", statusAt: now, error, statusTimes });
  }

  /**
   * An agent's retry of a send Meta never accepted: back to queued. The one sanctioned way a status
   * moves back, and only for a message with no wamid (Meta's own failures stay terminal).
   */
  requeueOutbound(messageId: string, now: number): RoomFrame | null {
    const row = this.sql.exec<MessageRow>("SELECT * FROM messages WHERE id = ? AND direction = 'outbound'", messageId).toArray()[0];
    if (row?.status !== "failed" || row.wamid) return null;
    // The failure Meta never saw is undone with it: the message info starts over.
    const { failed: _failed, ...statusTimes } = parseTimes(row.status_times);
    this.sql.exec(
      "UPDATE messages SET status = 'queued', status_at = ?, error = NULL, status_times = ? WHERE id = ?",
      now,
      JSON.stringify(statusTimes),
      messageId,
    );
    return this.log({ t: "status", seq: this.lastSeq() + 1, messageId, status: "queued", statusAt: now, statusTimes });
  }

  message(messageId: string): Message | undefined {
    const row = this.sql.exec<MessageRow>("SELECT * FROM messages WHERE id = ?", messageId).toArray()[0];
    return row ? this.withReactions([row])[0] : undefined;
  }

  /** The Graph API accepted a send: remember its wamid and apply statuses that raced ahead of it. */
  recordWamid(messageId: string, wamid: string, now: number): RoomFrame[] {
    const row = this.sql.exec<MessageRow>("SELECT * FROM messages WHERE id = ?", messageId).toArray()[0];
    if (!row || row.wamid === wamid) return [];
    this.sql.exec("UPDATE messages SET wamid = ? WHERE id = ?", wamid, messageId);
    return this.releaseHeld(wamid, now);
  }

  /**
   * Moves a message's status forward. A status for a message not stored yet is held. An older one
   * (read before delivered) does not move the status back, but its time is kept for the message info,
   * as is Meta's pricing; a repeat changes nothing. Returns the frame, "held", or null for no frame.
   */
  applyStatus(update: StatusUpdate, now: number): RoomFrame | "held" | null {
    const row = this.rowByWamid(update.wamid) ?? (update.callbackData ? this.rowByCallback(update.callbackData) : undefined);
    if (!row) {
      this.held = undefined; // counted again when next asked
      this.sql.exec(
        `INSERT OR IGNORE INTO held_statuses (wamid, status, at, error, callback, held_at, pricing) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        update.wamid,
        update.status,
        update.at,
        update.error ? JSON.stringify(update.error) : null,
        update.callbackData ?? null,
        now,
        update.pricing ? JSON.stringify(update.pricing) : null,
      );
      return "held";
    }
    if (!row.wamid) this.sql.exec("UPDATE messages SET wamid = ? WHERE id = ?", update.wamid, row.id);
    if (update.status === "failed" && update.error) this.noteFailure(update.error, update.at);
    const times = parseTimes(row.status_times);
    const known = times[update.status];
    const newTime = known === undefined || update.at < known;
    const pricing = update.pricing ? JSON.stringify(update.pricing) : row.pricing;
    const advanced = advances(row.status as MessageStatus | null, update.status);
    if (!advanced && !newTime && pricing === row.pricing) return null;
    const statusTimes: StatusTimes = newTime ? { ...times, [update.status]: update.at } : times;
    const status = advanced ? update.status : (row.status as MessageStatus);
    const statusAt = advanced ? update.at : row.status_at!;
    const error = advanced ? update.error : row.error ? (JSON.parse(row.error) as MessageError) : undefined;
    this.sql.exec(
      "UPDATE messages SET status = ?, status_at = ?, error = ?, status_times = ?, pricing = ? WHERE id = ?",
      status,
      statusAt,
      error ? JSON.stringify(error) : null,
      JSON.stringify(statusTimes),
      pricing,
      row.id,
    );
    // Only a status that moves forward is a frame: the bubble's ticks never step back, and the message
    // info, which shows the late times, reads the message when it opens.
    if (!advanced) return null;
    return this.log({
      t: "status",
      seq: this.lastSeq() + 1,
      messageId: row.id,
      status,
      statusAt,
      ...(error && { error }),
      statusTimes,
      ...(pricing && { pricing: JSON.parse(pricing) as MessagePricing }),
    });
  }

  /** Applies statuses that arrived before their message; call after storing a message with a wamid. */
  releaseHeld(wamid: string, now: number): RoomFrame[] {
    if (this.heldCount() === 0) return [];
    const held = this.sql
      .exec<{ status: string; at: number; error: string | null; callback: string | null; pricing: string | null }>(
        "SELECT status, at, error, callback, pricing FROM held_statuses WHERE wamid = ? ORDER BY at",
        wamid,
      )
      .toArray();
    if (!held.length) return [];
    this.sql.exec("DELETE FROM held_statuses WHERE wamid = ?", wamid);
    this.held = undefined;
    const frames: RoomFrame[] = [];
    for (const h of held) {
      const frame = this.applyStatus(
        {
          wamid,
          status: h.status as StatusUpdate["status"],
          at: h.at,
          ...(h.error && { error: JSON.parse(h.error) as MessageError }),
          ...(h.callback && { callbackData: h.callback }),
          ...(h.pricing && { pricing: JSON.parse(h.pricing) as MessagePricing }),
        },
        now,
      );
      if (frame && frame !== "held") frames.push(frame);
    }
    return frames;
  }

  /** Drops held statuses older than the TTL; returns them so the caller can log them. */
  expireHeld(now: number): { wamid: string; status: string }[] {
    const cutoff = now - HELD_STATUS_TTL_MS;
    const expired = this.sql
      .exec<{ wamid: string; status: string }>("SELECT wamid, status FROM held_statuses WHERE held_at <= ?", cutoff)
      .toArray();
    this.sql.exec("DELETE FROM held_statuses WHERE held_at <= ?", cutoff);
    this.held = undefined;
    return expired;
  }

  heldCount(): number {
    return (this.held ??= this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM held_statuses").one().n);
  }

  /** Sets or removes the customer's reaction; the newest by WhatsApp time wins, a retry is a no-op. */
  applyReaction(r: InboundReaction, by: string): RoomFrame | null {
    const seen = this.sql.exec("INSERT OR IGNORE INTO seen_reactions (wamid) VALUES (?)", r.wamid).rowsWritten;
    if (seen === 0) return null;
    const current = this.sql
      .exec<{ at: number }>("SELECT at FROM reactions WHERE target_wamid = ? AND by = ?", r.targetWamid, by)
      .toArray()[0];
    if (current && current.at > r.at) return null;
    this.anyReactions = true;
    this.sql.exec(
      `INSERT INTO reactions (target_wamid, by, emoji, at) VALUES (?, ?, ?, ?)
       ON CONFLICT (target_wamid, by) DO UPDATE SET emoji = excluded.emoji, at = excluded.at`,
      r.targetWamid,
      by,
      r.emoji,
      r.at,
    );
    const target = this.rowByWamid(r.targetWamid);
    // A reaction to a message not stored yet waits in `reactions` and shows when the message does.
    if (!target) return null;
    return this.log({ t: "reaction", seq: this.lastSeq() + 1, messageId: target.id, by, emoji: r.emoji });
  }

  /** An agent's reaction on any message in the room; null removes it. */
  applyAgentReaction(targetMessageId: string, by: string, emoji: string | null, now: number): RoomFrame | null {
    const target = this.sql.exec<MessageRow>("SELECT * FROM messages WHERE id = ?", targetMessageId).toArray()[0];
    if (!target?.wamid) return null;
    this.anyReactions = true;
    this.sql.exec(
      `INSERT INTO reactions (target_wamid, by, emoji, at) VALUES (?, ?, ?, ?)
       ON CONFLICT (target_wamid, by) DO UPDATE SET emoji = excluded.emoji, at = excluded.at`,
      target.wamid,
      by,
      emoji,
      now,
    );
    return this.log({ t: "reaction", seq: this.lastSeq() + 1, messageId: target.id, by, emoji });
  }

  /** Records where a message's media landed (or why it could not). */
  setMedia(messageId: string, media: StoredMedia): RoomFrame | null {
    const row = this.sql.exec<MessageRow>("SELECT * FROM messages WHERE id = ?", messageId).toArray()[0];
    if (!row) return null;
    if (row.media && (JSON.parse(row.media) as StoredMedia).state === "stored") return null;
    this.sql.exec("UPDATE messages SET media = ? WHERE id = ?", JSON.stringify(media), messageId);
    return this.log({ t: "media", seq: this.lastSeq() + 1, messageId, media });
  }

  mediaJob(message: Message): MediaJob | null {
    const c = message.content;
    if (!("mediaId" in c) || message.media?.state === "stored" || !this.state.orgId || !this.state.conversationId) return null;
    const row = this.sql.exec<{ p: string | null }>("SELECT phone_number_id AS p FROM messages WHERE id = ?", message.id).one();
    return {
      kind: "media.download",
      orgId: this.state.orgId,
      conversationId: this.state.conversationId,
      messageId: message.id,
      phoneNumberId: row.p ?? "",
      mediaId: c.mediaId,
      ...(c.sha256 && { sha256: c.sha256 }),
      ...(c.mimeType && { mimeType: c.mimeType }),
    };
  }

  phoneNumberOf(messageId: string): string | null {
    return this.sql.exec<{ p: string | null }>("SELECT phone_number_id AS p FROM messages WHERE id = ?", messageId).toArray()[0]?.p ?? null;
  }

  history(q: HistoryQuery): HistoryPage {
    const limit = Math.min(Math.max(q.limit ?? 50, 1), MAX_PAGE);
    let rows: MessageRow[];
    if (q.after !== undefined) {
      rows = this.sql.exec<MessageRow>("SELECT * FROM messages WHERE seq > ? ORDER BY seq LIMIT ?", q.after, limit + 1).toArray();
    } else {
      rows = this.sql
        .exec<MessageRow>("SELECT * FROM messages WHERE seq < ? ORDER BY seq DESC LIMIT ?", q.before ?? Number.MAX_SAFE_INTEGER, limit + 1)
        .toArray()
        .reverse();
    }
    const hasMore = rows.length > limit;
    if (hasMore) rows = q.after !== undefined ? rows.slice(0, limit) : rows.slice(1);
    return { messages: this.withReactions(rows), lastSeq: this.lastSeq(), hasMore };
  }

  /** About half a page before the message, the message, and the rest after it. */
  historyAround(messageId: string, pageSize = 50): HistoryPage | null {
    const limit = Math.min(Math.max(pageSize, 1), MAX_PAGE);
    const at = this.sql.exec<{ seq: number }>("SELECT seq FROM messages WHERE id = ?", messageId).toArray()[0]?.seq;
    if (at === undefined) return null;
    const half = Math.floor(limit / 2);
    const older = this.sql
      .exec<MessageRow>("SELECT * FROM messages WHERE seq < ? ORDER BY seq DESC LIMIT ?", at, half + 1)
      .toArray()
      .reverse();
    const newer = this.sql.exec<MessageRow>("SELECT * FROM messages WHERE seq >= ? ORDER BY seq LIMIT ?", at, limit - half + 1).toArray();
    const hasMore = older.length > half;
    const hasNewer = newer.length > limit - half;
    const rows = [...(hasMore ? older.slice(1) : older), ...(hasNewer ? newer.slice(0, -1) : newer)];
    return { messages: this.withReactions(rows), lastSeq: this.lastSeq(), hasMore, hasNewer };
  }

  /** Rows as stored, with their reactions: the export reads a room in pages of these. */
  exportMessages(afterSeq: number, limit: number): ExportedMessageRow[] {
    return this.sql
      .exec<ExportedMessageRow & Record<string, SqlStorageValue>>(
        `SELECT m.*, (SELECT json_group_object(r.by, r.emoji) FROM reactions r WHERE r.target_wamid = m.wamid AND r.emoji IS NOT NULL) AS reactions
         FROM messages m WHERE m.seq > ? ORDER BY m.seq LIMIT ?`,
        afterSeq,
        Math.min(Math.max(limit, 1), MAX_EXPORT_PAGE),
      )
      .toArray();
  }

  /**
   * Restores exported rows with their ids and sequence numbers, each logged as a message frame so a
   * client's replay and `lastSeq` see them. Returns how many were new.
   */
  importMessages(rows: ExportedMessageRow[], unreadCount: number, now: number): number {
    let added = 0;
    for (const r of rows) {
      const { rowsWritten } = this.sql.exec(
        `INSERT INTO messages (id, seq, wamid, direction, phone_number_id, content, context, wa_ts, received_at, status, status_at, error, media, author)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        r.id,
        r.seq,
        r.wamid,
        r.direction,
        r.phone_number_id,
        r.content,
        r.context,
        r.wa_ts,
        r.received_at,
        r.status,
        r.status_at,
        r.error,
        r.media,
        r.author,
      );
      if (!rowsWritten) continue;
      added++;
      const reactions = JSON.parse(r.reactions || "{}") as Record<string, string>;
      for (const [by, emoji] of Object.entries(reactions)) {
        if (r.wamid)
          this.sql.exec("INSERT OR IGNORE INTO reactions (target_wamid, by, emoji, at) VALUES (?, ?, ?, ?)", r.wamid, by, emoji, now);
      }
      if (Object.keys(reactions).length) this.anyReactions = true;
      const message = this.withReactions([this.sql.exec<MessageRow>("SELECT * FROM messages WHERE id = ?", r.id).one()])[0]!;
      if (r.seq > this.lastSeq()) this.log({ t: "message", seq: r.seq, message });
      const inbound = r.direction === "inbound";
      this.state = {
        ...this.state,
        messageCount: this.state.messageCount + (r.direction === "internal" ? 0 : 1),
        inboundCount: this.state.inboundCount + (inbound ? 1 : 0),
        lastInboundAt: inbound ? Math.max(this.state.lastInboundAt ?? 0, r.wa_ts) : this.state.lastInboundAt,
      };
    }
    this.state = { ...this.state, unreadCount };
    return added;
  }

  /** A read cursor at `seq`: how many inbound messages it covers. */
  readPoint(seq: number): { readSeq: number; inboundCountAtRead: number } {
    const readSeq = Math.min(seq, this.lastSeq());
    const n = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM messages WHERE direction = 'inbound' AND seq <= ?", readSeq).one().n;
    return { readSeq, inboundCountAtRead: n };
  }

  /** "Mark as unread": the cursor just before the customer's last message. */
  unreadPoint(): { readSeq: number; inboundCountAtRead: number } {
    const last = this.sql
      .exec<{ seq: number }>("SELECT seq FROM messages WHERE direction = 'inbound' ORDER BY seq DESC LIMIT 1")
      .toArray()[0];
    return last ? this.readPoint(last.seq - 1) : this.readPoint(this.lastSeq());
  }

  /** Frames after `seq`, in order: what a reconnecting client missed. */
  framesAfter(seq: number, limit = 1000): RoomFrame[] {
    return this.frameTextsAfter(seq, limit).map((text) => JSON.parse(text) as RoomFrame);
  }

  /** The same frames as stored JSON text, for a replay that forwards them without parsing. */
  frameTextsAfter(seq: number, limit = 1000): string[] {
    return this.sql
      .exec<{ frame: string }>("SELECT frame FROM frames WHERE seq > ? ORDER BY seq LIMIT ?", seq, limit)
      .toArray()
      .map((r) => r.frame);
  }

  noteFailure(error: MessageError, at: number): void {
    const s = this.state;
    if (error.code === WINDOW_CLOSED_CODE) this.state = { ...s, windowClosedAt: Math.max(at, s.windowClosedAt ?? 0) };
    if (error.code === MARKETING_STOPPED_CODE) this.state = { ...s, marketingOptOutAt: at };
    // Undeliverable after the customer last wrote: maybe not on WhatsApp any more. Their next message clears it.
    if (error.code === UNDELIVERABLE_CODE && at > (s.lastInboundAt ?? 0) && at > (s.unreachableAt ?? 0))
      this.state = { ...s, unreachableAt: at };
  }

  takeMarketingOptOut(): number | null {
    return this.state.marketingOptOutAt;
  }

  unreachableAt(): number | null {
    return this.state.unreachableAt ?? null;
  }

  private attribution(): AdAttribution | null {
    const last = this.state.referral;
    return last ? { firstTouch: this.state.firstReferral ?? last, lastTouch: last } : null;
  }

  projection(): RoomProjection {
    const last = this.sql.exec<MessageRow>("SELECT * FROM messages WHERE direction != 'internal' ORDER BY seq DESC LIMIT 1").toArray()[0];
    const lastMessage = last ? toMessage(last, {}) : null;
    return {
      roomSeq: this.lastSeq(),
      messageCount: this.state.messageCount,
      unreadCount: this.state.unreadCount,
      inboundCount: this.state.inboundCount,
      lastMessageSeq: lastMessage?.seq ?? null,
      lastMessagePreview: lastMessage ? messagePreview(lastMessage.content) : null,
      lastMessageDirection: (lastMessage?.direction as RoomProjection["lastMessageDirection"]) ?? null,
      lastMessageAt: lastMessage ? Math.max(lastMessage.waTimestamp, 0) : null,
      lastInboundAt: this.state.lastInboundAt,
      windowClosedAt: this.state.windowClosedAt,
      referral: this.state.referral,
      firstReferral: this.state.firstReferral ?? this.state.referral,
    };
  }

  saveState(): void {
    if (this.state === this.saved) return;
    this.sql.exec(
      "INSERT INTO state (id, json) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json",
      JSON.stringify(this.state),
    );
    this.saved = this.state;
  }

  messageByWamid(wamid: string): Message | undefined {
    const row = this.rowByWamid(wamid);
    return row ? this.withReactions([row])[0] : undefined;
  }

  private rowByWamid(wamid: string): MessageRow | undefined {
    return this.sql.exec<MessageRow>("SELECT * FROM messages WHERE wamid = ?", wamid).toArray()[0];
  }

  /** Parley puts its message id in `biz_opaque_callback_data`, so a status can find a message before its wamid is recorded. */
  private rowByCallback(callback: string): MessageRow | undefined {
    const id = messageIdFromCallback(callback);
    if (!id) return undefined;
    return this.sql.exec<MessageRow>("SELECT * FROM messages WHERE id = ? AND direction = 'outbound'", id).toArray()[0];
  }

  private withReactions(rows: MessageRow[]): Message[] {
    const wamids = rows.map((r) => r.wamid).filter((w): w is string => w !== null);
    const byTarget = new Map<string, Record<string, string>>();
    if (wamids.length) {
      const found = this.sql
        .exec<{ target_wamid: string; by: string; emoji: string | null }>(
          `SELECT target_wamid, by, emoji FROM reactions WHERE emoji IS NOT NULL AND target_wamid IN (${wamids.map(() => "?").join(",")})`,
          ...wamids,
        )
        .toArray();
      for (const r of found) byTarget.set(r.target_wamid, { ...byTarget.get(r.target_wamid), [r.by]: r.emoji! });
    }
    return rows.map((r) => toMessage(r, (r.wamid && byTarget.get(r.wamid)) || {}));
  }

  private reactionsOn(wamid: string): Record<string, string> {
    const out: Record<string, string> = {};
    this.anyReactions ??= this.sql.exec("SELECT 1 FROM reactions LIMIT 1").toArray().length > 0;
    if (!this.anyReactions) return out;
    for (const r of this.sql.exec<{ by: string; emoji: string }>(
      "SELECT by, emoji FROM reactions WHERE target_wamid = ? AND emoji IS NOT NULL",
      wamid,
    ))
      out[r.by] = r.emoji;
    return out;
  }

  private log(frame: RoomFrame): RoomFrame {
    this.sql.exec("INSERT INTO frames (seq, frame) VALUES (?, ?)", frame.seq, JSON.stringify(frame));
    this.seq = frame.seq;
    return frame;
  }
}

const parseTimes = (json: string | null): StatusTimes => (json ? (JSON.parse(json) as StatusTimes) : {});

function advances(current: MessageStatus | null, next: MessageStatus): boolean {
  if (current === "failed" || current === next) return false;
  if (next === "failed") return true;
  return current === null || STATUS_RANK[next] > STATUS_RANK[current];
}
