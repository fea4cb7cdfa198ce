import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import type { Deps } from "../../lib/deps";
import { SNIFF_BYTES } from "./documents.formats";

/**
 * The bytes of documents, content-addressed under the data directory: documents/<sha[0:2]>/<sha256>. The name a
 * file was uploaded with is never used on disk; the same bytes are kept once however often they come.
 */
export function documentFile(deps: Pick<Deps, "config">, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error("not a SHA-256");
  return path.join(deps.config.dataDir, "documents", sha256.slice(0, 2), sha256);
}

function tempDir(deps: Pick<Deps, "config">) {
  return path.join(deps.config.dataDir, "documents", "tmp");
}

async function fsyncDir(dir: string) {
  const fh = await fs.promises.open(dir, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Moves a finished temporary file to its content address (or drops it: the same bytes are there already). */
async function settle(deps: Pick<Deps, "config">, temp: string, sha256: string) {
  const target = documentFile(deps, sha256);
  const dir = path.dirname(target);
  await fs.promises.mkdir(dir, { recursive: true });
  if (fs.existsSync(target)) {
    await fs.promises.rm(temp, { force: true });
    return;
  }
  await fs.promises.rename(temp, target);
  // The rename itself is durable only once the directory is.
  await fsyncDir(dir);
}

/** A stored blob: its address and size. */
export interface StoredBlob {
  sha256: string;
  size: number;
}

/** Writes bytes already in memory (a mail attachment): temporary file, fsync, rename to the content address. */
export async function putBuffer(deps: Pick<Deps, "config">, bytes: Buffer): Promise<StoredBlob> {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (fs.existsSync(documentFile(deps, sha256))) return { sha256, size: bytes.length };
  await fs.promises.mkdir(tempDir(deps), { recursive: true });
  const temp = path.join(tempDir(deps), `${randomBytes(12).toString("hex")}.part`);
  const fh = await fs.promises.open(temp, "wx", 0o640);
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await settle(deps, temp, sha256);
  return { sha256, size: bytes.length };
}

/**
 * A file arriving as a stream (a multipart upload): written to a temporary file while it is hashed, never more
 * than `maxBytes` (past that it is only drained and marked too large). Its first and last SNIFF_BYTES are kept for
 * telling its type. Then either commit() (to its content address) or discard().
 */
export class IncomingFile {
  sha256 = "";
  size = 0;
  tooLarge = false;
  head = Buffer.alloc(0);
  tail = Buffer.alloc(0);
  private temp: string | null = null;
  private settled = false;

  private constructor(
    private readonly deps: Pick<Deps, "config">,
    readonly fileName: string,
  ) {}

  static async receive(deps: Pick<Deps, "config">, fileName: string, stream: Readable, maxBytes: number): Promise<IncomingFile> {
    const f = new IncomingFile(deps, fileName);
    await fs.promises.mkdir(tempDir(deps), { recursive: true });
    f.temp = path.join(tempDir(deps), `${randomBytes(12).toString("hex")}.part`);
    const fh = await fs.promises.open(f.temp, "wx", 0o640);
    const hash = createHash("sha256");
    const head: Buffer[] = [];
    let headLen = 0;
    let tail = Buffer.alloc(0);
    let failed = true;
    try {
      for await (const c of stream) {
        const chunk = c as Buffer;
        if (f.tooLarge) continue; // drain the rest without keeping it
        if (f.size + chunk.length > maxBytes) {
          f.tooLarge = true;
          continue;
        }
        f.size += chunk.length;
        hash.update(chunk);
        if (headLen < SNIFF_BYTES) {
          head.push(chunk.subarray(0, SNIFF_BYTES - headLen));
          headLen += Math.min(chunk.length, SNIFF_BYTES - headLen);
        }
        tail = Buffer.concat([tail, chunk]);
        if (tail.length > SNIFF_BYTES) tail = tail.subarray(tail.length - SNIFF_BYTES);
        await fh.write(chunk);
      }
      if (!f.tooLarge) await fh.sync();
      failed = false;
    } finally {
      await fh.close();
      // The upload broke off (the client went away, a malformed body): nothing of it stays.
      if (failed) await f.discard();
    }
    if (f.tooLarge) await f.discard();
    f.sha256 = hash.digest("hex");
    f.head = Buffer.concat(head);
    f.tail = Buffer.from(tail);
    return f;
  }

  /** Keeps the bytes under their content address; returns the blob. */
  async commit(): Promise<StoredBlob> {
    if (this.settled || !this.temp || this.tooLarge) throw new Error("this upload cannot be kept");
    this.settled = true;
    await settle(this.deps, this.temp, this.sha256);
    return { sha256: this.sha256, size: this.size };
  }

  /** Drops the temporary file (a refused upload). Safe to call more than once. */
  async discard(): Promise<void> {
    if (this.settled || !this.temp) return;
    this.settled = true;
    await fs.promises.rm(this.temp, { force: true });
  }
}
