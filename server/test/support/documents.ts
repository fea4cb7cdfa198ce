import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import zlib from "node:zlib";
import JSZip from "jszip";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { JobWorker } from "../../src/jobs/worker";
import type { Deps } from "../../src/lib/deps";
import { DOCUMENT_TEXT_JOB, documentTextHandler } from "../../src/modules/documents/documents.service";
import { IncomingFile } from "../../src/modules/documents/documents.store";

/** A real PDF (pdf-lib) with these lines of text on each of `pages` pages. */
export async function pdfBytes(lines: string[], pages = 1): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([595, 842]);
    lines.forEach((l, i) => page.drawText(l, { x: 50, y: 790 - i * 16, size: 11, font }));
  }
  return Buffer.from(await doc.save());
}

/** A real (minimal) DOCX: the three parts Word needs, with one paragraph per line. */
export async function docxBytes(lines: string[]): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
  );
  zip.file(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  zip.file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${lines
      .map((l) => `<w:p><w:r><w:t>${esc(l)}</w:t></w:r></w:p>`)
      .join("")}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

/** Gives the test's deps a fresh data directory for document files (the factory's points nowhere). */
export function withDataDir(deps: Deps): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prospector-docs-"));
  deps.config.dataDir = dir;
  return dir;
}

/** A file as an upload delivers it: streamed into a temporary file. */
export function incoming(deps: Deps, fileName: string, bytes: Buffer, maxBytes = 10 * 1024 * 1024): Promise<IncomingFile> {
  return IncomingFile.receive(deps, fileName, Readable.from([bytes]), maxBytes);
}

/** A job worker that reads documents' text (and nothing else). */
export function textWorker(deps: Deps) {
  return new JobWorker(deps, { [DOCUMENT_TEXT_JOB]: documentTextHandler(deps) });
}

/** Every file under the data directory's document store (not the temporary ones). */
export function storedFiles(dir: string): string[] {
  const root = path.join(dir, "documents");
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && !d.parentPath.endsWith("tmp"))
    .map((d) => path.join(d.parentPath, d.name));
}

/**
 * Raw DEFLATE data that inflates to about `total` bytes of `unit` repeated: a decompression bomb, built without
 * ever holding its inflated form (one 8 MB block compressed once, with a full flush so copies of it can follow
 * each other, then an empty final block).
 */
export function deflateBomb(unit: string, total: number): { data: Buffer; inflated: number } {
  const chunk = Buffer.from(unit.repeat(Math.ceil((8 * 1024 * 1024) / unit.length)));
  const block = zlib.deflateRawSync(chunk, { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  const n = Math.max(1, Math.ceil(total / chunk.length));
  return { data: Buffer.concat([...Array<Buffer>(n).fill(block), zlib.deflateRawSync(Buffer.alloc(0))]), inflated: n * chunk.length };
}

interface ZipEntry {
  name: string;
  /** The bytes as stored (DEFLATE data when method is 8). */
  data: Buffer;
  method: 0 | 8;
  /** The uncompressed size the archive declares (an attacker's may lie). */
  declaredSize: number;
}

/** A ZIP archive written by hand, so that an entry can declare any size (the CRC is left 0, as a forger would). */
export function zipBytes(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(e.method, 10);
    dir.writeUInt32LE(e.data.length, 20);
    dir.writeUInt32LE(e.declaredSize, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    central.push(dir, name);
    offset += local.length + name.length + e.data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

/**
 * A small DOCX whose word/document.xml inflates to about `inflated` bytes of paragraphs. `declared` is the size its
 * ZIP directory gives (the truth by default; a forger declares a small one).
 */
export function docxBomb(inflated: number, declared?: number): Buffer {
  const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`;
  const bomb = deflateBomb("<w:p><w:r><w:t>bomb</w:t></w:r></w:p>", inflated);
  const stored = (name: string, text: string): ZipEntry => ({ name, data: Buffer.from(text), method: 0, declaredSize: Buffer.byteLength(text) });
  // The document part: its head stored in one deflate block, then the bomb's blocks (the closing tags never come).
  const headBlock = zlib.deflateRawSync(Buffer.from(head), { finishFlush: zlib.constants.Z_FULL_FLUSH });
  const data = Buffer.concat([headBlock, bomb.data]);
  return zipBytes([
    stored("[Content_Types].xml", CONTENT_TYPES),
    stored("_rels/.rels", RELS),
    { name: "word/document.xml", data, method: 8, declaredSize: Math.min(0xfffffffe, declared ?? head.length + bomb.inflated) },
  ]);
}

/** A one-page PDF whose content stream (FlateDecode) inflates to about `inflated` bytes: valid up to the stream. */
export function pdfBomb(inflated: number): Buffer {
  const bomb = deflateBomb("q 1 0 0 1 0 0 cm Q\n", inflated);
  // zlib's two header bytes (pdf.js checks them), the DEFLATE data, a checksum nobody gets to.
  const stream = Buffer.concat([Buffer.from([0x78, 0xda]), bomb.data, Buffer.alloc(4)]);
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let at = 0;
  const push = (b: Buffer | string) => {
    const buf = typeof b === "string" ? Buffer.from(b, "latin1") : b;
    parts.push(buf);
    at += buf.length;
  };
  push("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
  const obj = (n: number, body: string) => {
    offsets[n] = at;
    push(`${n} 0 obj\n${body}\nendobj\n`);
  };
  obj(1, "<< /Type /Catalog /Pages 2 0 R >>");
  obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 4 0 R >>");
  offsets[4] = at;
  push(`4 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`);
  push(stream);
  push("\nendstream\nendobj\n");
  const xref = at;
  push(`xref\n0 5\n0000000000 65535 f \n${[1, 2, 3, 4].map((n) => `${String(offsets[n]).padStart(10, "0")} 00000 n \n`).join("")}`);
  push(`trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}

/** The most resident memory this process has had (Linux: VmHWM), in MB; null elsewhere. */
export function peakRssMb(): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** A candidate's reply (multipart) with these files attached, or shown inline (a Content-ID) when `inline` is set. */
export function replyWithAttachments(to: string, inReplyTo: string, parts: { name: string; type: string; bytes: Buffer; inline?: string }[]) {
  const boundary = "b0undary";
  const lines = [
    "From: jane@example.com",
    `To: ${to}`,
    "Subject: Re: Hello",
    `Message-ID: <${Math.random().toString(36).slice(2)}@client.example>`,
    `In-Reply-To: <${inReplyTo}>`,
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Here is my CV, and a photo of my cat.",
    "",
  ];
  for (const p of parts) {
    lines.push(
      `--${boundary}`,
      `Content-Type: ${p.type}; name="${p.name}"`,
      p.inline ? "Content-Disposition: inline" : `Content-Disposition: attachment; filename="${p.name}"`,
      ...(p.inline ? [`Content-ID: <${p.inline}>`] : []),
      "Content-Transfer-Encoding: base64",
      "",
      p.bytes.toString("base64").replace(/.{76}/g, "$&\r\n"),
      "",
    );
  }
  lines.push(`--${boundary}--`, "");
  return Buffer.from(lines.join("\r\n"));
}
