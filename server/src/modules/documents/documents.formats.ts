import type { DOCUMENT_FORMATS } from "../../db/schema/documents";

export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];
/** The formats an upload or an application may be: a resume's. */
export type ResumeFormat = Exclude<DocumentFormat, "other">;

/** Largest document (upload, application, mail attachment): 10 MB. */
export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
/** How much of the start and of the end of a file the sniffer reads (a ZIP lists its files at the end). */
export const SNIFF_BYTES = 64 * 1024;

export const DOCUMENT_MIME: Record<DocumentFormat, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  doc: "application/msword",
  odt: "application/vnd.oasis.opendocument.text",
  rtf: "application/rtf",
  txt: "text/plain",
  other: "application/octet-stream",
};

export const ACCEPTED_FORMATS_TEXT = "a PDF, Word (.docx, .doc), OpenDocument (.odt), RTF or plain text file";

/**
 * Tells a resume's format from its bytes (never from the name or the browser's type): `head` is the file's first
 * SNIFF_BYTES, `tail` its last (for ZIP-based formats, whose directory of files is at the end). Null: not one we take.
 */
export function sniffFormat(head: Buffer, tail: Buffer = head): ResumeFormat | null {
  const b = head;
  if (b.length < 4) return null;
  if (b.subarray(0, 5).toString("latin1") === "%PDF-") return "pdf";
  if (b.subarray(0, 5).toString("latin1") === "{\\rtf") return "rtf";
  // OLE2 compound file: Word 97-2003 (other Office files share the container; served only as a download anyway).
  if (b.readUInt32BE(0) === 0xd0cf11e0) return "doc";
  if (b.readUInt32LE(0) === 0x04034b50) {
    // ODF: the first entry is an uncompressed "mimetype" file naming the type.
    if (b.toString("latin1", 30, 30 + 47) === "mimetypeapplication/vnd.oasis.opendocument.text") return "odt";
    const names = `${b.toString("latin1")}\n${tail.toString("latin1")}`;
    if (names.includes("[Content_Types].xml") && names.includes("word/document.xml")) return "docx";
    return null;
  }
  // Plain text: UTF-8 without control characters other than tabs and line breaks.
  if (b.includes(0)) return null;
  const s = new TextDecoder("utf-8", { fatal: false }).decode(b);
  // A multi-byte character cut at the end of the sample is not an error; one inside it is.
  if (s.slice(0, -1).includes("\uFFFD")) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: checking for them is the point
  return /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s) ? null : "txt";
}

/** Head and tail of a whole file in memory (a mail attachment, a test). */
export function sniffBuffer(bytes: Buffer): ResumeFormat | null {
  return sniffFormat(bytes.subarray(0, SNIFF_BYTES), bytes.subarray(Math.max(0, bytes.length - SNIFF_BYTES)));
}

/** A file name fit to show and to offer on download: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string | null | undefined, format: DocumentFormat): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const base = (name ?? "").replace(/^.*[\\/]/, "").replace(/[\u0000-\u001F\u007F]/g, "").trim().slice(0, 200);
  return base || (format === "other" ? "attachment" : `document.${format}`);
}
