/**
 * Sends Parley a signed inbound WhatsApp webhook, exactly as Meta would.
 *
 *   npm run simulate -- --from 16505551234 --name "Sheena Nelson" --text "Is this in stock?"
 *   npm run simulate -- --image ./photo.jpg --text "caption"     (uploads to the Meta peer first)
 *   npm run simulate -- --image                                  (uses the peer's default media id)
 *   npm run simulate -- --location "52.52,13.405,Alexanderplatz"
 *   npm run simulate -- --reaction 👍 --to wamid.XXX
 *   npm run simulate -- --button "Track order" --reply-to wamid.XXX
 *   npm run simulate -- --count 20 --batch --text "burst"        (20 messages in one POST)
 */
import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { configValue, LOCAL_DEFAULTS, readDevVars } from "../test/peers/dev-vars.js";
import { DEFAULT_MEDIA_BYTES, DEFAULT_MEDIA_ID, DEFAULT_MEDIA_MIME_TYPE, mediaSha256 } from "../test/peers/meta-media.js";
import {
  DEMO_DISPLAY_PHONE_NUMBER,
  DEMO_PHONE_NUMBER_ID,
  inboundMessageBody,
  newWamid,
  signedWebhook,
  type InboundContent,
  type InboundMessageInput,
  type WebhookBody,
} from "../test/peers/webhook-builders.js";

const OPTIONS = {
  url: { type: "string" },
  "graph-url": { type: "string" },
  "phone-number-id": { type: "string" },
  "display-phone-number": { type: "string", default: DEMO_DISPLAY_PHONE_NUMBER },
  from: { type: "string", default: "16505551234" },
  name: { type: "string", default: "Sheena Nelson" },
  "user-id": { type: "string" },
  text: { type: "string" },
  image: { type: "string" },
  location: { type: "string" },
  reaction: { type: "string" },
  to: { type: "string" },
  "reply-to": { type: "string" },
  button: { type: "string" },
  /** A catalog order: "RETAILER_ID:QTY[:PRICE],…" (price in major units, default 10.00 EUR). */
  order: { type: "string" },
  count: { type: "string", default: "1" },
  batch: { type: "boolean", default: false },
  help: { type: "boolean", default: false },
} as const;

type Flags = ReturnType<typeof parseFlags>;

export function parseFlags(argv: string[]) {
  return parseArgs({ args: withOptionalImagePath(argv), options: OPTIONS, strict: true, allowPositionals: false }).values;
}

/** `--image` may come without a path; parseArgs needs a value, so an empty one stands for "default media". */
function withOptionalImagePath(argv: string[]): string[] {
  return argv.map((arg, index) => {
    const next = argv[index + 1];
    return arg === "--image" && (next === undefined || next.startsWith("--")) ? "--image=" : arg;
  });
}

/**
 * Where Parley and the Meta peer are: flags first, then PARLEY_URL / GRAPH_API_BASE from the environment,
 * then `npm start`'s own PORT / META_PEER_PORT (so a moved server needs no --url), then `.dev.vars` and the
 * defaults. The ports beat `.dev.vars` because `npm start` itself serves on them whatever that file says.
 */
export function localUrls(
  flags: { url?: string; "graph-url"?: string },
  env: NodeJS.ProcessEnv,
  devVars: Record<string, string>,
): { parleyUrl: string; graphUrl: string } {
  const set = (value: string | undefined): value is string => value !== undefined && value !== "";
  const loopback = (port: string) => `http://127.0.0.1:${Number(port)}`;
  const parleyUrl =
    flags.url ??
    (set(env.PARLEY_URL) ? env.PARLEY_URL : set(env.PORT) ? loopback(env.PORT) : (devVars.PARLEY_URL ?? LOCAL_DEFAULTS.PARLEY_URL));
  const graphUrl =
    flags["graph-url"] ??
    (set(env.GRAPH_API_BASE)
      ? env.GRAPH_API_BASE
      : set(env.META_PEER_PORT)
        ? loopback(env.META_PEER_PORT)
        : (devVars.GRAPH_API_BASE ?? LOCAL_DEFAULTS.GRAPH_API_BASE));
  return { parleyUrl: parleyUrl.replace(/\/$/, ""), graphUrl: graphUrl.replace(/\/$/, "") };
}

interface ImageRef {
  id: string;
  mimeType: string;
  sha256: string;
}

