/**
 * A WhatsApp number that moves between organizations routes to its new owner at once, in both Workers
 * (the app Worker and the webhook-only one), while webhooks keep streaming in. Each webhook is stored in
 * the org that owned the number when it was received: one that starts after a disconnect returned is
 * never stored in the old org, and one that starts after a connect returned always lands in the new one.
 */
import { createExecutionContext, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seal, sealingKeysFromEnv } from "../../worker/crypto/secret-box";
import hooks from "../../worker/hooks";
import { signUpOwner, type Member } from "../support/accounts";
import { expectJson } from "../support/api-errors";
import { allMessagesOf, allRoomsSettled, db, signature } from "../support/parley";

/** The one number the local Meta peer knows, so the connect route's Graph check passes. */
const DEMO = { phoneNumberId: "106540352242922", wabaId: "102290129340398", displayPhoneNumber: "15550783881" };

type Owner = "A" | "B" | null;

const MAX_PER_STREAM = 300;

interface Sent {
  wamid: string;
  startedAt: number;
  endedAt: number;
  status: number;
}

/** What owned the number over time: each change is [when the call started, when it returned, owner after]. */
interface Change {
  startedAt: number;
  returnedAt: number;
  owner: Owner;
}

async function send(via: "app" | "hooks", n: number): Promise<Sent> {
  const wamid = `wamid.transfer-${via}-${n}-${crypto.randomUUID()}`;
  const from = `35191${String(n % 7).padStart(7, "0")}`;
  const value = {
    messaging_product: "whatsapp",
    metadata: { display_phone_number: DEMO.displayPhoneNumber, phone_number_id: DEMO.phoneNumberId },
    contacts: [{ profile: { name: `Customer ${n % 7}` }, wa_id: from }],
    messages: [{ from, id: wamid, timestamp: String(Math.floor(Date.now() / 1000)), type: "text", text: { body: `message ${n}` } }],
  };
  const body = JSON.stringify({
    object: "whatsapp_business_account",
    entry: [{ id: DEMO.wabaId, changes: [{ field: "messages", value }] }],
  });
  const init = { method: "POST", headers: { "content-type": "application/json", "x-hub-signature-256": await signature(body) }, body };
  const startedAt = performance.now();
  let res: Response;
  if (via === "app") res = await SELF.fetch("https://parley.test/webhooks/whatsapp", init);
  else {
    const ctx = createExecutionContext();
    res = await hooks.fetch(new Request("https://hooks.parley.test/webhooks/whatsapp", init), env, ctx);
    await waitOnExecutionContext(ctx);
  }
  await res.arrayBuffer();
  return { wamid, startedAt, endedAt: performance.now(), status: res.status };
}

/** The owner a webhook must land in, or undefined when it overlapped a change (either side is right). */
function expectedOwner(s: Sent, changes: Change[]): Owner | undefined {
  let owner: Owner = "A";
  for (const change of changes) {
    if (s.endedAt <= change.startedAt) return owner;
    if (s.startedAt < change.returnedAt) return undefined;
    owner = change.owner;
  }
  return owner;
}

/**
 * The connect route's own write (its Graph check is accounts-numbers.test.ts's subject): under a stream of
 * webhooks in this one test isolate, the runtime drops the check's outbound fetch to the local peer.
 */
async function connect(m: Member): Promise<string> {
  const id = `num_${crypto.randomUUID()}`;
  await db()
    .insert(schema.whatsappNumbers)
    .values({
      id,
      orgId: m.orgId,
      phoneNumberId: DEMO.phoneNumberId,
      wabaId: DEMO.wabaId,
      displayPhoneNumber: DEMO.displayPhoneNumber,
      accessTokenSealed: await seal(sealingKeysFromEnv(env.ENCRYPTION_KEY), env.META_ACCESS_TOKEN, id),
    });
  return id;
}

describe("moving a number between organizations under a stream of webhooks", () => {
  it("stores every webhook in the org that owned the number when it was received, in both Workers", async () => {
    await db().delete(schema.whatsappNumbers).where(eq(schema.whatsappNumbers.phoneNumberId, DEMO.phoneNumberId));
    const a = await signUpOwner("Org A");
    const b = await signUpOwner("Org B");
    const orgOf = { A: a, B: b };
    let numberId = await connect(a);

    const sent: Sent[] = [];
    let streaming = true;
    const stream = async (via: "app" | "hooks") => {
      // Bounded, so a failure elsewhere in the test cannot leave it running.
      for (let n = 0; streaming && n < MAX_PER_STREAM; n++) {
        sent.push(await send(via, n));
        for (const wake of waiting.splice(0)) wake();
      }
      streaming = false;
      for (const wake of waiting.splice(0)) wake();
    };
    // Counted in webhooks, not milliseconds: workerd's timers starve while I/O keeps arriving.
    const waiting: (() => void)[] = [];
    const afterSends = async (k: number) => {
      const target = sent.length + k;
      while (streaming && sent.length < target) await new Promise<void>((wake) => waiting.push(wake));
    };
    const streams = [stream("app"), stream("hooks")];

    const changes: Change[] = [];
    const change = async (owner: Owner, action: () => Promise<void>) => {
      const startedAt = performance.now();
      await action();
      changes.push({ startedAt, returnedAt: performance.now(), owner });
      // Let a few webhooks through in each state.
      await afterSends(16);
    };
    const disconnect = (m: Member) => async () => void (await expectJson(await m.browser.delete(`/api/numbers/${numberId}`), 200));

    try {
      await afterSends(16);
      for (let round = 0; round < 2; round++) {
        await change(null, disconnect(a));
        await change("B", async () => void (numberId = await connect(b)));
        await change(null, disconnect(b));
        await change("A", async () => void (numberId = await connect(a)));
      }
    } finally {
      streaming = false;
      await Promise.all(streams);
    }

    expect(sent.every((s) => s.status === 200)).toBe(true);
    // D1 (which allMessagesOf reads for the conversations) follows the rooms after each 200.
    await allRoomsSettled();
    const stored = {
      A: new Set((await allMessagesOf(orgOf.A.orgId)).map((m) => m.wamid)),
      B: new Set((await allMessagesOf(orgOf.B.orgId)).map((m) => m.wamid)),
    };
    const counts = { A: 0, B: 0, dropped: 0, overlapping: 0 };
    for (const s of sent) {
      const inA = stored.A.has(s.wamid);
      const inB = stored.B.has(s.wamid);
      expect(inA && inB, `${s.wamid} is in both organizations`).toBe(false);
      const owner = expectedOwner(s, changes);
      if (owner === undefined) {
        counts.overlapping++;
        continue;
      }
      expect({ wamid: s.wamid, A: inA, B: inB }).toEqual({ wamid: s.wamid, A: owner === "A", B: owner === "B" });
      counts[owner ?? "dropped"]++;
    }
    // The stream really ran through every state, or the test proves nothing.
    expect(counts.A, JSON.stringify(counts)).toBeGreaterThan(3);
    expect(counts.B, JSON.stringify(counts)).toBeGreaterThan(3);
    expect(counts.dropped, JSON.stringify(counts)).toBeGreaterThan(3);
  }, 120_000);
});
