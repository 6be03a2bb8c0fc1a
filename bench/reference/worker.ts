/**
 * The runtime's reference points, measured in every bench run beside Parley so its figures can be read
 * against what the runtime itself allows on the same machine at the same moment:
 *
 * - any other POST: the ceiling, the least a Worker can do for a webhook (read the body, answer 200);
 * - `POST /reference/room`: the least a design that stores each message in a per-conversation Durable
 *   Object before answering can do: parse, one object call, one SQLite insert;
 * - `POST /reference/d1`: one D1 insert per webhook;
 * - `POST /reference/room-d1`: both, one after the other, as a message log plus a D1 projection would;
 * - `/reference/viewers`: a bare hibernating object that accepts sockets and, for each POST, sends one
 *   frame to every socket: the floor under Parley's fan-out.
 *
 * None of them verifies a signature, resolves a customer or writes a projection of substance: they are
 * lower bounds, not alternatives.
 */
import { DurableObject } from "cloudflare:workers";

interface Env {
  ROOMS: DurableObjectNamespace<ReferenceRoom>;
  VIEWERS: DurableObjectNamespace<ReferenceViewers>;
  DB: D1Database;
}

/** The first message of a Meta webhook body: enough to name the room and key the row. */
interface FirstMessage {
  from: string;
  id: string;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const { pathname } = new URL(request.url);
    switch (pathname) {
      case "/reference/room": {
        const m = firstMessage(await request.text());
        await env.ROOMS.getByName(m.from).insert(m.id, m.from);
        return new Response("ok");
      }
      case "/reference/d1": {
        const m = firstMessage(await request.text());
        await insertD1(env.DB, m);
        return new Response("ok");
      }
      case "/reference/room-d1": {
        const m = firstMessage(await request.text());
        await env.ROOMS.getByName(m.from).insert(m.id, m.from);
        await insertD1(env.DB, m);
        return new Response("ok");
      }
      case "/reference/viewers": {
        const viewers = env.VIEWERS.getByName("one");
        if (request.headers.get("upgrade")?.toLowerCase() === "websocket") return viewers.fetch(request);
        const m = firstMessage(await request.text());
        await viewers.broadcast(m.id);
        return new Response("ok");
      }
      default:
        await request.arrayBuffer();
        return new Response("ok");
    }
  },
} satisfies ExportedHandler<Env>;

function firstMessage(body: string): FirstMessage {
  const parsed = JSON.parse(body) as { entry: { changes: { value: { messages: FirstMessage[] } }[] }[] };
  const m = parsed.entry[0]?.changes[0]?.value.messages[0];
  if (!m) throw new Error("no message in the body");
  return m;
}

// Once per isolate (a table that exists already makes it a no-op); tried again if it failed.
let table: Promise<unknown> | null = null;

async function insertD1(db: D1Database, m: FirstMessage): Promise<void> {
  table ??= db
    .prepare("CREATE TABLE IF NOT EXISTS messages (id TEXT PRIMARY KEY, wa_id TEXT NOT NULL, at INTEGER NOT NULL)")
    .run()
    .catch((err: unknown) => {
      table = null;
      throw err;
    });
  await table;
  await db
    .prepare("INSERT INTO messages (id, wa_id, at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING")
    .bind(m.id, m.from, Date.now())
    .run();
}

export class ReferenceRoom extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS messages (id TEXT PRIMARY KEY, wa_id TEXT NOT NULL, at INTEGER NOT NULL)");
  }

  insert(id: string, waId: string): number {
    return this.ctx.storage.sql.exec(
      "INSERT INTO messages (id, wa_id, at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
      id,
      waId,
      Date.now(),
    ).rowsWritten;
  }
}

/** Frames shaped like Parley's `message` frames, so the bench's live clients record them the same way. */
export class ReferenceViewers extends DurableObject<Env> {
  private seq = 0;

  override async fetch(): Promise<Response> {
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.send(JSON.stringify({ t: "ready", lastSeq: this.seq }));
    return new Response(null, { status: 101, webSocket: client, headers: { "sec-websocket-extensions": "" } });
  }

  broadcast(wamid: string): number {
    const text = JSON.stringify({ t: "message", seq: ++this.seq, message: { id: wamid, wamid, content: { type: "text", body: wamid } } });
    const sockets = this.ctx.getWebSockets();
    for (const ws of sockets) ws.send(text);
    return sockets.length;
  }
}
