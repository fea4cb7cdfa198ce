import type { ResumeFormat } from "./documents.formats";

/** The most text kept of one document (a 20-page CV has about 60,000 characters). */
export const MAX_TEXT_CHARS = 300_000;

/** Formats whose text is read: PDF (unpdf, a packaged pdf.js), DOCX (mammoth) and plain text. */
export const EXTRACTED_FORMATS: readonly ResumeFormat[] = ["pdf", "docx", "txt"];

function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t\u00A0]+/g, " ")
    .replace(/\n[ \n]+/g, "\n")
    .trim()
    .slice(0, MAX_TEXT_CHARS);
}

/**
 * The text of a document, in this thread. CPU-bound (pdf.js parses the whole file): the server runs it in a
 * worker thread (documents.extract.ts); the bench measures it here and through that worker.
 */
export async function extractTextInProcess(format: ResumeFormat, bytes: Uint8Array): Promise<string> {
  if (format === "txt") return tidy(new TextDecoder("utf-8").decode(bytes));
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
    const r = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    return tidy(r.value);
  }
  throw new Error(`no text extraction for ${format}`);
}
