import { describe, expect, it } from "vitest";
import type { Message, RoomFrame } from "../../durable/protocol";
import { ConversationLog } from "../../web/src/live/conversation-log";

const msg = (seq: number, id = `m${seq}`): Message => ({
  id,
  seq,
  wamid: `wamid.${seq}`,
  direction: "inbound",
  content: { type: "text", body: `#${seq}` },
  waTimestamp: seq,
  receivedAt: seq,
  status: null,
  statusAt: null,
  reactions: {},
});
const frame = (seq: number, id?: string): RoomFrame => ({ t: "message", seq, message: msg(seq, id) });

describe("ConversationLog", () => {
  it("applies frames in order and ignores replays of what it has", () => {
    const log = new ConversationLog();
    log.loadLatest({ messages: [msg(1), msg(2)], lastSeq: 2, hasMore: false });
    expect(log.apply(frame(2))).toBeNull();
    expect(log.apply(frame(3))).toBeNull();
    expect(log.apply(frame(3))).toBeNull();
    expect(log.messages.value.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it("asks for a resync from the last sequence when a frame skips ahead, and applies nothing past the gap", () => {
    const log = new ConversationLog();
    log.loadLatest({ messages: [msg(1)], lastSeq: 1, hasMore: false });
    expect(log.apply(frame(3))).toBe(1);
    expect(log.messages.value.map((m) => m.seq)).toEqual([1]);
    expect(log.apply(frame(2))).toBeNull();
    expect(log.apply(frame(3))).toBeNull();
    expect(log.messages.value.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it("applies a reconnect's replay batch in one update, skipping what it has and stopping at a gap", () => {
    const log = new ConversationLog();
    log.loadLatest({ messages: [msg(1), msg(2)], lastSeq: 2, hasMore: false });
    let updates = 0;
    const stop = log.messages.subscribe(() => updates++);
    updates = 0;
    expect(log.apply({ t: "replay", frames: [frame(2), frame(3), frame(4), frame(5)] })).toBeNull();
    expect(log.messages.value.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(updates).toBe(1);
    expect(log.apply({ t: "replay", frames: [frame(6), frame(8), frame(9)] })).toBe(6);
    expect(log.messages.value.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    stop();
  });

  it("moves statuses and reactions on the right message, and replaces an optimistic send by its echo", () => {
    const log = new ConversationLog();
    log.loadLatest({ messages: [msg(1)], lastSeq: 1, hasMore: false });
    log.addPending({ ...msg(0, "client-1"), direction: "outbound", status: "queued" });
    expect(log.messages.value.map((m) => m.id)).toEqual(["m1", "client-1"]);
    log.apply({ t: "message", seq: 2, message: { ...msg(2, "client-1"), direction: "outbound", status: "queued" } });
    log.apply({ t: "status", seq: 3, messageId: "client-1", status: "delivered", statusAt: 5 });
    log.apply({ t: "reaction", seq: 4, messageId: "client-1", by: "customer", emoji: "👍" });
    expect(log.messages.value).toHaveLength(2);
    expect(log.messages.value[1]).toMatchObject({ id: "client-1", seq: 2, status: "delivered", reactions: { customer: "👍" } });
    log.apply({ t: "reaction", seq: 5, messageId: "client-1", by: "customer", emoji: null });
    expect(log.messages.value[1]!.reactions).toEqual({});
  });

  it("tracks who is typing", () => {
    const log = new ConversationLog();
    log.apply({ t: "typing", userId: "u1", name: "Ana", active: true });
    expect(log.typing.value).toEqual([{ userId: "u1", name: "Ana" }]);
    log.apply({ t: "typing", userId: "u1", name: "Ana", active: false });
    expect(log.typing.value).toEqual([]);
  });
});
