import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
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
