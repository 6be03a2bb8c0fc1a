/**
 * A zip written in pieces that may be days of queue steps apart. fflate compresses each file and
 * computes its CRC (ZipDeflate); this file only frames the entries, because fflate's Zip keeps every
 * entry's record in memory until `end()`, and a step cannot hand a live object to the next one. Here
 * the records are plain data that a step saves and the next one resumes from.
 *
 * Each entry: local header with the data-descriptor flag (sizes follow the data), deflated bytes,
 * data descriptor. The central directory goes last. No Zip64: the writer refuses past 4 GiB or 65,535
 * entries, far beyond an org's export today (1,000,000 messages zip to about 150 MB).
 */
import { ZipDeflate } from "fflate";

export interface ZipEntryRecord {
  name: string;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

const LIMIT = 0xffffffff;
const FLAGS = 0x0808; // bit 3: sizes in a data descriptor; bit 11: UTF-8 names
const encoder = new TextEncoder();

/** One file's content, deflated in memory as it is pushed (about a tenth of its text for NDJSON and CSV). */
export class DeflatedFile {
  readonly chunks: Uint8Array[] = [];
  compressedSize = 0;
  private readonly file: ZipDeflate;

  constructor(readonly name: string) {
    this.file = new ZipDeflate(name, { level: 6 });
    this.file.ondata = (err, chunk) => {
      if (err) throw err;
      // fflate may reuse the buffer behind a chunk: keep a copy.
      this.chunks.push(chunk.slice());
      this.compressedSize += chunk.length;
    };
  }

  push(text: string): void {
    if (text) this.file.push(encoder.encode(text));
  }

  finish(): { crc: number; size: number } {
    this.file.push(new Uint8Array(0), true);
    return { crc: this.file.crc >>> 0, size: this.file.size };
  }
}

/** Writes whole entries from `offset` on, handing every byte to `emit`. */
export class ZipPieceWriter {
  readonly entries: ZipEntryRecord[] = [];

  constructor(
    public offset: number,
    private readonly emit: (bytes: Uint8Array) => void,
    private readonly when = new Date(),
  ) {}

  add(file: DeflatedFile): void {
    const { crc, size } = file.finish();
    if (size > LIMIT || file.compressedSize > LIMIT) throw new Error("a zip entry is over 4 GiB");
    const nameBytes = encoder.encode(file.name);
    const start = this.offset;
    const header = new DataView(new ArrayBuffer(30));
    header.setUint32(0, 0x04034b50, true);
    header.setUint16(4, 20, true);
    header.setUint16(6, FLAGS, true);
    header.setUint16(8, 8, true);
    header.setUint16(10, dosTime(this.when), true);
    header.setUint16(12, dosDate(this.when), true);
    header.setUint16(26, nameBytes.length, true);
    this.write(new Uint8Array(header.buffer));
    this.write(nameBytes);
    for (const chunk of file.chunks) this.write(chunk);
    const descriptor = new DataView(new ArrayBuffer(16));
    descriptor.setUint32(0, 0x08074b50, true);
    descriptor.setUint32(4, crc, true);
    descriptor.setUint32(8, file.compressedSize, true);
    descriptor.setUint32(12, size, true);
    this.write(new Uint8Array(descriptor.buffer));
    this.entries.push({ name: file.name, crc, compressedSize: file.compressedSize, size, offset: start });
  }

  private write(bytes: Uint8Array): void {
    this.offset += bytes.length;
    if (this.offset > LIMIT) throw new Error("the zip is over 4 GiB");
    this.emit(bytes);
  }
}

/** The central directory and end record for every entry written, placed at `offset`. */
export function zipTrailer(entries: ZipEntryRecord[], offset: number, when = new Date()): Uint8Array<ArrayBuffer> {
  if (entries.length > 0xffff) throw new Error("the zip has more than 65,535 entries");
  const parts: Uint8Array[] = [];
  let size = 0;
  for (const e of entries) {
    const name = encoder.encode(e.name);
    const h = new DataView(new ArrayBuffer(46));
    h.setUint32(0, 0x02014b50, true);
    h.setUint16(4, 20, true);
    h.setUint16(6, 20, true);
    h.setUint16(8, FLAGS, true);
    h.setUint16(10, 8, true);
    h.setUint16(12, dosTime(when), true);
    h.setUint16(14, dosDate(when), true);
    h.setUint32(16, e.crc, true);
    h.setUint32(20, e.compressedSize, true);
    h.setUint32(24, e.size, true);
    h.setUint16(28, name.length, true);
    h.setUint32(42, e.offset, true);
    parts.push(new Uint8Array(h.buffer), name);
    size += 46 + name.length;
  }
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, size, true);
  end.setUint32(16, offset, true);
  parts.push(new Uint8Array(end.buffer));
  return concat(parts);
}

export function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const dosTime = (d: Date) => (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1);
const dosDate = (d: Date) => ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
