/**
 * The local push service checks what a real one and a real browser would: it decrypts an aes128gcm
 * payload (RFC 8291) made by Parley's encryption library with keys only it holds, and refuses a VAPID
 * JWT that is unsigned by the configured key, aimed at another origin or expired.
 */
import { encryptNotification } from "@block65/webcrypto-web-push";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateVapidKeys } from "../../scripts/lib/vapid-keys";
import { vapidAuthorization } from "../../worker/push/vapid";
import { checkVapid, startWebPushPeer, type PushRecord, type WebPushPeer } from "./web-push";

const keys = generateVapidKeys();
const config = { publicKey: keys.VAPID_PUBLIC_KEY, privateKey: keys.VAPID_PRIVATE_KEY, subject: "mailto:test@parley.local" };
let peer: WebPushPeer;

beforeAll(async () => {
  peer = await startWebPushPeer({ vapidPublicKey: keys.VAPID_PUBLIC_KEY });
});
afterAll(() => peer.close());

async function subscribe() {
  return (await (await fetch(`${peer.url}/__push/subscriptions`, { method: "POST" })).json()) as {
    id: string;
    endpoint: string;
    keys: { p256dh: string; auth: string };
  };
}

describe("web push peer", () => {
  it("decrypts what Parley's library encrypted and verifies Parley's VAPID header", async () => {
    const sub = await subscribe();
    const body = await encryptNotification({ ...sub, expirationTime: null }, new TextEncoder().encode('{"title":"Olá 👋"}'));
    const res = await fetch(sub.endpoint, {
      method: "POST",
      headers: { authorization: await vapidAuthorization(config, sub.endpoint), "content-encoding": "aes128gcm", ttl: "60" },
      body,
    });
    expect(res.status).toBe(201);
    const got = (await (await fetch(`${peer.url}/__push/messages?subscription=${sub.id}`)).json()) as PushRecord[];
    expect(got.map((m) => m.payload)).toEqual([{ title: "Olá 👋" }]);
  });

  it("refuses a payload encrypted for another subscription", async () => {
    const [mine, other] = [await subscribe(), await subscribe()];
    const body = await encryptNotification({ ...other, expirationTime: null }, new TextEncoder().encode("secret"));
    const res = await fetch(mine.endpoint, {
      method: "POST",
      headers: { authorization: await vapidAuthorization(config, mine.endpoint), "content-encoding": "aes128gcm", ttl: "60" },
      body,
    });
    expect(res.status).toBe(400);
    expect(peer.rejections.at(-1)?.reason).toMatch(/cannot decrypt/);
  });

  it("refuses a JWT for another audience, signed by another key, or expired", async () => {
    const origin = peer.url;
    expect(checkVapid(await vapidAuthorization(config, `${origin}/push/x`), origin, keys.VAPID_PUBLIC_KEY)).toBeNull();
    expect(checkVapid(await vapidAuthorization(config, "https://fcm.googleapis.com/x"), origin, keys.VAPID_PUBLIC_KEY)).toMatch(/aud/);
    const stranger = generateVapidKeys();
    const strangerConfig = { publicKey: stranger.VAPID_PUBLIC_KEY, privateKey: stranger.VAPID_PRIVATE_KEY, subject: "mailto:x@y.z" };
    expect(checkVapid(await vapidAuthorization(strangerConfig, `${origin}/p`), origin, keys.VAPID_PUBLIC_KEY)).toMatch(
      /application server key/,
    );
    // Right key named, wrong key signing.
    const forged = (await vapidAuthorization(strangerConfig, `${origin}/p`)).replace(stranger.VAPID_PUBLIC_KEY, keys.VAPID_PUBLIC_KEY);
    expect(checkVapid(forged, origin, keys.VAPID_PUBLIC_KEY)).toMatch(/signature/);
    const expired = await vapidAuthorization(config, `${origin}/p`, Date.now() - 13 * 3600_000);
    expect(checkVapid(expired, origin, keys.VAPID_PUBLIC_KEY)).toMatch(/exp/);
    expect(checkVapid("Bearer abc", origin, keys.VAPID_PUBLIC_KEY)).toMatch(/vapid t=/);
  });
});
