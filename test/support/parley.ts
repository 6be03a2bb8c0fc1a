/**
 * Test helpers for workerd tests: Meta fixtures (re-addressed per test so tests never share a tenant),
 * signing, posting webhooks, seeding an org, and reading back what Parley stored.
 */
import { env, listDurableObjectIds, SELF } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Message } from "../../durable/protocol";
import { roomStub } from "../../durable/room-stub";
import type { Identity, RoomRpc } from "../../durable/room-api";
import { openDb } from "../../db/client";
import { routeWebhook } from "../../worker/ingest/resolve-customers";
import { parseWebhook } from "../../worker/whatsapp/parse-webhook";
import { seal, sealingKeysFromEnv } from "../../worker/crypto/secret-box";
import * as schema from "../../db/schema";

const raw = import.meta.glob<string>("../fixtures/meta/*.{json,txt}", { query: "?raw", import: "default", eager: true });

/** The business number every fixture is addressed to. */
export const FIXTURE_PHONE_NUMBER_ID = "106540352242922";
export const ALICE = { waId: "15551234567", userId: "US.18265530274199134912" };
export const BOB = { waId: "15557654321", userId: "US.40817723350926618457" };

export const db = () => drizzle(env.DB, { schema });

/** A fixture's exact bytes, addressed to `phoneNumberId` (a digit string swap keeps Meta's escaping intact). */
export function fixture(name: string, phoneNumberId = FIXTURE_PHONE_NUMBER_ID): string {
  const key = Object.keys(raw).find((k) => k.endsWith(`/${name}`) || k.endsWith(`/${name}.json`));
  if (!key) throw new Error(`no fixture ${name}`);
  return raw[key]!.replaceAll(FIXTURE_PHONE_NUMBER_ID, phoneNumberId);
}

export async function signature(body: string | Uint8Array<ArrayBuffer>, secret = env.META_APP_SECRET): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, bytes));
  return `sha256=${[...mac].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * Posts a signed webhook. Its 200 means "stored in the rooms"; D1 follows from the rooms' outboxes a
 * moment later, so by default this also waits for that (tests then read D1 as the inbox would). Pass
 * `settle: false` to look at the moment in between.
 */
export async function postWebhook(
  body: string | Uint8Array<ArrayBuffer>,
  headers: Record<string, string | null> = {},
  { settle = true } = {},
): Promise<Response> {
  const h = new Headers({ "content-type": "application/json", "x-hub-signature-256": await signature(body) });
  for (const [k, v] of Object.entries(headers)) v === null ? h.delete(k) : h.set(k, v);
  const res = await SELF.fetch("https://parley.test/webhooks/whatsapp", { method: "POST", headers: h, body });
  if (settle && res.ok) await projectionsSettled(body);
  return res;
}

/**
 * Waits until the rooms a webhook reached have written their committed D1 projections. The rooms are
 * found as the webhook found them (parse, then route by the numbers' owners and the customers' ids);
 * a D1 refusal is left to the room's alarm, as in production.
 */
export async function projectionsSettled(body: string | Uint8Array<ArrayBuffer>): Promise<void> {
  let parsed: ReturnType<typeof parseWebhook>;
  try {
    parsed = parseWebhook(JSON.parse(typeof body === "string" ? body : new TextDecoder().decode(body)));
  } catch {
    return;
  }
  const identities = new Map<string, Identity[]>();
  for (const number of parsed.numbers) {
    const list = identities.get(number.phoneNumberId) ?? [];
    identities.set(number.phoneNumberId, list);
    list.push(...number.events.map((e) => e.customer), ...number.preferences.map((p) => p.customer));
  }
  const { customers } = await routeWebhook(openDb(env.DB), identities);
  const rooms = [...customers].flatMap(([orgId, byIdentity]) =>
    [...byIdentity.values()].map((c) => roomStub(env.CONVERSATION_ROOM, orgId, c.conversationId)),
  );
  await Promise.allSettled(rooms.map((room) => room.projectionSettled()));
}

/** Every room this test file's storage holds, settled: for tests whose webhooks' routing changed since. */
export async function allRoomsSettled(): Promise<void> {
  const ids = await listDurableObjectIds(env.CONVERSATION_ROOM);
  await Promise.allSettled(ids.map((id) => (env.CONVERSATION_ROOM.get(id) as unknown as RoomRpc).projectionSettled()));
}

let counter = 0;

/** A fresh organization owning a fresh business number, so each test is its own tenant. */
export async function createTenant(name = "Test Org") {
  counter++;
  const stamp = `${Date.now().toString(36)}${counter}`;
  const orgId = `org_${stamp}`;
  const phoneNumberId = `${Date.now()}${String(counter).padStart(4, "0")}`.slice(-15);
  const numberId = `num_${stamp}`;
  await db().insert(schema.organizations).values({ id: orgId, name });
  await db()
    .insert(schema.whatsappNumbers)
    .values({
      id: numberId,
      orgId,
      phoneNumberId,
      wabaId: "112233445566778",
      displayPhoneNumber: "15550783881",
      accessTokenSealed: await seal(sealingKeysFromEnv(env.ENCRYPTION_KEY), env.META_ACCESS_TOKEN, numberId),
    });
  return { orgId, phoneNumberId, numberId, post: (name: string) => postWebhook(fixture(name, phoneNumberId)) };
}

export const conversationsOf = (orgId: string) =>
  db().select().from(schema.conversations).where(eq(schema.conversations.orgId, orgId)).all();
export const contactsOf = (orgId: string) => db().select().from(schema.contacts).where(eq(schema.contacts.orgId, orgId)).all();

export async function messagesOf(orgId: string, conversationId: string): Promise<Message[]> {
  return (await roomStub(env.CONVERSATION_ROOM, orgId, conversationId).history({ limit: 200 })).messages;
}

/** Every message of an org, across its conversations, by conversation then sequence. */
export async function allMessagesOf(orgId: string): Promise<Message[]> {
  const convs = await conversationsOf(orgId);
  return (await Promise.all(convs.map((c) => messagesOf(orgId, c.id)))).flat();
}

export async function conversationOf(orgId: string, waId: string) {
  const contact = (await contactsOf(orgId)).find((c) => c.waId === waId);
  if (!contact) throw new Error(`no contact ${waId}`);
  return (await conversationsOf(orgId)).find((c) => c.contactId === contact.id)!;
}

/** The wamid a fixture's first status (or message) carries. */
export function fixtureWamid(name: string, kind: "statuses" | "messages" = "statuses"): string {
  const body = JSON.parse(fixture(name)) as { entry: { changes: { value: Record<string, { id: string }[]> }[] }[] };
  return body.entry[0]!.changes[0]!.value[kind]![0]!.id;
}

/** Puts a business-sent message into a customer's room, as the send pipeline would. */
export async function seedOutbound(
  orgId: string,
  conversationId: string,
  phoneNumberId: string,
  opts: { id?: string; wamid?: string; body?: string } = {},
) {
  const room = roomStub(env.CONVERSATION_ROOM, orgId, conversationId);
  const { message } = await room.appendOutbound({
    orgId,
    conversationId,
    message: {
      id: opts.id ?? crypto.randomUUID(),
      phoneNumberId,
      content: { type: "text", body: opts.body ?? "Yes, we ship to Lisbon." },
      ...(opts.wamid && { wamid: opts.wamid }),
    },
  });
  return message;
}

export const room = (orgId: string, conversationId: string) => roomStub(env.CONVERSATION_ROOM, orgId, conversationId);
