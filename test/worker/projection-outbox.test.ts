/**
 * The ack path: a webhook's 200 means "durably stored in the room". The room commits each change with
 * its pending D1 projection (its outbox) in one SQLite transaction and writes D1 after answering,
 * through the OrgInbox; its alarm retries whatever D1 has not confirmed; a replay repairs a stale row.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { ConversationRoom } from "../../durable/conversation-room";
import type { RoomEvent } from "../../durable/room-api";
import { roomName, roomStub } from "../../durable/room-stub";
import * as schema from "../../db/schema";
import { ALICE, conversationOf, createTenant, db, messagesOf } from "../support/parley";

let n = 0;
const text = (i: number): RoomEvent => ({
  kind: "message",
  message: {
    wamid: `wamid.outbox${i}`,
    phoneNumberId: "1",
    waTimestamp: 1_781_200_000_000 + i * 1000,
    content: { type: "text", body: `hello ${i}` },
  },
});

/** A room of an organization D1 does not have yet: every D1 write for it fails (foreign keys). */
function roomWithoutOrg() {
  n++;
  const orgId = `org_outbox_${Date.now()}_${n}`;
  const contactId = `ct_outbox_${n}`;
  const conversationId = `cv_outbox_${n}`;
  return {
    orgId,
    conversationId,
    contactId,
    rpc: roomStub(env.CONVERSATION_ROOM, orgId, conversationId),
    stub: env.CONVERSATION_ROOM.getByName(roomName(orgId, conversationId)),
    project: {
      contactId,
      phoneNumberId: "1",
      identity: { waId: `1555900${String(n).padStart(4, "0")}` },
      identityChanges: [],
      known: false,
      hasMessage: true,
    },
  };
}

const outboxOf = (stub: DurableObjectStub<ConversationRoom>) =>
  runInDurableObject(stub, (_room: ConversationRoom, state) =>
    state.storage.sql
      .exec<{ item: string }>("SELECT item FROM outbox ORDER BY id")
      .toArray()
      .map((r) => JSON.parse(r.item)),
  );

describe("the room's projection outbox", () => {
  it("commits the D1 projection with the message, keeps it while D1 refuses, and the alarm writes it once D1 takes it", async () => {
    const r = roomWithoutOrg();
    const answer = await r.rpc.ingest({ orgId: r.orgId, conversationId: r.conversationId, events: [text(1)], project: r.project });
    expect(answer.counts.stored).toBe(1);
    expect(await r.rpc.projectionSettled()).toBe(false);

    // Stored in the room, with its projection waiting beside it; nothing in D1.
    expect(await messagesOf(r.orgId, r.conversationId)).toHaveLength(1);
    const [pending] = await outboxOf(r.stub);
    expect(pending).toMatchObject({
      conversationId: r.conversationId,
      contactId: r.contactId,
      projection: { roomSeq: 1, messageCount: 1 },
    });
    expect(pending.committedAt).toEqual(expect.any(Number));
    expect(await db().select().from(schema.conversations).where(eq(schema.conversations.id, r.conversationId)).all()).toEqual([]);
    expect(await runInDurableObject(r.stub, (_room: ConversationRoom, state) => state.storage.getAlarm())).not.toBeNull();

    // D1 can take it now: the alarm's retry writes the row and empties the outbox.
    await db().insert(schema.organizations).values({ id: r.orgId, name: "Late Org" });
    expect(await runDurableObjectAlarm(r.stub)).toBe(true);
    const [row] = await db().select().from(schema.conversations).where(eq(schema.conversations.id, r.conversationId)).all();
    expect(row).toMatchObject({ orgId: r.orgId, contactId: r.contactId, roomSeq: 1, messageCount: 1, lastMessagePreview: "hello 1" });
    expect(await outboxOf(r.stub)).toEqual([]);
  });

  it("sets the alarm again, later, when D1 still refuses", async () => {
    const r = roomWithoutOrg();
    await r.rpc.ingest({ orgId: r.orgId, conversationId: r.conversationId, events: [text(1), text(2)], project: r.project });
    expect(await r.rpc.projectionSettled()).toBe(false);
    expect(await runDurableObjectAlarm(r.stub)).toBe(true);
    expect(await outboxOf(r.stub)).toHaveLength(1);
    const next = await runInDurableObject(r.stub, (_room: ConversationRoom, state) => state.storage.getAlarm());
    expect(next).toBeGreaterThan(Date.now() + 5_000);
  });

  it("without a projection context the room leaves D1 to its caller", async () => {
    const r = roomWithoutOrg();
    await r.rpc.ingest({ orgId: r.orgId, conversationId: r.conversationId, events: [text(1)] });
    expect(await outboxOf(r.stub)).toEqual([]);
  });
});

describe("webhooks through the outbox", () => {
  it("D1 catches up with the room after the 200, and the OrgInbox measures the lag", async () => {
    const t = await createTenant();
    const res = await t.post("msg_01_text");
    expect(res.status).toBe(200);
    const conv = await conversationOf(t.orgId, ALICE.waId);
    expect(conv).toMatchObject({ roomSeq: 1, messageCount: 1 });
    const stub = env.CONVERSATION_ROOM.getByName(roomName(t.orgId, conv!.id));
    expect(await outboxOf(stub)).toEqual([]);
    const lags = await env.ORG_INBOX.getByName(t.orgId).takeProjectionLags();
    expect(lags).toHaveLength(1);
    expect(lags[0]).toBeGreaterThanOrEqual(0);
  });

  it("a replayed webhook repairs a D1 row left stale", async () => {
    const t = await createTenant();
    await t.post("msg_01_text");
    const conv = (await conversationOf(t.orgId, ALICE.waId))!;
    await db()
      .update(schema.conversations)
      .set({ roomSeq: 0, messageCount: 0, lastMessagePreview: "stale" })
      .where(eq(schema.conversations.id, conv.id));

    const replay = await t.post("msg_01_text");
    expect(await replay.json()).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await conversationOf(t.orgId, ALICE.waId)).toMatchObject({
      roomSeq: 1,
      messageCount: 1,
      lastMessagePreview: conv.lastMessagePreview,
    });
    expect(await messagesOf(t.orgId, conv.id)).toHaveLength(1);
  });
});
