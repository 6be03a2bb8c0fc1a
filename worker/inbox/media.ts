/**
 * Media in R2: agents' uploads before they are sent, and any message's stored media for the inbox to
 * show. Keys embed the org and conversation, and every read goes through an org-scoped conversation.
 */
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import type { Conversation } from "../../db/schema";
import { AppError } from "../errors";
import { room } from "./conversations";

/** WhatsApp's own limits: 16 MB for audio/video, 100 MB documents; we keep uploads at 16 MB. */
export const MAX_UPLOAD_BYTES = 16 * 1024 * 1024;
const ALLOWED =
  /^(image\/(jpeg|png|webp)|video\/(mp4|3gpp)|audio\/(aac|mp4|mpeg|amr|ogg)|application\/pdf|application\/(vnd\.[\w.-]+|msword)|text\/plain)$/;

const uploadKey = (conv: Pick<Conversation, "orgId" | "id">, uploadId: string) => `uploads/${conv.orgId}/${conv.id}/${uploadId}`;

/** The body is the file's bytes, its Content-Type the file's type, and `?filename=` its name. */
export async function storeUpload(c: Context<AppEnv>, conv: Conversation) {
  const mimeType = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!ALLOWED.test(mimeType))
    throw new AppError(
      415,
      "unsupported_media",
      "WhatsApp cannot send this file type. Use an image, video, audio, PDF or office document.",
    );
  const bytes = await c.req.arrayBuffer();
  if (!bytes.byteLength) throw new AppError(400, "empty_upload", "The file is empty.");
  if (bytes.byteLength > MAX_UPLOAD_BYTES) throw new AppError(413, "payload_too_large", "Files are limited to 16 MB.");
  const uploadId = crypto.randomUUID();
  const filename = (c.req.query("filename") ?? "").slice(0, 240) || undefined;
  await c.env.MEDIA.put(uploadKey(conv, uploadId), bytes, {
    httpMetadata: { contentType: mimeType },
    customMetadata: { ...(filename && { filename }) },
  });
  return { uploadId, mimeType, size: bytes.byteLength, ...(filename && { filename }) };
}

export async function findUpload(c: Context<AppEnv>, conv: Conversation, uploadId: string) {
  const head = await c.env.MEDIA.head(uploadKey(conv, uploadId));
  if (!head)
    throw new AppError(404, "upload_not_found", "That upload is not in this conversation (or has expired). Attach the file again.");
  return { mimeType: head.httpMetadata?.contentType ?? "application/octet-stream", filename: head.customMetadata?.filename };
}

export async function readUpload(env: Env, conv: Pick<Conversation, "orgId" | "id">, uploadId: string) {
  return env.MEDIA.get(uploadKey(conv, uploadId));
}

/** A message's media, streamed from R2 with its type; inline for images, a download for the rest. */
export async function streamMessageMedia(c: Context<AppEnv>, conv: Conversation, messageId: string): Promise<Response> {
  const message = await room(c.env, conv).message(messageId);
  const content = message?.content;
  const key =
    message?.media?.state === "stored"
      ? message.media.r2Key
      : content && "mediaId" in content && content.mediaId.startsWith("upload:")
        ? uploadKey(conv, content.mediaId.slice(7))
        : undefined;
  const object = key ? await c.env.MEDIA.get(key) : null;
  if (!object || !content || !("mediaId" in content))
    throw new AppError(404, "media_not_found", "This message's media is not available (yet).");
  const type = object.httpMetadata?.contentType ?? "application/octet-stream";
  const inline = /^(image|audio|video)\//.test(type);
  const name = content.filename ?? `${content.type}-${messageId}`;
  return new Response(object.body, {
    headers: {
      "content-type": type,
      "content-length": String(object.size),
      "cache-control": "private, max-age=3600",
      "content-disposition": `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(name)}`,
      // Never let an uploaded file run as a page of ours.
      "content-security-policy": "default-src 'none'; sandbox",
      "x-content-type-options": "nosniff",
    },
  });
}
