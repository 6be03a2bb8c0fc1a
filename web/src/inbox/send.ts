/**
 * What the composer sends. Each send carries a client id (the room echoes it, so the optimistic copy is
 * replaced, never doubled); a reply, note or file written offline waits in the outbox (IndexedDB) and
 * goes, in the order written, when the network is back.
 */
import type { Message, MessageContent } from "../../../durable/protocol";
import { ApiError } from "../api/client";
import { inboxApi, type Upload } from "../api/inbox";
import { currentUser } from "../session/session";
import type { OpenConversation } from "./open-conversation";
import { clientIdOf } from "../live/outbox";
import { queueSend, waitingCopy, waitingFor } from "./outbox-sync";
import { pendingMessage } from "./pending-message";

const author = () => {
  const me = currentUser.peek();
  return me && { id: me.id, name: me.name };
};

const offline = (err: unknown) => err instanceof ApiError && err.status === 0;

/** Resolves "queued" when the network is down: the message then waits in the outbox. */
export async function sendText(conv: OpenConversation, text: string, replyTo: Message | null): Promise<"sent" | "queued"> {
  const clientId = crypto.randomUUID();
  const body = { type: "text" as const, clientId, text, ...(replyTo && { replyToMessageId: replyTo.id }) };
  conv.log.addPending(pendingMessage(clientId, { type: "text", body: text }, author(), replyTo?.wamid));
  try {
    await inboxApi.send(conv.id, body);
    return "sent";
  } catch (err) {
    if (offline(err)) {
      await queueSend({ kind: "text", conversationId: conv.id, body, queuedAt: Date.now() });
      return "queued";
    }
    conv.dropPending(clientId);
    throw err;
  }
}

export async function sendNote(conv: OpenConversation, text: string): Promise<"sent" | "queued"> {
  const clientId = crypto.randomUUID();
  const body = { clientId, text };
  conv.log.addPending(pendingMessage(clientId, { type: "note", body: text }, author()));
  try {
    await inboxApi.note(conv.id, body);
    return "sent";
  } catch (err) {
    if (offline(err)) {
      await queueSend({ kind: "note", conversationId: conv.id, body, queuedAt: Date.now() });
      return "queued";
    }
    conv.dropPending(clientId);
    throw err;
  }
}

export async function sendTemplate(
  conv: OpenConversation,
  t: { name: string; language: string; params: string[]; preview: string },
): Promise<void> {
  const clientId = crypto.randomUUID();
  conv.log.addPending(pendingMessage(clientId, { type: "template", ...t }, author()));
  try {
    await inboxApi.send(conv.id, { type: "template", clientId, name: t.name, language: t.language, params: t.params });
  } catch (err) {
    conv.dropPending(clientId);
    throw err;
  }
}

type MediaKind = "image" | "video" | "audio" | "document";

/** WhatsApp shows jpeg/png/webp as photos, mp4/3gpp as videos; everything else goes as a document. */
export function mediaKind(mimeType: string): MediaKind {
  if (/^image\/(jpeg|png|webp)$/.test(mimeType)) return "image";
  if (/^video\/(mp4|3gpp)$/.test(mimeType)) return "video";
  if (/^audio\//.test(mimeType)) return "audio";
  return "document";
}

/**
 * Uploads a file, then sends it (with the caption, when there is one). Offline, at either step, the file
 * itself waits in the outbox with whatever step it reached.
 */
export async function sendFile(conv: OpenConversation, file: File, caption: string): Promise<"sent" | "queued"> {
  const clientId = crypto.randomUUID();
  const kind = mediaKind(file.type);
  // WhatsApp shows no caption on audio.
  const text = caption && kind !== "audio" ? caption : undefined;
  const media = { type: kind, ...(text && { caption: text }), ...(kind === "document" && { filename: file.name }) };
  const queue = async (uploadId?: string) => {
    await queueSend({
      kind: "file",
      conversationId: conv.id,
      clientId,
      file,
      filename: file.name,
      media,
      ...(uploadId && { uploadId }),
      queuedAt: Date.now(),
    });
    conv.log.addPending(waitingCopy(waitingFor(conv.id).find((s) => clientIdOf(s) === clientId)!, author()));
    return "queued" as const;
  };
  let upload: Upload;
  try {
    upload = await inboxApi.upload(conv.id, file);
  } catch (err) {
    if (offline(err)) return queue();
    throw err;
  }
  const sent = { ...media, ...(kind === "document" && { filename: upload.filename ?? file.name }) };
  const content: MessageContent = { ...sent, mediaId: `upload:${upload.uploadId}`, mimeType: upload.mimeType };
  conv.log.addPending(pendingMessage(clientId, content, author()));
  try {
    await inboxApi.send(conv.id, { ...sent, clientId, uploadId: upload.uploadId });
    return "sent";
  } catch (err) {
    if (offline(err)) return queue(upload.uploadId);
    conv.dropPending(clientId);
    throw err;
  }
}

/** The business's reaction on a message (one per message on WhatsApp, whoever on the team set it). */
export async function react(conv: OpenConversation, message: Message, emoji: string | null): Promise<void> {
  await inboxApi.send(conv.id, { type: "reaction", clientId: crypto.randomUUID(), messageId: message.id, emoji });
}
