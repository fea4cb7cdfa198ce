// The text-extraction child process (started by documents.extract.ts under an address-space limit): one document at
// a time, by IPC. It holds nothing of the server (no database, no secrets in its environment); a document that
// makes it run out of memory ends this process only.
import fs from "node:fs";
import type { ResumeFormat } from "./documents.formats";
import { extractTextInProcess, MAX_TEXT_BYTES } from "./documents.text";
import { ZipLimitError } from "./documents.zip";

interface Job {
  id: number;
  format: ResumeFormat;
  /** The stored file to read (the server's job), or the bytes themselves (the bench). */
  file?: string;
  bytes?: Uint8Array;
}

async function readHead(file: string, max: number): Promise<Buffer> {
  const fh = await fs.promises.open(file, "r");
  try {
    const buf = Buffer.alloc(max);
    const { bytesRead } = await fh.read(buf, 0, max, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function run(m: Job): Promise<string> {
  let bytes: Uint8Array;
  if (m.file !== undefined) bytes = m.format === "txt" ? await readHead(m.file, MAX_TEXT_BYTES) : await fs.promises.readFile(m.file);
  else if (m.bytes !== undefined) bytes = m.bytes;
  else throw new Error("nothing to read");
  return extractTextInProcess(m.format, bytes);
}

process.on("message", (m: Job) => {
  run(m).then(
    (text) => process.send?.({ id: m.id, text }),
    (err: unknown) => process.send?.({ id: m.id, error: err instanceof Error ? err.message : String(err), limit: err instanceof ZipLimitError }),
  );
});
// The server went away (or stopped us): nothing left to do.
process.on("disconnect", () => process.exit(0));
process.send?.({ ready: true });
