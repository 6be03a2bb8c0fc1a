import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ConversationSummary } from "../../durable/protocol";
import type { RoomProjection } from "../../durable/room-api";
import { ProjectionWriter } from "../../durable/projection/projection-writer";
import type { ConversationProjection } from "../../durable/projection/projection";
import { contactsOf, conversationsOf, createTenant } from "../support/parley";

let n = 0;
function item(phoneNumberId: string, roomSeq: number, over: Partial<ConversationProjection> = {}): ConversationProjection {
  n++;
  const projection: RoomProjection = {
    roomSeq,
    messageCount: roomSeq,
    unreadCount: roomSeq,
    inboundCount: roomSeq,
    lastMessageSeq: roomSeq,
    lastMessagePreview: `message ${roomSeq}`,
    lastMessageDirection: "inbound",
    lastMessageAt: 1_700_000_000_000 + roomSeq,
    lastInboundAt: 1_700_000_000_000 + roomSeq,
    windowClosedAt: null,
    referral: null,
    firstReferral: null,
  };
  return {
    kind: "conversation",
    conversationId: `cv_pw${n}`,
    contactId: `ct_pw${n}`,
    phoneNumberId,
    identity: { waId: `1555000${String(n).padStart(4, "0")}` },
    profileName: `Customer ${n}`,
    publish: true,
    reopen: true,
    projection,
    identityChanges: [],
    marketingOptOutAt: null,
    ...over,
  };
}

function recordingWriter() {
  const published: ConversationSummary[][] = [];
  return { writer: new ProjectionWriter(env.DB, (rows) => published.push(rows)), published };
}

describe("ProjectionWriter (the OrgInbox's group commit into D1)", () => {
  it("writes the first caller at once and every caller that arrived meanwhile in one batch", async () => {
    const t = await createTenant();
    const { writer, published } = recordingWriter();
    const items = Array.from({ length: 5 }, (_, i) => item(t.phoneNumberId, i + 1));
    await Promise.all(items.map((it) => writer.write(t.orgId, [it])));

    const rows = await conversationsOf(t.orgId);
    expect(rows.map((r) => r.id).sort()).toEqual(items.map((i) => i.conversationId).sort());
    expect((await contactsOf(t.orgId)).map((c) => c.profileName).sort()).toEqual(items.map((i) => i.profileName).sort());
    // Two D1 batches: the first caller alone, then the four that queued behind it.
    expect(published.map((batch) => batch.length)).toEqual([1, 4]);
    expect(
      published
        .flat()
        .map((r) => r.id)
        .sort(),
    ).toEqual(items.map((i) => i.conversationId).sort());
  });

  it("keeps the newest state when an older answer lands in the same batch after a newer one", async () => {
    const t = await createTenant();
    const { writer, published } = recordingWriter();
    const newer = item(t.phoneNumberId, 7);
    const older = { ...newer, projection: { ...newer.projection, roomSeq: 4, messageCount: 4, lastMessagePreview: "message 4" } };
    await Promise.all([writer.write(t.orgId, [item(t.phoneNumberId, 1)]), writer.write(t.orgId, [newer]), writer.write(t.orgId, [older])]);

    const [row] = (await conversationsOf(t.orgId)).filter((r) => r.id === newer.conversationId);
    expect(row).toMatchObject({ roomSeq: 7, messageCount: 7, lastMessagePreview: "message 7" });
    expect(
      published
        .flat()
        .filter((r) => r.id === newer.conversationId)
        .map((r) => r.roomSeq),
    ).toEqual([7]);
  });

  it("fails only the caller whose statements fail; the others in its batch are written", async () => {
    const t = await createTenant();
    const { writer } = recordingWriter();
    const first = item(t.phoneNumberId, 1);
    const good = item(t.phoneNumberId, 2);
    // An organization deleted while its webhook was in flight: its rows violate the foreign key.
    const outcomes = await Promise.allSettled([
      writer.write(t.orgId, [first]),
      writer.write("org_deleted_meanwhile", [item(t.phoneNumberId, 3)]),
      writer.write(t.orgId, [good]),
    ]);

    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/i);
    expect((await conversationsOf(t.orgId)).map((r) => r.id).sort()).toEqual([first.conversationId, good.conversationId].sort());
  });

  it("rewrites a retried webhook's rows without publishing them again", async () => {
    const t = await createTenant();
    const { writer, published } = recordingWriter();
    const retried = item(t.phoneNumberId, 2, { publish: false });
    await writer.write(t.orgId, [retried]);
    expect(await conversationsOf(t.orgId)).toHaveLength(1);
    expect(published).toEqual([]);
  });

  it("stores a missing referral as NULL and an ad's referral as its JSON, and keeps learned names", async () => {
    const t = await createTenant();
    const { writer, published } = recordingWriter();
    const plain = item(t.phoneNumberId, 1);
    const fromAd = item(t.phoneNumberId, 1, {
      projection: { ...plain.projection, referral: { sourceId: "ad_1", sourceType: "ad", at: 5 } },
    });
    await writer.write(t.orgId, [plain, fromAd]);
    // A later message that does not repeat the name must not erase it.
    await writer.write(t.orgId, [{ ...plain, profileName: undefined, projection: { ...plain.projection, roomSeq: 2, messageCount: 2 } }]);

    const raw = await env.DB.prepare("SELECT id, referral, referral IS NULL AS none FROM conversations WHERE org_id = ? ORDER BY id")
      .bind(t.orgId)
      .all<{ id: string; referral: string | null; none: number }>();
    expect(raw.results.find((r) => r.id === plain.conversationId)).toMatchObject({ none: 1 });
    expect(JSON.parse(raw.results.find((r) => r.id === fromAd.conversationId)!.referral!)).toEqual({
      sourceId: "ad_1",
      sourceType: "ad",
      at: 5,
    });
    expect((await contactsOf(t.orgId)).find((c) => c.id === plain.contactId)?.profileName).toBe(plain.profileName);
    expect(
      published
        .flat()
        .filter((r) => r.id === plain.conversationId)
        .map((r) => r.roomSeq),
    ).toEqual([1, 2]);
  });
});
