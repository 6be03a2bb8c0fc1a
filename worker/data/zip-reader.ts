/**
 * Reading a zip back from random-access storage (a sealed R2 object) an entry at a time: the central
 * directory first, then each entry's bytes in slices, inflated as they arrive (fflate) and split into
 * lines, its CRC-32 checked at the end. Memory is a slice and a line, whatever the archive's size.
 * Every way an upload can be wrong ends in an AppError that says which: not a zip, a method or Zip64
 * this reader does not take, an entry whose bytes do not match its CRC.
 */
import { Inflate } from "fflate";
import { AppError } from "../errors";

export interface RandomAccess {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

const SLICE = 1024 * 1024;
/** One entry's text, uncompressed: an export writes at most EXPORT_STEP_ROWS rows to a part. */
export const MAX_ENTRY_BYTES = 256 * 1024 * 1024;

const invalid = (why: string) => new AppError(422, "archive_invalid", `This file is not a readable zip: ${why}.`);
const corrupt = (name: string, why: string) =>
  new AppError(422, "archive_corrupt", `The archive is damaged: ${name} ${why}. Download the export again and retry.`);

export async function readCentralDirectory(file: RandomAccess): Promise<ZipEntry[]> {
  if (file.size < 22) throw invalid("it is too short");
  const tailLength = Math.min(file.size, 22 + 0xffff);
  const tail = await file.read(file.size - tailLength, tailLength);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw invalid("no end-of-directory record (not a zip, or cut short)");
  const count = view.getUint16(end + 10, true);
  const cdSize = view.getUint32(end + 12, true);
  const cdOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff) throw invalid("it is a Zip64 archive, which Parley does not write");
  if (cdOffset + cdSize > file.size) throw invalid("its directory points past the end of the file");
  const cd = await file.read(cdOffset, cdSize);
  const d = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  for (let at = 0, n = 0; n < count; n++) {
    if (at + 46 > cd.length || d.getUint32(at, true) !== 0x02014b50) throw invalid("its directory is damaged");
    const nameLength = d.getUint16(at + 28, true);
    const entry: ZipEntry = {
      name: decoder.decode(cd.subarray(at + 46, at + 46 + nameLength)),
      method: d.getUint16(at + 10, true),
      crc: d.getUint32(at + 16, true),
      compressedSize: d.getUint32(at + 20, true),
      size: d.getUint32(at + 24, true),
      offset: d.getUint32(at + 42, true),
    };
    if (entry.method !== 0 && entry.method !== 8) throw invalid(`${entry.name} uses compression method ${entry.method}`);
    if (entry.size > MAX_ENTRY_BYTES) throw invalid(`${entry.name} is over ${MAX_ENTRY_BYTES / 1024 / 1024} MB`);
    if (entry.offset + entry.compressedSize > file.size) throw invalid(`${entry.name} points past the end of the file`);
    entries.push(entry);
    at += 46 + nameLength + d.getUint16(at + 30, true) + d.getUint16(at + 32, true);
  }
  return entries;
}

/**
 * Calls `onLines` with the entry's complete lines, a slice's worth at a time (awaited: the caller may
 * write them somewhere before the next slice is read). Throws archive_corrupt on a CRC or size mismatch.
 */
export async function readEntryLines(file: RandomAccess, entry: ZipEntry, onLines: (lines: string[]) => Promise<void>): Promise<void> {
  const local = await file.read(entry.offset, 30);
  const lv = new DataView(local.buffer, local.byteOffset, local.byteLength);
  if (local.length < 30 || lv.getUint32(0, true) !== 0x04034b50) throw corrupt(entry.name, "has no local header where the directory says");
  const start = entry.offset + 30 + lv.getUint16(26, true) + lv.getUint16(28, true);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let crc = 0xffffffff;
  let size = 0;
  let carry = "";
  let out: Uint8Array[] = [];
  const inflate = entry.method === 8 ? new Inflate() : null;
  if (inflate) inflate.ondata = (chunk) => out.push(chunk.slice());
  for (let at = 0; at < entry.compressedSize || at === 0; at += SLICE) {
    const last = at + SLICE >= entry.compressedSize;
    const bytes = entry.compressedSize ? await file.read(start + at, Math.min(SLICE, entry.compressedSize - at)) : new Uint8Array(0);
    try {
      if (inflate) inflate.push(bytes, last);
      else out.push(bytes);
    } catch (e) {
      throw corrupt(entry.name, `does not inflate (${(e as Error).message})`);
    }
    let text = carry;
    for (const chunk of out) {
      crc = crc32(crc, chunk);
      size += chunk.length;
      if (size > MAX_ENTRY_BYTES) throw corrupt(entry.name, "inflates past its size");
      try {
        text += decoder.decode(chunk, { stream: true });
      } catch {
        throw corrupt(entry.name, "is not UTF-8 text");
      }
    }
    out = [];
    const lines = text.split("\n");
    carry = lines.pop()!;
    if (lines.length) await onLines(lines);
    if (last) break;
  }
  if (carry) await onLines([carry]);
  if ((crc ^ 0xffffffff) >>> 0 !== entry.crc || size !== entry.size) throw corrupt(entry.name, "does not match its checksum");
}

/** A whole small entry as text (the manifest). */
export async function readEntryText(file: RandomAccess, entry: ZipEntry): Promise<string> {
  const parts: string[] = [];
  await readEntryLines(file, entry, async (lines) => {
    parts.push(...lines);
  });
  return parts.join("\n");
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

function crc32(crc: number, bytes: Uint8Array): number {
  let c = crc;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return c;
}
