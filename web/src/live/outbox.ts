/**
 * What an agent sends while offline (or while a request failed) waits here, in IndexedDB, and goes out
 * in the order it was written when the connection returns: replies, private notes and files, the files
 * as the Blobs themselves (localStorage holds only strings and a few MB). The client id each carries
 * makes a resend after a lost answer store one message.
 */
export type OutboxItem =
  | { kind: "text"; body: { type: "text"; clientId: string; text: string; replyToMessageId?: string } }
  | { kind: "note"; body: { clientId: string; text: string } }
  | {
      kind: "file";
      clientId: string;
      file: Blob;
      filename: string;
      /** What the send carries besides the upload: WhatsApp's kind for the file, its caption and name. */
      media: { type: "image" | "video" | "audio" | "document"; caption?: string; filename?: string };
      /** Set once the upload succeeded, so a send that fails after it does not upload the bytes twice. */
      uploadId?: string;
    };

export type PendingSend = OutboxItem & {
  /** IndexedDB's key: increasing, so reading the store in key order is the order things were written. */
  seq?: number;
  conversationId: string;
  queuedAt: number;
};

export const clientIdOf = (s: OutboxItem): string => (s.kind === "file" ? s.clientId : s.body.clientId);

const DB_NAME = "parley-outbox";
const STORE = "sends";
/** Where the outbox lived before it moved to IndexedDB (text replies only). */
const LEGACY_KEY = "parley.outbox";

let opening: Promise<IDBDatabase> | null = null;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  }).then(async (db) => {
    await adoptLegacy(db);
    return db;
  });
  opening.catch(() => (opening = null));
  return opening;
}

async function adoptLegacy(db: IDBDatabase): Promise<void> {
  const raw = localStorage.getItem(LEGACY_KEY);
  if (raw === null) return;
  let legacy: { conversationId: string; body: Extract<OutboxItem, { kind: "text" }>["body"]; queuedAt: number }[] = [];
  try {
    legacy = JSON.parse(raw);
  } catch {
    // Unreadable: nothing to keep.
  }
  const store = db.transaction(STORE, "readwrite").objectStore(STORE);
  for (const send of legacy) await request(store.add({ kind: "text", ...send } satisfies PendingSend));
  localStorage.removeItem(LEGACY_KEY);
}

async function store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
  return (await open()).transaction(STORE, mode).objectStore(STORE);
}

export async function pendingSends(): Promise<PendingSend[]> {
  return request((await store("readonly")).getAll() as IDBRequest<PendingSend[]>);
}

export async function enqueue(send: PendingSend): Promise<void> {
  await request((await store("readwrite")).add(send));
}

export async function save(send: PendingSend): Promise<void> {
  await request((await store("readwrite")).put(send));
}

export async function remove(seq: number): Promise<void> {
  await request((await store("readwrite")).delete(seq));
}

/**
 * Everything waiting is dropped when the session ends: what a member wrote (and the photos they attached)
 * must neither stay on a shared computer nor go out later under the next member's session.
 */
export async function clearOutbox(): Promise<void> {
  await request((await store("readwrite")).clear());
}

/**
 * Tries each pending send in the order written; stops at the first network failure (still offline), so
 * nothing written later overtakes it. A send the server refused is dropped (the caller reports it).
 */
export async function flush(post: (s: PendingSend) => Promise<"sent" | "rejected" | "offline">): Promise<void> {
  for (const send of await pendingSends()) {
    const outcome = await post(send);
    if (outcome === "offline") return;
    if (send.seq !== undefined) await remove(send.seq);
  }
}
