/**
 * A local push service (what FCM or Mozilla's autopush are to a browser). It hands out subscriptions as
 * a browser would (`PushSubscription.toJSON()`: endpoint, p256dh, auth) and keeps their private keys, so
 * every message Parley posts is checked the way a real service and browser would: the VAPID JWT
 * (RFC 8292, ES256, audience, expiry, the configured public key) and then the payload DECRYPTED
 * (RFC 8291 + RFC 8188 aes128gcm) with node:crypto, independently of Parley's own code.
 *
 *   const push = await startWebPushPeer({ vapidPublicKey });   // push.url → PUSH_ENDPOINT_ORIGINS
 *
 * Controls (unauthenticated):
 *   POST /__push/subscriptions                a new subscription: {endpoint, expirationTime, keys}
 *   GET  /__push/messages?subscription=ID     what reached it, decrypted: [{subscriptionId, payload, headers, at}]
 *   GET  /__push/rejections                   requests refused (bad VAPID, undecryptable), with the reason
 *   POST /__push/subscriptions/ID/expire      from now on it answers 410 Gone (the browser unsubscribed)
 *   POST /__push/fail {"status":503,"times":1}   the next posts answer that status
 *   POST /__push/reset
 */
import { createCipheriv, createDecipheriv, createECDH, createHmac, createPublicKey, randomBytes, randomUUID, verify } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { isRecord } from "./is-record.js";

export interface PushRecord {
  subscriptionId: string;
  payload: unknown;
  text: string;
  headers: { ttl: string | null; urgency: string | null; contentEncoding: string | null };
  at: number;
}

export interface WebPushPeer {
  url: string;
  messages: PushRecord[];
  rejections: { subscriptionId: string; status: number; reason: string }[];
  close(): Promise<void>;
}

interface Subscription {
  ecdh: ReturnType<typeof createECDH>;
  auth: Buffer;
  expired: boolean;
}

const hmac = (key: Buffer, data: Buffer) => createHmac("sha256", key).update(data).digest();

/** RFC 8291 §3.4 and RFC 8188 §2: the content key and nonce for one message, from the browser's side. */
export function decryptAes128gcm(body: Buffer, ecdh: ReturnType<typeof createECDH>, auth: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20]!;
  const serverPublic = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  if (idLength !== 65) throw new Error(`keyid must be the 65-byte server public key, got ${idLength}`);
  if (record.length > recordSize) throw new Error("one record expected");
  const shared = ecdh.computeSecret(serverPublic);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), ecdh.getPublicKey(), serverPublic, Buffer.from([1])]);
  const ikm = hmac(hmac(auth, shared), keyInfo);
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from("Content-Encoding: aes128gcm\0\x01", "binary")).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from("Content-Encoding: nonce\0\x01", "binary")).subarray(0, 12);
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error("the last record must end with the 0x02 delimiter");
  return padded.subarray(0, end);
}

/** RFC 8292: `vapid t=<ES256 JWT>, k=<public key>`; the JWT's audience is this service's origin. */
export function checkVapid(header: string | undefined, origin: string, expectedKey: string | undefined, now = Date.now()): string | null {
  const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+),\s*k=([\w-]+)$/.exec(header ?? "");
  if (!m) return "Authorization must be `vapid t=…, k=…`";
  const [, jwt, k] = m as unknown as [string, string, string];
  if (expectedKey && k !== expectedKey) return "k is not the application server key the subscription was made with";
  const point = Buffer.from(k, "base64url");
  if (point.length !== 65 || point[0] !== 4) return "k is not an uncompressed P-256 point";
  const key = createPublicKey({
    key: { kty: "EC", crv: "P-256", x: point.subarray(1, 33).toString("base64url"), y: point.subarray(33).toString("base64url") },
    format: "jwk",
  });
  const [h, p, s] = jwt.split(".") as [string, string, string];
  const header_ = JSON.parse(Buffer.from(h, "base64url").toString()) as Record<string, unknown>;
  if (header_.alg !== "ES256") return "JWT alg must be ES256";
  if (!verify("sha256", Buffer.from(`${h}.${p}`), { key, dsaEncoding: "ieee-p1363" }, Buffer.from(s, "base64url")))
    return "JWT signature does not verify";
  const claims = JSON.parse(Buffer.from(p, "base64url").toString()) as Record<string, unknown>;
  if (claims.aud !== origin) return `JWT aud must be ${origin}`;
  if (typeof claims.exp !== "number" || claims.exp * 1000 <= now || claims.exp * 1000 > now + 24 * 3600 * 1000)
    return "JWT exp must be within 24 hours";
  if (typeof claims.sub !== "string" || !/^(mailto:|https:)/.test(claims.sub)) return "JWT sub must be a mailto: or https: URL";
  return null;
}

