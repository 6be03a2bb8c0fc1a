/**
 * Photos, stickers, voice notes, audio, video and documents, streamed from the API (same origin, so the
 * CSP allows them). A photo opens full size in a lightbox; inbound media shows once the download job
 * has stored it.
 */
import { useState } from "preact/hooks";
import type { MediaRef, Message } from "../../../durable/protocol";
import { inboxApi } from "../api/inbox";
import { Dialog } from "../components/dialog";
import { DownloadIcon, FileIcon } from "../components/icons";
import { LinkifiedText } from "./linkified-text";

type MediaContent = MediaRef & { type: "image" | "video" | "audio" | "document" | "sticker" };

const sizeLabel = (bytes: number | undefined) =>
  bytes === undefined
    ? null
    : bytes < 1024
      ? `${bytes} B`
      : bytes < 1048576
        ? `${Math.round(bytes / 1024)} KB`
        : `${(bytes / 1048576).toFixed(1)} MB`;

function availability(m: Message, c: MediaContent): "ready" | "pending" | "failed" {
  if (m.seq === 0) return "pending";
  // An agent's upload is in R2 from the start; a customer's arrives when the download job stored it.
  if (c.mediaId.startsWith("upload:") || m.media?.state === "stored") return "ready";
  return m.media?.state === "failed" ? "failed" : "pending";
}

function Lightbox({ src, alt, onClose }: { src: string; alt: string; onClose: () => void }) {
  return (
    <Dialog title={alt} onClose={onClose} class="lightbox">
      <img class="lightbox-image" src={src} alt={alt} />
      <div class="dialog-actions">
        <a class="btn" href={src} download>
          <DownloadIcon />
          Download
        </a>
        <button type="button" class="btn btn-primary" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

export function MessageMedia({ m, c, conversationId }: { m: Message; c: MediaContent; conversationId: string }) {
  const [zoomed, setZoomed] = useState(false);
  const state = availability(m, c);
  const src = inboxApi.mediaUrl(conversationId, m.id);
  const name = c.filename ?? (c.type === "document" ? "Document" : c.caption) ?? "";
  let body: preact.JSX.Element;
  if (state !== "ready" && c.type !== "document") {
    body = (
      <div class={`media-placeholder media-${c.type}`}>
        {state === "failed" ? "This media could not be downloaded from WhatsApp." : m.seq === 0 ? "Sending…" : "Downloading…"}
      </div>
    );
  } else if (c.type === "image" || c.type === "sticker") {
    const alt = c.caption ?? (c.type === "sticker" ? "Sticker" : "Photo");
    body = (
      <>
        <button
          type="button"
          class={`media-thumb media-${c.type}`}
          onClick={() => setZoomed(true)}
          aria-label={`Open ${alt.toLowerCase() === "photo" ? "photo" : `photo: ${alt}`}`}
        >
          <img src={src} alt={alt} loading="lazy" decoding="async" />
        </button>
        {zoomed && <Lightbox src={src} alt={alt} onClose={() => setZoomed(false)} />}
      </>
    );
  } else if (c.type === "audio") {
    body = (
      <div class="media-audio">
        {c.voice && <span class="media-kind">Voice message</span>}
        <audio controls preload="none" src={src} />
      </div>
    );
  } else if (c.type === "video") {
    body = <video class="media-video" controls preload="metadata" src={src} />;
  } else {
    const size = sizeLabel(m.media?.size);
    body = (
      <a
        class={`media-doc ${state !== "ready" ? "is-pending" : ""}`}
        href={state === "ready" ? src : undefined}
        download={name || true}
        aria-disabled={state !== "ready"}
      >
        <span class="media-doc-icon">
          <FileIcon />
        </span>
        <span class="media-doc-text">
          <span class="media-doc-name">{name || "Document"}</span>
          <span class="media-doc-meta">
            {state === "ready"
              ? [c.mimeType?.split("/")[1]?.toUpperCase(), size].filter(Boolean).join(" · ") || "Download"
              : state === "failed"
                ? "Not available"
                : m.seq === 0
                  ? "Sending…"
                  : "Downloading…"}
          </span>
        </span>
        {state === "ready" && <DownloadIcon />}
      </a>
    );
  }
  return (
    <div class="media">
      {body}
      {c.caption && c.type !== "document" && (
        <p class="msg-text">
          <LinkifiedText text={c.caption} />
        </p>
      )}
    </div>
  );
}