/** The content of message `index` (1-based) of `count`; texts are numbered when more than one is sent. */
export function messageContent(flags: Flags, image: ImageRef | undefined, index: number, count: number): InboundContent {
  const numbered = (text: string): string => (count > 1 ? `${text} (${index}/${count})` : text);
  if (flags.reaction !== undefined) {
    if (flags.to === undefined) throw new Error("--reaction needs --to <wamid> (the message reacted to)");
    return { type: "reaction", reaction: { message_id: flags.to, emoji: flags.reaction } };
  }
  if (flags.location !== undefined) return { type: "location", location: parseLocation(flags.location) };
  if (image !== undefined) {
    const caption = flags.text === undefined ? {} : { caption: numbered(flags.text) };
    return { type: "image", image: { id: image.id, mime_type: image.mimeType, sha256: image.sha256, ...caption } };
  }
  if (flags.button !== undefined) return { type: "button", button: { payload: flags.button, text: flags.button } };
  if (flags.order !== undefined) return { type: "order", order: { catalog_id: "demo-catalog", product_items: parseOrder(flags.order) } };
  return { type: "text", text: { body: numbered(flags.text ?? "Hi! Is this still available?") } };
}

export function parseOrder(value: string): { product_retailer_id: string; quantity: number; item_price: number; currency: string }[] {
  return value.split(",").map((part) => {
    const [id, qty, price] = part.trim().split(":");
    const quantity = Number(qty ?? "1");
    if (!id || !Number.isInteger(quantity) || quantity < 1) throw new Error(`--order wants "RETAILER_ID:QTY[:PRICE],…", got "${part}"`);
    return { product_retailer_id: id, quantity, item_price: price === undefined ? 10 : Number(price), currency: "EUR" };
  });
}

export function parseLocation(value: string): { latitude: number; longitude: number; name?: string } {
  const [lat, lng, ...name] = value.split(",").map((part) => part.trim());
  const latitude = Number(lat);
  const longitude = Number(lng);
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || lat === "" || lng === "") {
    throw new Error(`--location wants "lat,lng[,name]", got "${value}"`);
  }
  return { latitude, longitude, ...(name.length > 0 ? { name: name.join(", ") } : {}) };
}

/**
 * Replies carry `context`; a quick-reply button always does on WhatsApp (it answers a template), so
 * without --reply-to the button points at an id Parley has never seen, which it must tolerate too.
 */
function contextFor(flags: Flags, displayPhoneNumber: string): InboundMessageInput["context"] {
  const id = flags["reply-to"] ?? (flags.button !== undefined ? newWamid() : undefined);
  return id === undefined ? undefined : { from: displayPhoneNumber, id };
}

const MIME_TYPES: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".gif": "image/gif",
};

/** Uploads through Meta's own media endpoint so Parley's later download finds the bytes on the peer. */
async function uploadImage(path: string, graphUrl: string, phoneNumberId: string, accessToken: string): Promise<ImageRef> {
  const bytes = await readFile(path);
  const mimeType = MIME_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
  const form = new FormData();
  form.set("messaging_product", "whatsapp");
  form.set("type", mimeType);
  form.set("file", new Blob([new Uint8Array(bytes)], { type: mimeType }), basename(path));
  const response = await fetch(`${graphUrl}/v23.0/${phoneNumberId}/media`, {
    method: "POST",
    headers: { authorization: `Bearer ${accessToken}` },
    body: form,
  }).catch((error: unknown) => {
    throw new Error(`could not reach the Meta peer at ${graphUrl} to upload ${path} (is it running?): ${String(error)}`);
  });
  const answer: unknown = await response.json();
  const id = typeof answer === "object" && answer !== null && "id" in answer ? answer.id : undefined;
  if (!response.ok || typeof id !== "string") throw new Error(`media upload failed (${response.status}): ${JSON.stringify(answer)}`);
  return { id, mimeType, sha256: mediaSha256(bytes) };
}

async function resolveImage(flags: Flags, graphUrl: string, phoneNumberId: string, accessToken: string): Promise<ImageRef | undefined> {
  if (flags.image === undefined) return undefined;
  if (flags.image === "") return { id: DEFAULT_MEDIA_ID, mimeType: DEFAULT_MEDIA_MIME_TYPE, sha256: mediaSha256(DEFAULT_MEDIA_BYTES) };
  return uploadImage(flags.image, graphUrl, phoneNumberId, accessToken);
}

