import zlib from "node:zlib";

/**
 * Reading a ZIP archive (a DOCX) without trusting it: the central directory is parsed here, and each part is
 * inflated by zlib with a hard cap on its output, so an archive that declares small parts and inflates to
 * gigabytes stops at the cap instead of filling memory (JSZip, inside mammoth, inflates whatever it is given).
 */

/** A part that is (or would be) larger than allowed: the document is refused, not read. */
export class ZipLimitError extends Error {}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  /** As the archive declares it: a forger may lie; the inflate cap does not rely on it. */
  declaredSize: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The entries of the archive's central directory (ZIP64 and multi-disk archives are refused). */
export function zipEntries(buf: Buffer): ZipEntry[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a ZIP archive");
  const count = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  const offset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw new Error("ZIP64 archives are not read");
  if (buf.readUInt16LE(eocd + 4) !== 0 || offset + size > eocd) throw new Error("the ZIP directory is damaged");
  const out: ZipEntry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== CENTRAL) throw new Error("the ZIP directory is damaged");
    const flags = buf.readUInt16LE(p + 8);
    const nameLength = buf.readUInt16LE(p + 28);
    const next = p + 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    if (next > eocd) throw new Error("the ZIP directory is damaged");
    out.push({
      name: buf.toString(flags & 0x800 ? "utf8" : "latin1", p + 46, p + 46 + nameLength),
      flags,
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      declaredSize: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
    });
    p = next;
  }
  return out;
}

/** An entry's bytes, inflated, never more than `maxBytes` (ZipLimitError past it). */
export function inflateEntry(buf: Buffer, e: ZipEntry, maxBytes: number): Buffer {
  if (e.flags & 0x1) throw new Error("the document is encrypted");
  if (e.declaredSize > maxBytes) throw new ZipLimitError(`a part of the document declares ${e.declaredSize} bytes, more than the ${maxBytes} left to read`);
  const p = e.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL) throw new Error("a ZIP entry is damaged");
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const end = start + e.compressedSize;
  if (end > buf.length) throw new Error("a ZIP entry is damaged");
  const data = buf.subarray(start, end);
  if (e.method === 0) {
    if (data.length > maxBytes) throw new ZipLimitError(`a part of the document is larger than the ${maxBytes} bytes left to read`);
    return data;
  }
  if (e.method !== 8) throw new Error(`ZIP compression method ${e.method} is not read`);
  try {
    return zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (err) {
    if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
      throw new ZipLimitError(`a part of the document inflates to more than the ${maxBytes} bytes left to read`);
    }
    throw new Error("a ZIP entry is damaged");
  }
}
