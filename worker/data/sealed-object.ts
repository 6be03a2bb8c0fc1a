/**
 * An R2 object sealed in frames: the plaintext cut into FRAME_BYTES pieces, each AES-GCM sealed on its
 * own (12-byte IV, 16-byte tag, additional data `<key>:<frame index>` so frames cannot be reordered or
 * moved between objects). Every sealed frame but the last has the same size, which is what R2's
 * multipart upload requires of parts, so a frame is a part; and a reader can fetch any frame by range.
 */
import { concat } from "./zip-writer";

/** R2's smallest multipart part; a step holds at most about two of these in memory. */
export const FRAME_BYTES = 5 * 1024 * 1024;
const OVERHEAD = 12 + 16;
const SEALED_FRAME = FRAME_BYTES + OVERHEAD;
const encoder = new TextEncoder();

export interface UploadState {
  uploadId: string;
  parts: R2UploadedPart[];
  /** Plaintext written so far, whole frames and carry together. */
  written: number;
}

async function sealFrame(key: CryptoKey, plain: Uint8Array<ArrayBuffer>, ad: string): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: encoder.encode(ad) }, key, plain));
  return concat([iv, ct]);
}

async function openFrame(key: CryptoKey, sealed: Uint8Array<ArrayBuffer>, ad: string): Promise<Uint8Array> {
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: sealed.subarray(0, 12), additionalData: encoder.encode(ad) },
    key,
    sealed.subarray(12),
  );
  return new Uint8Array(plain);
}

/**
 * Writes one sealed object over many queue steps. Bytes that do not fill a frame by the end of a step
 * wait in a sealed carry object beside it until the next step.
 */
export class SealedUploader {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  private constructor(
    private readonly bucket: R2Bucket,
    private readonly key: string,
    private readonly dataKey: CryptoKey,
    private readonly upload: R2MultipartUpload,
    readonly state: UploadState,
  ) {}

  static async start(bucket: R2Bucket, key: string, dataKey: CryptoKey): Promise<SealedUploader> {
    const upload = await bucket.createMultipartUpload(key);
    return new SealedUploader(bucket, key, dataKey, upload, { uploadId: upload.uploadId, parts: [], written: 0 });
  }

  /** Continues at `step`, with the bytes the step before left in its carry. */
  static async resume(bucket: R2Bucket, key: string, dataKey: CryptoKey, state: UploadState, step: number): Promise<SealedUploader> {
    const self = new SealedUploader(bucket, key, dataKey, bucket.resumeMultipartUpload(key, state.uploadId), {
      ...state,
      parts: [...state.parts],
    });
    const carry = await bucket.get(self.carryKey(step));
    if (carry) {
      const plain = await openFrame(dataKey, new Uint8Array(await carry.arrayBuffer()), self.carryKey(step));
      self.pending.push(plain);
      self.pendingBytes = plain.length;
    }
    return self;
  }

  /**
   * One carry per step: a step that dies after writing its carry but before its state was saved is
   * run again from the state before it, and must find that state's carry untouched.
   */
  carryKey(step: number): string {
    return `${this.key}.carry.${step}`;
  }

  /** Takes bytes now; uploads them once `flush()` is awaited. */
  write(bytes: Uint8Array): void {
    if (!bytes.length) return;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    this.state.written += bytes.length;
  }

  /** Uploads every whole frame buffered. */
  async flush(): Promise<void> {
    while (this.pendingBytes >= FRAME_BYTES) await this.uploadFrame(this.take(FRAME_BYTES));
  }

  /** End of a step: whole frames uploaded, the rest sealed into the carry the next step reads. */
  async pause(nextStep: number): Promise<UploadState> {
    await this.flush();
    const rest = this.take(this.pendingBytes);
    if (rest.length) await this.bucket.put(this.carryKey(nextStep), await sealFrame(this.dataKey, rest, this.carryKey(nextStep)));
    return this.state;
  }

  async complete(): Promise<void> {
    await this.flush();
    const rest = this.take(this.pendingBytes);
    if (rest.length || !this.state.parts.length) await this.uploadFrame(rest);
    await this.upload.complete(this.state.parts);
  }

