/**
 * WebSocket upgrades, authenticated here before they reach a Durable Object: a live session (cookie) and
 * an allowed Origin. The org and the room come from the session and an org-scoped lookup, never the URL alone.
 */
import { Hono, type Context } from "hono";
import { encodeSocketUser, SOCKET_USER_HEADER } from "../../durable/socket-room";
import type { AppEnv } from "../app-env";
import { appOrigins } from "../app-origin";
import { AppError } from "../errors";
import { roomName } from "../../durable/room-stub";
import { conversationOf, loadConversation } from "../middleware/load-conversation";
import { requireSession } from "../middleware/require-session";

export const live = new Hono<AppEnv>();

live.use("*", async function requireUpgrade(c, next) {
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket")
    throw new AppError(426, "upgrade_required", "This endpoint speaks WebSocket only.");
  const origin = c.req.header("origin");
  const allowed = appOrigins(c.env);
  // Browsers always send Origin on a WebSocket handshake; a page on another site must not ride our cookie.
  if (!origin || !allowed.includes(origin))
    throw new AppError(403, "origin_not_allowed", "WebSocket connections are only accepted from the Parley app's origin.");
  await next();
});
live.use("/inbox", requireSession());
live.use("/conversations/:id", requireSession({ beside: loadConversation }));

/**
 * Browsers offer permessage-deflate on every socket and the runtime accepts by default; an empty
 * Sec-WebSocket-Extensions declines it (workerd's `web_socket_compression` flag). Our frames are small
 * JSON, so compression saves little, and it costs the runtime a zlib context per socket (about half
 * the memory of an idle socket) and a deflate per socket for every frame it fans out (a fifth of the
 * thread with 500 viewers). Measured in bench/README.md ("What changed").
 */
const DECLINE_COMPRESSION = "";

/** The upgrade, forwarded with the verified identity in a header the object trusts (set here, never passed through). */
async function forward(c: Context<AppEnv>, stub: { fetch(req: Request): Promise<Response> }): Promise<Response> {
  const { user, session } = c.get("auth");
  const headers = new Headers({ upgrade: "websocket" });
  headers.set(SOCKET_USER_HEADER, encodeSocketUser({ userId: user.id, name: user.name, sessionId: session.id, role: user.role }));
  const res = await stub.fetch(new Request(c.req.url, { headers }));
  // A response from a Durable Object has immutable headers; re-wrap it so middleware can add its own.
  const out = new Headers(res.headers);
  if (res.webSocket) out.set("sec-websocket-extensions", DECLINE_COMPRESSION);
  return new Response(res.body, { status: res.status, headers: out, webSocket: res.webSocket });
}

live.get("/inbox", (c) => forward(c, c.env.ORG_INBOX.getByName(c.get("auth").org.id)));

live.get("/conversations/:id", async (c) => {
  const { org, user } = c.get("auth");
  const conv = conversationOf(c);
  c.executionCtx.waitUntil(c.env.ORG_INBOX.getByName(org.id).noteViewing(user.id, conv.id));
  return forward(c, c.env.CONVERSATION_ROOM.getByName(roomName(org.id, conv.id)));
});
