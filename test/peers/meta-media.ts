import { createHash, randomInt } from "node:crypto";

/** Always registered, so tests and the simulator (`--image` with no path) have something to download. */
export const DEFAULT_MEDIA_ID = "1037543291543636";
export const DEFAULT_MEDIA_MIME_TYPE = "image/png";
/** A valid 1×1 PNG. */
export const DEFAULT_MEDIA_BYTES: Uint8Array = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

export interface MediaBlob {
  id: string;
  bytes: Uint8Array;
  mimeType: string;
  sha256: string;
}

export interface MediaInput {
  id?: string;
  bytes: Uint8Array;
  mimeType: string;
}

/** Meta reports a media hash as base64 of the SHA-256 digest, not hex; compare in that form. */
export function mediaSha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("base64");
}

/** Media ids are 16-digit numbers sent as strings: they can exceed Number.MAX_SAFE_INTEGER. */
export function newMediaId(): string {
  return String(randomInt(1e8, 1e9)) + String(randomInt(0, 1e7)).padStart(7, "0");
}

export class MediaStore {
  #blobs = new Map<string, MediaBlob>();

  constructor() {
    this.reset();
  }

  register(input: MediaInput): { id: string; sha256: string } {
    const id = input.id ?? newMediaId();
    const sha256 = mediaSha256(input.bytes);
    this.#blobs.set(id, { id, bytes: input.bytes, mimeType: input.mimeType, sha256 });
    return { id, sha256 };
  }

  get(id: string): MediaBlob | undefined {
    return this.#blobs.get(id);
  }

  delete(id: string): boolean {
    return this.#blobs.delete(id);
  }

  /** Forget everything but the default blob. */
  reset(): void {
    this.#blobs.clear();
    this.register({ id: DEFAULT_MEDIA_ID, bytes: DEFAULT_MEDIA_BYTES, mimeType: DEFAULT_MEDIA_MIME_TYPE });
  }
}

/**
 * The body of Meta's media-URL lookup. The URL is only valid with the same bearer token (Meta's real
 * one expires after 5 minutes, so callers must fetch it right before downloading).
 */
export function mediaMetadata(blob: MediaBlob, downloadBase: string): Record<string, unknown> {
  return {
    messaging_product: "whatsapp",
    url: `${downloadBase}/media-download/${encodeURIComponent(blob.id)}`,
    mime_type: blob.mimeType,
    sha256: blob.sha256,
    file_size: blob.bytes.byteLength,
    id: blob.id,
  };
}
