import type { ResumeFormat } from "./documents.formats";
import { inflateEntry, ZipLimitError, zipEntries } from "./documents.zip";

/** The most text kept of one document (a 20-page CV has about 60,000 characters). */
export const MAX_TEXT_CHARS = 300_000;
/** The most of a plain-text file that is read: enough bytes for MAX_TEXT_CHARS characters of any UTF-8. */
export const MAX_TEXT_BYTES = MAX_TEXT_CHARS * 4;
/**
 * The most a DOCX's parts may inflate to, all together, before mammoth sees them: a CV's XML is well under 1 MB, a
 * 500-page report's about 5 MB. Past it the document is refused (a decompression bomb, or not a CV).
 */
export const DOCX_MAX_INFLATED_BYTES = 20 * 1024 * 1024;

/** Formats whose text is read: PDF (unpdf, a packaged pdf.js), DOCX (mammoth) and plain text. */
export const EXTRACTED_FORMATS: readonly ResumeFormat[] = ["pdf", "docx", "txt"];

/** The text tidied and cut to MAX_TEXT_CHARS; the input is cut first, so a huge one costs no more than a big one. */
function tidy(text: string): string {
  return text
    .slice(0, MAX_TEXT_CHARS * 4)
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t\u00A0]+/g, " ")
    .replace(/\n[ \n]+/g, "\n")
    .trim()
    .slice(0, MAX_TEXT_CHARS);
}

/** Parts of a DOCX that hold no text (pictures, embedded files, fonts): never inflated. */
const BINARY_PART = /(^|\/)(media|embeddings|fonts)\/|^docProps\/thumbnail\./i;

/**
 * The DOCX rebuilt from its text-bearing parts, each inflated here with a cap on the total (DOCX_MAX_INFLATED_BYTES),
 * stored uncompressed: mammoth (JSZip) then reads only what was already bounded. Sizes the archive declares are
 * checked first, so an honest oversized document is refused before anything is inflated.
 */
export async function boundedDocx(bytes: Buffer, maxBytes = DOCX_MAX_INFLATED_BYTES): Promise<Buffer> {
  const parts = zipEntries(bytes).filter((e) => !e.name.endsWith("/") && !BINARY_PART.test(e.name));
  const declared = parts.reduce((n, e) => n + e.declaredSize, 0);
  if (declared > maxBytes) throw new ZipLimitError(`the document's parts declare ${declared} bytes, more than ${maxBytes}`);
  const JSZip = (await import("jszip")).default;
  const zip = new JSZip();
  let left = maxBytes;
  for (const e of parts) {
    const data = inflateEntry(bytes, e, left);
    left -= data.length;
    zip.file(e.name, data, { binary: true });
  }
  return zip.generateAsync({ type: "nodebuffer", compression: "STORE" });
}

/**
 * The text of a document, in this thread. CPU-bound and, for a hostile file, memory-bound (pdf.js keeps every
 * inflated stream): the server runs it only in the extraction child process (documents.extract.ts), under limits.
 */
export async function extractTextInProcess(format: ResumeFormat, bytes: Uint8Array): Promise<string> {
  if (format === "txt") {
    // Only the head: the rest could not be kept anyway. `stream` drops a character cut at the end.
    return tidy(new TextDecoder("utf-8").decode(bytes.subarray(0, MAX_TEXT_BYTES), { stream: true }));
  }
  if (format === "pdf") {
    const { extractText, getDocumentProxy } = await import("unpdf");
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    try {
      const { text } = await extractText(pdf, { mergePages: true });
      return tidy(Array.isArray(text) ? text.join("\n") : text);
    } finally {
      await pdf.destroy();
    }
  }
  if (format === "docx") {
    const mammoth = (await import("mammoth")).default;
    const docx = await boundedDocx(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const r = await mammoth.extractRawText({ buffer: docx });
    return tidy(r.value);
  }
  throw new Error(`no text extraction for ${format}`);
}
