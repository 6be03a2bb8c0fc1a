/** Live-inbox test helpers: an org with a signed-in owner and a connected number, and sockets that record frames. */
import { env, SELF } from "cloudflare:test";
import { seal, sealingKeysFromEnv } from "../../worker/crypto/secret-box";
import { whatsappNumbers } from "../../db/schema";
import { addMember, signUpOwner, type Member } from "./accounts";
import { db, fixture, postWebhook } from "./parley";

export const ORIGIN = "http://127.0.0.1:8787";
let n = 0;

export interface Workspace {
  owner: Member;
  orgId: string;
  phoneNumberId: string;
  /** Posts a fixture addressed to this org's number. */
  post(name: string, edit?: (body: string) => string): Promise<Response>;
}

/** A signed-up org whose number is connected (straight into D1: the Graph check has its own tests). */
export async function workspace(): Promise<Workspace> {
  const owner = await signUpOwner();
  const phoneNumberId = `7${Date.now().toString().slice(-9)}${String(++n).padStart(4, "0")}`;
  const id = `num_${crypto.randomUUID()}`;
  await db()
    .insert(whatsappNumbers)
    .values({
      id,
      orgId: owner.orgId,
      phoneNumberId,
      wabaId: "112233445566778",
      displayPhoneNumber: "15550783881",
      accessTokenSealed: await seal(sealingKeysFromEnv(env.ENCRYPTION_KEY), env.META_ACCESS_TOKEN, id),
    });
  return {
    owner,
    orgId: owner.orgId,
    phoneNumberId,
    post: (name, edit = (b) => b) => postWebhook(edit(fixture(name, phoneNumberId))),
  };
}

export { addMember };

export class Socket {
  readonly frames: Record<string, unknown>[] = [];
  /** Socket messages as received (a replay batch is one). */
  readonly raw: string[] = [];
  private waiters: (() => void)[] = [];
  closed: { code: number } | null = null;

  constructor(readonly ws: WebSocket) {
    ws.accept();
    ws.addEventListener("message", (e) => {
      this.raw.push(e.data as string);
      const frame = JSON.parse(e.data as string) as Record<string, unknown>;
      // A replay batch is the frames it carries, as if each had come alone.
      if (frame.t === "replay") this.frames.push(...(frame.frames as Record<string, unknown>[]));
      else this.frames.push(frame);
      for (const w of this.waiters.splice(0)) w();
    });
    ws.addEventListener("close", (e) => {
      this.closed = { code: e.code };
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Resolves with the first frame (from `from` on) matching `match`, waiting up to `ms`. */
  async next(match: (f: Record<string, unknown>) => boolean, ms = 3000, from = 0): Promise<Record<string, unknown>> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.frames.slice(from).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching frame in ${ms} ms; got ${JSON.stringify(this.frames).slice(0, 800)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  async waitClosed(ms = 3000): Promise<{ code: number }> {
    const deadline = Date.now() + ms;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (!this.closed) throw new Error("socket did not close");
    return this.closed;
  }

  seqs(): number[] {
    return this.frames.filter((f) => typeof f.seq === "number").map((f) => f.seq as number);
  }

  close(): void {
    try {
      this.ws.close(1000, "test done");
    } catch {
      // already closed
    }
  }
}

/** Opens a socket as `member` (their cookies), with an Origin header like a browser's. */
export async function connect(member: Member, path: string, origin = ORIGIN): Promise<Socket | Response> {
  const cookie = [...member.browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await SELF.fetch(`https://parley.test${path}`, { headers: { upgrade: "websocket", origin, cookie } });
  if (!res.webSocket) return res;
  return new Socket(res.webSocket);
}

export async function socket(member: Member, path: string): Promise<Socket> {
  const s = await connect(member, path);
  if (!(s instanceof Socket)) throw new Error(`upgrade refused: ${s.status} ${await s.text()}`);
  return s;
}
