/**
 * The hibernation WebSocket API behind a few lifecycle hooks, so a room's own code reads like its
 * protocol. Sockets survive the object hibernating: who a socket belongs to lives in its attachment,
 * and `ping` is answered by the runtime without waking the object.
 */
import { DurableObject } from "cloudflare:workers";

/** Who a socket belongs to; set by the Worker after it authenticated the upgrade. */
export interface SocketUser {
  userId: string;
  name: string;
  sessionId: string;
  /** The client said its tab is hidden or not focused: it sees nothing arrive (so push may tell it). */
  hidden?: boolean;
  /** The member's role when the socket opened: frames for owners and admins only go by it. */
  role?: string;
}

/** Header the Worker uses to hand a verified identity to the object (never taken from the client). */
export const SOCKET_USER_HEADER = "x-parley-socket-user";

/** Header values must be ASCII; names are not. */
export const encodeSocketUser = (u: SocketUser) => encodeURIComponent(JSON.stringify(u));

export abstract class SocketRoom extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"t":"ping"}', '{"t":"pong"}'));
  }

  /** Accepts an upgrade the Worker has already authenticated. */
  override async fetch(request: Request): Promise<Response> {
    const user = parseUser(request.headers.get(SOCKET_USER_HEADER));
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket" || !user) {
      return new Response("expected an authenticated websocket upgrade", { status: 400 });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [`u:${user.userId}`, ...(user.role ? [`r:${user.role}`] : [])]);
    server.serializeAttachment(user);
    await this.onConnect(server, user, new URL(request.url));
    return new Response(null, { status: 101, webSocket: client });
  }

  protected abstract onConnect(ws: WebSocket, user: SocketUser, url: URL): void | Promise<void>;
  protected onMessage(_ws: WebSocket, _user: SocketUser, _frame: unknown): void | Promise<void> {}
  protected onClose(_ws: WebSocket, _user: SocketUser): void | Promise<void> {}

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const user = ws.deserializeAttachment() as SocketUser | null;
    if (!user || typeof message !== "string" || message.length > 16_384) return;
    let frame: unknown;
    try {
      frame = JSON.parse(message);
    } catch {
      return;
    }
    await this.onMessage(ws, user, frame);
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    const user = ws.deserializeAttachment() as SocketUser | null;
    // Completes the close handshake; code 1005/1006 are reserved and cannot be echoed.
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closing");
    } catch {
      // Already closed.
    }
    if (user) await this.onClose(ws, user);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    await this.webSocketClose(ws, 1011);
  }

  /** Sends to every open socket (or those of one user); a socket that fails is closed, the rest still get it. */
  protected broadcast(data: unknown, options: { except?: WebSocket; userId?: string; roles?: string[] } = {}): number {
    const text = typeof data === "string" ? data : JSON.stringify(data);
    let sent = 0;
    const sockets = options.roles
      ? options.roles.flatMap((r) => this.ctx.getWebSockets(`r:${r}`))
      : this.ctx.getWebSockets(options.userId ? `u:${options.userId}` : undefined);
    for (const ws of sockets) {
      if (ws === options.except) continue;
      if (send(ws, text)) sent++;
    }
    return sent;
  }

  private soon = new Map<string, ReturnType<typeof setTimeout>>();

  /**
   * Runs `fn` once after `ms`, however often it is asked for meanwhile: a burst of connects or closes
   * sends one viewers/presence list, not one per socket to every socket.
   */
  protected coalesce(key: string, ms: number, fn: () => void): void {
    if (this.soon.has(key)) return;
    this.soon.set(
      key,
      setTimeout(() => {
        this.soon.delete(key);
        fn();
      }, ms),
    );
  }

  /** `data` is serialized, unless it is already JSON text. */
  protected send(ws: WebSocket, data: unknown): boolean {
    return send(ws, typeof data === "string" ? data : JSON.stringify(data));
  }

  /** Closes every socket of a user (removed from the team, demoted, signed out everywhere). */
  async closeUser(userId: string, reason = "access changed"): Promise<number> {
    const sockets = this.ctx.getWebSockets(`u:${userId}`);
    for (const ws of sockets) {
      try {
        ws.close(4001, reason);
      } catch {
        // Already closed.
      }
    }
    return sockets.length;
  }

  /** Kept in the attachment, so it survives hibernation like the rest of who the socket is. */
  protected setHidden(ws: WebSocket, hidden: boolean): void {
    const user = ws.deserializeAttachment() as SocketUser | null;
    if (user) ws.serializeAttachment({ ...user, hidden });
  }

  /** Users with an open socket whose tab is in front of them (a socket that never said is in front). */
  protected lookingUsers(): string[] {
    const ids = new Set<string>();
    for (const ws of this.ctx.getWebSockets()) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      const u = ws.deserializeAttachment() as SocketUser | null;
      if (u && !u.hidden) ids.add(u.userId);
    }
    return [...ids];
  }

  protected connectedUsers(except?: WebSocket): SocketUser[] {
    const byId = new Map<string, SocketUser>();
    for (const ws of this.ctx.getWebSockets()) {
      if (ws === except || ws.readyState !== WebSocket.OPEN) continue;
      const u = ws.deserializeAttachment() as SocketUser | null;
      if (u) byId.set(u.userId, u);
    }
    return [...byId.values()];
  }
}

function send(ws: WebSocket, text: string): boolean {
  try {
    ws.send(text);
    return true;
  } catch {
    try {
      ws.close(1011, "send failed");
    } catch {
      // Already gone.
    }
    return false;
  }
}

function parseUser(header: string | null): SocketUser | null {
  if (!header) return null;
  try {
    const u = JSON.parse(decodeURIComponent(header)) as Partial<SocketUser>;
    return typeof u.userId === "string" && typeof u.name === "string" && typeof u.sessionId === "string"
      ? { userId: u.userId, name: u.name, sessionId: u.sessionId, ...(typeof u.role === "string" && { role: u.role }) }
      : null;
  } catch {
    return null;
  }
}
