/** A member's devices, switches and the org's privacy setting: what Settings → Notifications reads and writes. */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { pushPreferences, pushSettings, pushSubscriptions, type PushPreview } from "../../db/tables/push";
import { AppError } from "../errors";
import type { PreferencesBody, SubscribeBody } from "../schemas/push";

export interface Preferences {
  newConversation: boolean;
  assignedMessage: boolean;
  mention: boolean;
  windowClosing: boolean;
}

const ALL_ON: Preferences = { newConversation: true, assignedMessage: true, mention: true, windowClosing: true };

const b64urlLength = (s: string) => Math.floor((s.replace(/=+$/, "").length * 3) / 4);
const b64urlFirstByte = (s: string) => atob(s.slice(0, 4).replace(/-/g, "+").replace(/_/g, "/")).charCodeAt(0);

/**
 * An endpoint must be a push service the operator allows (PUSH_ENDPOINT_ORIGINS): otherwise any member
 * could make the Worker post to an address of their choosing. `https://*.host` allows subdomains.
 */
export function checkEndpoint(endpoint: string, allowed: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new AppError(400, "invalid_endpoint", "endpoint must be the push subscription's URL.");
  }
  const ok = allowed
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean)
    .some((o) => {
      const wild = /^(https?):\/\/\*\.(.+)$/.exec(o);
      if (wild) return url.protocol === `${wild[1]}:` && url.hostname.endsWith(`.${wild[2]}`) && !url.port;
      return url.origin === o;
    });
  if (!ok)
    throw new AppError(
      422,
      "push_service_not_allowed",
      `Parley does not send to ${url.origin}; this browser's push service is not supported.`,
    );
  return url;
}

export async function subscribe(
  db: Db,
  who: { orgId: string; userId: string },
  body: SubscribeBody,
  device: string,
  allowedOrigins: string,
): Promise<{ subscription: DeviceRow; created: boolean }> {
  checkEndpoint(body.endpoint, allowedOrigins);
  if (b64urlLength(body.keys.p256dh) !== 65 || b64urlFirstByte(body.keys.p256dh) !== 4)
    throw new AppError(400, "invalid_push_key", "keys.p256dh must be an uncompressed P-256 public key (65 bytes).");
  if (b64urlLength(body.keys.auth) !== 16) throw new AppError(400, "invalid_push_key", "keys.auth must be 16 bytes.");
  const before = await db
    .select({ id: pushSubscriptions.id, userId: pushSubscriptions.userId })
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.endpoint, body.endpoint))
    .get();
  const id = before?.id ?? `psub_${crypto.randomUUID()}`;
  // The endpoint is the device: whoever subscribes it now owns it (a shared browser, another org even).
  const [row] = await db
    .insert(pushSubscriptions)
    .values({ id, orgId: who.orgId, userId: who.userId, endpoint: body.endpoint, p256dh: body.keys.p256dh, auth: body.keys.auth, device })
    .onConflictDoUpdate({
      target: pushSubscriptions.endpoint,
      set: { orgId: who.orgId, userId: who.userId, p256dh: body.keys.p256dh, auth: body.keys.auth, device },
    })
    .returning({
      id: pushSubscriptions.id,
      device: pushSubscriptions.device,
      createdAt: pushSubscriptions.createdAt,
      lastSentAt: pushSubscriptions.lastSentAt,
    });
  return { subscription: row!, created: before?.userId !== who.userId };
}

export type DeviceRow = { id: string; device: string; createdAt: number; lastSentAt: number | null };

export function listDevices(db: Db, orgId: string, userId: string): Promise<DeviceRow[]> {
  return db
    .select({
      id: pushSubscriptions.id,
      device: pushSubscriptions.device,
      createdAt: pushSubscriptions.createdAt,
      lastSentAt: pushSubscriptions.lastSentAt,
    })
    .from(pushSubscriptions)
    .where(and(eq(pushSubscriptions.orgId, orgId), eq(pushSubscriptions.userId, userId)))
    .orderBy(pushSubscriptions.createdAt)
    .all();
}

export async function unsubscribe(db: Db, orgId: string, userId: string, id: string): Promise<void> {
  const gone = await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.id, id), eq(pushSubscriptions.orgId, orgId), eq(pushSubscriptions.userId, userId)))
    .returning({ id: pushSubscriptions.id });
  if (!gone.length) throw new AppError(404, "push_device_not_found", "No such device among yours.");
}

export async function readPreferences(db: Db, userId: string): Promise<Preferences> {
  const row = await db.select().from(pushPreferences).where(eq(pushPreferences.userId, userId)).get();
  return row
    ? { newConversation: row.newConversation, assignedMessage: row.assignedMessage, mention: row.mention, windowClosing: row.windowClosing }
    : ALL_ON;
}

export async function updatePreferences(db: Db, orgId: string, userId: string, body: PreferencesBody, now: number): Promise<Preferences> {
  const next = { ...(await readPreferences(db, userId)), ...body };
  await db
    .insert(pushPreferences)
    .values({ userId, orgId, ...next, updatedAt: now })
    .onConflictDoUpdate({ target: pushPreferences.userId, set: { ...next, updatedAt: now } });
  return next;
}

export async function readPreview(db: Db, orgId: string): Promise<PushPreview> {
  const row = await db.select({ preview: pushSettings.preview }).from(pushSettings).where(eq(pushSettings.orgId, orgId)).get();
  return row?.preview ?? "sender";
}
