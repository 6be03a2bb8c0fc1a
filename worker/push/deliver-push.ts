/**
 * One notification to one device: encrypted for that browser alone (RFC 8291, aes128gcm), signed for
 * the push service (VAPID), posted to the subscription's endpoint. A subscription the push service no
 * longer knows (404/410) is deleted; throttling and server errors retry through the Queue.
 */
import { encryptNotification } from "@block65/webcrypto-web-push";
import { and, eq } from "drizzle-orm";
import { openDb } from "../../db/client";
import { pushSubscriptions } from "../../db/tables/push";
import { PermanentJobError } from "../jobs/media-download";
import { RetryLater } from "../jobs/send-message";
import type { PushDeliverJob } from "./push-job";
import { vapidAuthorization, vapidConfig } from "./vapid";

/** A notification about a message is worth little a day later; the push service drops it after this. */
const TTL_SECONDS = 6 * 60 * 60;

export async function deliverPush(env: Env, job: PushDeliverJob): Promise<void> {
  const config = vapidConfig(env);
  if (!config) throw new PermanentJobError("VAPID keys are not configured");
  const db = openDb(env.DB);
  const sub = await db
    .select()
    .from(pushSubscriptions)
    .where(and(eq(pushSubscriptions.id, job.subscriptionId), eq(pushSubscriptions.orgId, job.orgId)))
    .get();
  // Unsubscribed (or removed as expired) since the fan-out: nothing to do.
  if (!sub) return;
  const body = await encryptNotification(
    { endpoint: sub.endpoint, expirationTime: null, keys: { p256dh: sub.p256dh, auth: sub.auth } },
    new TextEncoder().encode(JSON.stringify(job.notification)),
  );
  const res = await fetch(sub.endpoint, {
    method: "POST",
    headers: {
      authorization: await vapidAuthorization(config, sub.endpoint),
      "content-encoding": "aes128gcm",
      "content-type": "application/octet-stream",
      ttl: String(TTL_SECONDS),
      urgency: "high",
    },
    body,
  });
  await res.body?.cancel();
  if (res.ok) {
    await db.update(pushSubscriptions).set({ lastSentAt: Date.now() }).where(eq(pushSubscriptions.id, sub.id));
    return;
  }
  if (res.status === 404 || res.status === 410) {
    // The browser unsubscribed or the subscription expired: it will never accept another message.
    await db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, sub.id));
    return;
  }
  if (res.status === 429 || res.status >= 500) {
    const after = Number(res.headers.get("retry-after"));
    if (Number.isFinite(after) && after > 0) throw new RetryLater(Math.min(after, 300));
    throw new Error(`push service answered ${res.status}`);
  }
  // 400 (malformed), 403 (VAPID refused), 413 (too large): the same request would fail again.
  throw new PermanentJobError(`push service refused the notification: ${res.status}`);
}