  private async uploadFrame(plain: Uint8Array<ArrayBuffer>): Promise<void> {
    const index = this.state.parts.length;
    const sealed = await sealFrame(this.dataKey, plain, `${this.key}:${index}`);
    this.state.parts.push(await this.upload.uploadPart(index + 1, sealed));
  }

  private take(n: number): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(n);
    let at = 0;
    while (at < n) {
      const head = this.pending[0]!;
      const used = Math.min(head.length, n - at);
      out.set(head.subarray(0, used), at);
      at += used;
      if (used === head.length) this.pending.shift();
      else this.pending[0] = head.subarray(used);
    }
    this.pendingBytes -= n;
    return out;
  }
}

/**
 * A small object (an import's chunk of rows) sealed in one put, in the same frames an upload writes,
 * so SealedReader reads either. Null from `getSealed` when there is no such object.
 */
export async function putSealed(bucket: R2Bucket, key: string, dataKey: CryptoKey, plain: Uint8Array<ArrayBuffer>): Promise<void> {
  const frames: Uint8Array[] = [];
  for (let at = 0, i = 0; at < plain.length || i === 0; at += FRAME_BYTES, i++) {
    frames.push(await sealFrame(dataKey, plain.subarray(at, at + FRAME_BYTES), `${key}:${i}`));
  }
  await bucket.put(key, concat(frames));
}

export async function getSealed(bucket: R2Bucket, key: string, dataKey: CryptoKey): Promise<Uint8Array | null> {
  const object = await bucket.get(key);
  if (!object) return null;
  const sealed = new Uint8Array(await object.arrayBuffer());
  const frames: Uint8Array[] = [];
  for (let at = 0, i = 0; at < sealed.length; at += SEALED_FRAME, i++) {
    frames.push(await openFrame(dataKey, sealed.subarray(at, at + SEALED_FRAME), `${key}:${i}`));
  }
  return concat(frames);
}

/** Plaintext size of a sealed object of `sealedSize` bytes. */
export function plainSize(sealedSize: number): number {
  const whole = Math.floor(sealedSize / SEALED_FRAME);
  const rest = sealedSize % SEALED_FRAME;
  return whole * FRAME_BYTES + (rest ? rest - OVERHEAD : 0);
}

/** Reads a sealed object back: one frame in memory at a time. */
export class SealedReader {
  private constructor(
    private readonly bucket: R2Bucket,
    private readonly key: string,
    private readonly dataKey: CryptoKey,
    readonly sealedSize: number,
  ) {}

  static async open(bucket: R2Bucket, key: string, dataKey: CryptoKey): Promise<SealedReader | null> {
    const head = await bucket.head(key);
    return head ? new SealedReader(bucket, key, dataKey, head.size) : null;
  }

  get size(): number {
    return plainSize(this.sealedSize);
  }

  get frames(): number {
    return Math.ceil(this.sealedSize / SEALED_FRAME);
  }

  async frame(index: number): Promise<Uint8Array> {
    const offset = index * SEALED_FRAME;
    const length = Math.min(SEALED_FRAME, this.sealedSize - offset);
    const obj = await this.bucket.get(this.key, { range: { offset, length } });
    if (!obj) throw new Error("sealed object vanished while being read");
    return openFrame(this.dataKey, new Uint8Array(await obj.arrayBuffer()), `${this.key}:${index}`);
  }

  /** Plaintext bytes [offset, offset + length). */
  async read(offset: number, length: number): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    const end = Math.min(offset + length, this.size);
    for (let i = Math.floor(offset / FRAME_BYTES); i * FRAME_BYTES < end; i++) {
      const frame = await this.frame(i);
      const from = Math.max(offset - i * FRAME_BYTES, 0);
      const to = Math.min(end - i * FRAME_BYTES, frame.length);
      parts.push(frame.subarray(from, to));
    }
    return concat(parts);
  }

  /** The whole plaintext as a stream, frame by frame, as the reader pulls. */
  stream(): ReadableStream<Uint8Array> {
    let next = 0;
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        if (next >= this.frames) return controller.close();
        controller.enqueue(await this.frame(next++));
      },
    });
  }
}
