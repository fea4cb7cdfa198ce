// The text-extraction worker thread: one document at a time, posted by documents.extract.ts.
import { parentPort } from "node:worker_threads";
import type { ResumeFormat } from "./documents.formats";
import { extractTextInProcess } from "./documents.text";

parentPort?.on("message", async (m: { id: number; format: ResumeFormat; bytes: Uint8Array }) => {
  try {
    const text = await extractTextInProcess(m.format, m.bytes);
    parentPort?.postMessage({ id: m.id, text });
  } catch (err) {
    parentPort?.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) });
  }
});