async function postWebhook(webhookUrl: string, appSecret: string, body: WebhookBody): Promise<{ status: number; answer: string }> {
  const { payload, headers } = signedWebhook(appSecret, body);
  const response = await fetch(webhookUrl, { method: "POST", headers, body: payload }).catch((error: unknown) => {
    throw new Error(`could not reach Parley at ${webhookUrl} (is \`npm start\` running?): ${String(error)}`);
  });
  return { status: response.status, answer: await response.text() };
}

/** Where the message landed: D1's conversation row and the room's log, from the local dev-only route. */
async function showStored(parleyUrl: string, phoneNumberId: string, customer: string): Promise<void> {
  // Best effort: the route exists only on a local server with DEV_TOOLS=1.
  const res = await fetch(`${parleyUrl}/api/dev/customers/${encodeURIComponent(phoneNumberId)}/${encodeURIComponent(customer)}`).catch(
    () => undefined,
  );
  if (!res?.ok || !res.headers.get("content-type")?.includes("application/json")) return;
  const stored = (await res.json().catch(() => ({}))) as {
    conversation: { id: string; messageCount: number; unreadCount: number; lastMessagePreview: string } | null;
    room: { lastSeq: number; messages: { seq: number; wamid: string; content: { type: string } }[] } | null;
  };
  if (stored.conversation?.id) {
    const c = stored.conversation;
    console.log(`D1 conversation ${c.id}: ${c.messageCount} messages, ${c.unreadCount} unread, last "${c.lastMessagePreview}"`);
  }
  for (const m of stored.room?.messages?.slice(-3) ?? []) console.log(`room log #${m.seq} ${m.content.type} ${m.wamid}`);
}

async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(argv);
  if (flags.help) {
    console.log(
      'usage: npm run simulate -- [--from WA_ID] [--name NAME] [--text TEXT | --image [PATH] | --location "lat,lng[,name]" | --reaction EMOJI --to WAMID | --button TEXT | --order SKU:QTY[:PRICE],…] [--reply-to WAMID] [--user-id BSUID] [--count N] [--batch] [--url PARLEY_URL] [--phone-number-id ID]',
    );
    return 0;
  }
  const devVars = readDevVars();
  const { parleyUrl, graphUrl } = localUrls(flags, process.env, devVars);
  const phoneNumberId = flags["phone-number-id"] ?? configValue("DEMO_PHONE_NUMBER_ID", DEMO_PHONE_NUMBER_ID, devVars);
  const displayPhoneNumber = flags["display-phone-number"];
  const appSecret = configValue("META_APP_SECRET", LOCAL_DEFAULTS.META_APP_SECRET, devVars);
  const accessToken = configValue("META_ACCESS_TOKEN", LOCAL_DEFAULTS.META_ACCESS_TOKEN, devVars);
  const count = Number(flags.count);
  if (!Number.isInteger(count) || count < 1) throw new Error(`--count wants a positive integer, got "${flags.count}"`);

  const image = await resolveImage(flags, graphUrl, phoneNumberId, accessToken);
  const context = contextFor(flags, displayPhoneNumber);
  const messages = Array.from(
    { length: count },
    (_, index): InboundMessageInput => ({
      ...messageContent(flags, image, index + 1, count),
      id: newWamid(),
      ...(context === undefined ? {} : { context }),
    }),
  );
  const sender = {
    phoneNumberId,
    displayPhoneNumber,
    from: flags.from,
    name: flags.name,
    ...(flags["user-id"] === undefined ? {} : { userId: flags["user-id"] }),
  };
  const webhookUrl = `${parleyUrl}/webhooks/whatsapp`;
  const posts = flags.batch ? [messages] : messages.map((message) => [message]);
  let failed = false;
  for (const batch of posts) {
    const { status, answer } = await postWebhook(webhookUrl, appSecret, inboundMessageBody({ ...sender, message: batch }));
    for (const message of batch) console.log(`${message.id} ${message.type} from ${flags.from}`);
    console.log(`POST ${webhookUrl} (${batch.length} message${batch.length === 1 ? "" : "s"}) → ${status} ${answer}`);
    failed ||= status !== 200;
  }
  if (!failed) await showStored(parleyUrl, phoneNumberId, flags["user-id"] ?? flags.from);
  return failed ? 1 : 0;
}

function isDirectRun(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && import.meta.url === pathToFileURL(entry).href;
}

if (isDirectRun()) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`simulate: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
}