/** The sending side, for the peer's own tests: what a correct application server would post. */
export function encryptForTest(plaintext: Buffer, p256dh: Buffer, auth: Buffer): Buffer {
  const server = createECDH("prime256v1");
  server.generateKeys();
  const salt = randomBytes(16);
  const shared = server.computeSecret(p256dh);
  const ikm = hmac(hmac(auth, shared), Buffer.concat([Buffer.from("WebPush: info\0"), p256dh, server.getPublicKey(), Buffer.from([1])]));
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from("Content-Encoding: aes128gcm\0\x01", "binary")).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from("Content-Encoding: nonce\0\x01", "binary")).subarray(0, 12);
  const cipher = createCipheriv("aes-128-gcm", cek, nonce);
  const enc = Buffer.concat([cipher.update(Buffer.concat([plaintext, Buffer.from([2])])), cipher.final(), cipher.getAuthTag()]);
  const rs = Buffer.alloc(4);
  rs.writeUInt32BE(4096);
  return Buffer.concat([salt, rs, Buffer.from([65]), server.getPublicKey(), enc]);
}

export async function startWebPushPeer(options: { port?: number; vapidPublicKey?: string; log?: boolean } = {}): Promise<WebPushPeer> {
  const subscriptions = new Map<string, Subscription>();
  const messages: PushRecord[] = [];
  const rejections: WebPushPeer["rejections"] = [];
  let failures: { status: number; times: number }[] = [];
  let url = "";

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) json(res, 500, { error: String(err) });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<ServerResponse> {
    const path = new URL(req.url ?? "/", "http://peer");
    const body = await readBody(req);
    const route = `${req.method} ${path.pathname}`;
    if (route === "POST /__push/subscriptions") {
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      const id = randomUUID();
      const auth = randomBytes(16);
      subscriptions.set(id, { ecdh, auth, expired: false });
      return json(res, 201, {
        id,
        endpoint: `${url}/push/${id}`,
        expirationTime: null,
        keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: auth.toString("base64url") },
      });
    }
    if (route === "GET /__push/messages") {
      const sub = path.searchParams.get("subscription");
      return json(res, 200, sub ? messages.filter((m) => m.subscriptionId === sub) : messages);
    }
    if (route === "GET /__push/rejections") return json(res, 200, rejections);
    if (route === "POST /__push/fail") {
      const rule = body.length ? (JSON.parse(body.toString()) as unknown) : null;
      if (!isRecord(rule) || typeof rule.status !== "number") return json(res, 400, { error: 'expected {"status": n, "times": n}' });
      failures.push({ status: rule.status, times: typeof rule.times === "number" ? rule.times : 1 });
      return json(res, 204, null);
    }
    if (route === "POST /__push/reset") {
      messages.length = 0;
      rejections.length = 0;
      failures = [];
      return json(res, 204, null);
    }
    const expire = /^\/__push\/subscriptions\/([\w-]+)\/expire$/.exec(path.pathname);
    if (req.method === "POST" && expire) {
      const sub = subscriptions.get(expire[1]!);
      if (!sub) return json(res, 404, { error: "no such subscription" });
      sub.expired = true;
      return json(res, 204, null);
    }
    const push = /^\/push\/([\w-]+)$/.exec(path.pathname);
    if (req.method === "POST" && push) return receive(req, res, push[1]!, body);
    return json(res, 404, { error: `no route ${route}` });
  }

  function receive(req: IncomingMessage, res: ServerResponse, id: string, body: Buffer): ServerResponse {
    const sub = subscriptions.get(id);
    if (!sub) return json(res, 404, { error: "no such subscription" });
    if (sub.expired) return json(res, 410, { error: "subscription expired" });
    const failure = failures.find((f) => f.times > 0);
    if (failure) {
      failure.times--;
      return json(res, failure.status, { error: "the push peer was told to fail" });
    }
    const reject = (status: number, reason: string) => {
      rejections.push({ subscriptionId: id, status, reason });
      if (options.log) console.warn(`push peer refused a message: ${reason}`);
      return json(res, status, { error: reason });
    };
    const problem = checkVapid(req.headers.authorization, url, options.vapidPublicKey);
    if (problem) return reject(403, problem);
    if (req.headers["content-encoding"] !== "aes128gcm") return reject(400, "Content-Encoding must be aes128gcm");
    if (!req.headers.ttl) return reject(400, "TTL is required");
    if (body.length > 4096) return reject(413, "payloads are limited to 4096 bytes");
    let text: string;
    try {
      text = decryptAes128gcm(body, sub.ecdh, sub.auth).toString("utf8");
    } catch (err) {
      return reject(400, `cannot decrypt: ${String(err)}`);
    }
    let payload: unknown = text;
    try {
      payload = JSON.parse(text);
    } catch {
      // Plain text is a valid push payload too.
    }
    const h = (name: string) => (req.headers[name] as string | undefined) ?? null;
    messages.push({
      subscriptionId: id,
      payload,
      text,
      headers: { ttl: h("ttl"), urgency: h("urgency"), contentEncoding: h("content-encoding") },
      at: Date.now(),
    });
    return res.writeHead(201, { location: `${url}/messages/${randomUUID()}` }).end();
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    messages,
    rejections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): ServerResponse {
  if (body === null) return res.writeHead(status).end();
  return res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}
