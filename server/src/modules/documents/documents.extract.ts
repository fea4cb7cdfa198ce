import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ResumeFormat } from "./documents.formats";

/** A document that takes longer than this is given up (a hostile or broken PDF must not hold the worker). */
export const EXTRACT_TIMEOUT_MS = 30_000;
/** An idle worker ends after this (the next document starts a new one: ~0.5 s of loading pdf.js). */
const IDLE_MS = 60_000;

const EXT = path.extname(fileURLToPath(import.meta.url));
const WORKER_URL = new URL(`./documents.extract.worker${EXT}`, import.meta.url);

/** As imports.service.ts does: from source (tsx, vitest) the worker registers tsx before importing its entry. */
function startWorker(): Worker {
  // Bounded: a PDF that makes pdf.js balloon ends this worker, not the server.
  const resourceLimits = { maxOldGenerationSizeMb: 512 };
  if (EXT !== ".ts") return new Worker(WORKER_URL, { resourceLimits });
  const tsx = import.meta.resolve("tsx/esm/api");
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
  return new Worker(boot, { eval: true, resourceLimits });
}

interface Pending {
  resolve: (text: string) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Extracts text off the main thread, one document at a time in one worker thread (kept warm for a minute):
 * pdf.js on a 20-page CV takes a few hundred milliseconds of CPU that must not stall requests.
 */
class Extractor {
  private worker: Worker | null = null;
  private idle: NodeJS.Timeout | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private queue: Promise<unknown> = Promise.resolve();

  extract(format: ResumeFormat, bytes: Uint8Array, timeoutMs = EXTRACT_TIMEOUT_MS): Promise<string> {
    const run = () => this.run(format, bytes, timeoutMs);
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private ensure(): Worker {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    if (this.worker) return this.worker;
    const w = startWorker();
    w.unref();
    w.on("message", (m: { id: number; text?: string; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.text ?? "");
    });
    const fail = (err: Error) => {
      if (this.worker === w) this.worker = null;
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(err);
        this.pending.delete(id);
      }
    };
    w.on("error", fail);
    w.on("exit", (code) => fail(new Error(`the extraction worker stopped (${code})`)));
    this.worker = w;
    return w;
  }

  private run(format: ResumeFormat, bytes: Uint8Array, timeoutMs: number): Promise<string> {
    const w = this.ensure();
    const id = this.nextId++;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`text extraction took longer than ${Math.round(timeoutMs / 1000)} s`));
        // The worker may be stuck in pdf.js: end it, the next document starts a fresh one.
        if (this.worker === w) this.worker = null;
        void w.terminate();
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      const copy = new Uint8Array(bytes); // transferred: the caller's buffer stays usable
      w.postMessage({ id, format, bytes: copy }, [copy.buffer]);
    }).finally(() => {
      if (this.pending.size === 0 && this.worker === w) {
        this.idle = setTimeout(() => this.stop(), IDLE_MS);
        this.idle.unref();
      }
    });
  }

  async stop(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}

const extractor = new Extractor();

/** The text of a PDF or DOCX document, extracted in the worker thread. */
export function extractText(format: ResumeFormat, bytes: Uint8Array, timeoutMs?: number): Promise<string> {
  return extractor.extract(format, bytes, timeoutMs);
}

/** Ends the worker (shutdown, tests, bench). */
export function stopExtractor(): Promise<void> {
  return extractor.stop();
}
