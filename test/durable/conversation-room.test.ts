import { env, evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ConversationRoom } from "../../durable/conversation-room";
import type { RoomEvent } from "../../durable/room-api";
import { HELD_STATUS_TTL_MS } from "../../durable/room-store";
import { migrateRoom, ROOM_MIGRATIONS } from "../../durable/room-schema";
import { roomName, roomStub } from "../../durable/room-stub";
import { encodeSocketUser, SOCKET_USER_HEADER } from "../../durable/socket-room";

let n = 0;
function freshRoom() {
  n++;
  const orgId = `org_room_${Date.now()}_${n}`;
  const conversationId = `cv_room_${n}`;
  return {
    orgId,
    conversationId,
    rpc: roomStub(env.CONVERSATION_ROOM, orgId, conversationId),
    stub: env.CONVERSATION_ROOM.getByName(roomName(orgId, conversationId)),
  };
}

const text = (i: number): RoomEvent => ({
  kind: "message",
  message: {
    wamid: `wamid.t${i}`,
    phoneNumberId: "1",
    waTimestamp: 1_781_200_000_000 + i * 1000,
    content: { type: "text", body: `message ${i}` },
  },
});

describe("ConversationRoom history", () => {
  it("pages by sequence: latest first page, then before, then after", async () => {
    const r = freshRoom();
    await r.rpc.ingest({ orgId: r.orgId, conversationId: r.conversationId, events: Array.from({ length: 25 }, (_, i) => text(i + 1)) });
    const latest = await r.rpc.history({ limit: 10 });
    expect(latest.messages.map((m) => m.seq)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    expect(latest).toMatchObject({ hasMore: true, lastSeq: 25 });
    const older = await r.rpc.history({ before: 16, limit: 10 });
    expect(older.messages.map((m) => m.seq)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    const oldest = await r.rpc.history({ before: 6, limit: 10 });
    expect(oldest.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(oldest.hasMore).toBe(false);
    const newer = await r.rpc.history({ after: 20, limit: 3 });
    expect(newer.messages.map((m) => m.seq)).toEqual([21, 22, 23]);
    expect(newer.hasMore).toBe(true);
    expect((await r.rpc.history({ limit: 100_000 })).messages).toHaveLength(25);
  });

  it("replays what a reconnecting socket missed in a few batched messages, in order, then says ready", async () => {
    const r = freshRoom();
    const long = (i: number): RoomEvent => {
      const e = text(i) as Extract<RoomEvent, { kind: "message" }>;
      return { kind: "message", message: { ...e.message, content: { type: "text", body: `message ${i} ${"x".repeat(1000)}` } } };
    };
    await r.rpc.ingest({ orgId: r.orgId, conversationId: r.conversationId, events: Array.from({ length: 300 }, (_, i) => long(i + 1)) });

    const res = await r.stub.fetch("https://room/socket?after=10", {
      headers: { upgrade: "websocket", [SOCKET_USER_HEADER]: encodeSocketUser({ userId: "u1", name: "Ana", sessionId: "s1" }) },
    });
    const ws = res.webSocket!;
    const raw: string[] = [];
    const ready = new Promise<void>((resolve) => {
      ws.addEventListener("message", (e) => {
        raw.push(e.data as string);
        if ((e.data as string).startsWith('{"t":"ready"')) resolve();
      });
    });
    ws.accept();
    await ready;
    ws.close();

    const replays = raw.filter((m) => m.startsWith('{"t":"replay"'));
    // 290 frames of ~1 KB: more than one message (each stays small), far fewer than one per frame.
    expect(replays.length).toBeGreaterThan(1);
    expect(replays.length).toBeLessThan(10);
    expect(raw.indexOf(replays.at(-1)!)).toBeLessThan(raw.findIndex((m) => m.startsWith('{"t":"ready"')));
    const seqs = replays.flatMap((m) => (JSON.parse(m) as { frames: { seq: number }[] }).frames.map((f) => f.seq));
    expect(seqs).toEqual(Array.from({ length: 290 }, (_, i) => i + 11));
    for (const m of replays) expect(m.length).toBeLessThan(70 * 1024);
  });

  it("replays exactly the frames after a sequence, in order", async () => {
    const r = freshRoom();
    await r.rpc.ingest({ orgId: r.orgId, conversationId: r.conversationId, events: [text(1), text(2), text(3)] });
    const frames = await r.rpc.framesAfter(1);
    expect(frames.map((f) => [f.t, f.seq])).toEqual([
      ["message", 2],
      ["message", 3],
    ]);
  });

  it("refuses to be bound to a second organization", async () => {
    const r = freshRoom();
    await r.rpc.ingest({ orgId: r.orgId, conversationId: r.conversationId, events: [text(1)] });
    const refused = await r.rpc.ingest({ orgId: "org_intruder", conversationId: r.conversationId, events: [text(2)] }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(String(refused)).toMatch(/another organization/);
    expect((await r.rpc.history({})).messages).toHaveLength(1);
  });

  it("drops a held status after its TTL when its message never arrives", async () => {
    const r = freshRoom();
    await r.rpc.ingest({
      orgId: r.orgId,
      conversationId: r.conversationId,
      events: [{ kind: "status", status: { wamid: "wamid.never", status: "delivered", at: 1 } }],
    });
    const held = await runInDurableObject(r.stub, async (_room: ConversationRoom, state) => {
      const alarm = await state.storage.getAlarm();
      state.storage.sql.exec("UPDATE held_statuses SET held_at = held_at - ?", HELD_STATUS_TTL_MS + 1);
      return { alarm, count: state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM held_statuses").one().n };
    });
    expect(held.count).toBe(1);
    expect(held.alarm).toBeGreaterThan(Date.now());
    expect(await runDurableObjectAlarm(r.stub)).toBe(true);
    const after = await runInDurableObject(
      r.stub,
      (_room: ConversationRoom, state) => state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM held_statuses").one().n,
    );
    expect(after).toBe(0);
  });
});

describe("ConversationRoom ingest answer", () => {
  it("answers the inbox row for a message or a failed status, none for a delivery status, and keeps its counts across an eviction", async () => {
    const r = freshRoom();
    const ingest = (events: RoomEvent[]) => r.rpc.ingest({ orgId: r.orgId, conversationId: r.conversationId, events });
    expect((await ingest([text(1), text(2)])).projection).toMatchObject({
      messageCount: 2,
      inboundCount: 2,
      lastMessagePreview: "message 2",
    });

    const delivered = await ingest([{ kind: "status", status: { wamid: "wamid.t1", status: "delivered", at: 5 } }]);
    expect(delivered).toMatchObject({ projection: null, changed: 1 });
    const failed = await ingest([
      {
        kind: "status",
        status: { wamid: "wamid.t2", status: "failed", at: 1_781_300_000_000, error: { code: 131047, title: "Re-engagement message" } },
      },
    ]);
    expect(failed.projection).toMatchObject({ windowClosedAt: 1_781_300_000_000, messageCount: 2 });

    // A delivery status writes no state; what the messages and the failure changed is still there after a restart.
    await evictDurableObject(r.stub);
    expect((await ingest([text(3)])).projection).toMatchObject({ messageCount: 3, inboundCount: 3, lastMessagePreview: "message 3" });
  });
});

describe("ConversationRoom schema", () => {
  it("creates a new room's tables, and brings a room stored by an older version up to date on wake-up", async () => {
    const r = freshRoom();
    await r.rpc.ingest({ orgId: r.orgId, conversationId: r.conversationId, events: [text(1)] });
    await runInDurableObject(r.stub, (_room: ConversationRoom, state) => {
      const sql = state.storage.sql;
      const columns = () =>
        ["messages", "held_statuses"].map((table) =>
          sql
            .exec<{ name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
            .toArray()
            .map((c) => c.name),
        );
      const version = () => sql.exec<{ v: number }>("SELECT v FROM schema_version").one().v;
      expect(version()).toBe(ROOM_MIGRATIONS.length);
      const created = columns();
      expect(created[0]).toEqual(expect.arrayContaining(["author", "status_times", "pricing"]));
      expect(created[1]).toContain("pricing");

      const outbox = () => sql.exec("SELECT name FROM sqlite_master WHERE name = 'outbox'").toArray().length;
      expect(outbox()).toBe(1);

      // As a room written before the last two migrations looks: without their columns and table, at the older version.
      sql.exec("ALTER TABLE messages DROP COLUMN status_times; ALTER TABLE messages DROP COLUMN pricing");
      sql.exec("ALTER TABLE held_statuses DROP COLUMN pricing");
      sql.exec("DROP TABLE outbox");
      sql.exec("UPDATE schema_version SET v = ?", ROOM_MIGRATIONS.length - 2);
      migrateRoom(sql);
      // Migrated, it has exactly the columns a new room is created with, in the same order.
      expect(columns()).toEqual(created);
      expect(outbox()).toBe(1);
      expect(version()).toBe(ROOM_MIGRATIONS.length);
      // Current: a second wake-up changes nothing and the stored message is still there.
      migrateRoom(sql);
      expect(sql.exec<{ n: number }>("SELECT count(*) AS n FROM messages").one().n).toBe(1);
    });
  });
});
