import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ResumeFormat } from "./documents.formats";

/**
 * Hard limits of the extraction process. A worker thread's heap cap does not bound pdf.js's and JSZip's
 * ArrayBuffers (measured: a 1.5 MB DOCX took 3.3 GB, a 1.2 MB PDF 2.6 GB and 29 s, in the server's own process),
 * so extraction runs in a child process: its address space is capped by the kernel (prlimit --as, or ulimit -v),
 * its resident memory is watched (killed past rssMb), and a document that takes longer than timeoutMs is given up.
 */
export interface ExtractLimits {
  timeoutMs: number;
  /** Virtual memory of the child (node itself reserves about 1 GB of it: measured 1.03 GB with pdf.js and mammoth loaded). */
  addressSpaceMb: number;
  /** Resident memory of the child, checked every RSS_POLL_MS while it reads a document. */
  rssMb: number;
  /** The child's JS heap (--max-old-space-size). */
  heapMb: number;
}

export const EXTRACT_LIMITS: ExtractLimits = { timeoutMs: 20_000, addressSpaceMb: 1536, rssMb: 512, heapMb: 384 };
/** An idle extractor ends after this (the next document starts a new one: ~0.5 s of starting node and loading pdf.js). */
const IDLE_MS = 60_000;
const RSS_POLL_MS = 25;

/** The document needed more memory or time than allowed, or broke the extractor: reading it again would do the same. */
export class ExtractionLimitError extends Error {}

const EXT = path.extname(fileURLToPath(import.meta.url));
const CHILD = fileURLToPath(new URL(`./documents.extract.child${EXT}`, import.meta.url));

let devChild: string | null = null;
/**
 * The child's entry as plain JavaScript. The bundle has it beside main.js. From source (tsx, vitest) it is bundled
 * once per process with esbuild (a dev dependency) under node_modules/.cache: tsx itself cannot run under the
 * address-space cap (its loader reserves 32 GB of virtual memory for WebAssembly).
 */
async function childEntry(): Promise<string> {
  if (EXT !== ".ts") return CHILD;
  if (devChild) return devChild;
  const root = path.resolve(path.dirname(CHILD), "../../..");
  const out = path.join(root, "node_modules", ".cache", "prospector", "documents.extract.child.mjs");
  const temp = `${out}.${process.pid}.tmp`;
  const { build } = await import("esbuild");
  await build({ entryPoints: [CHILD], outfile: temp, bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", logLevel: "silent" });
  // Test files run in parallel processes: each writes its own and renames it over the shared name (atomic).
  fs.renameSync(temp, out);
  devChild = out;
  return out;
}
const PAGE_SIZE = 4096;

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? "/usr/bin:/bin").split(path.delimiter)) {
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {}
  }
  return null;
}

let prlimitPath: string | null | undefined;

/** How the child is started: under prlimit (util-linux) if present, else a shell's ulimit -v, else bare (RSS watch only). */
function command(limits: ExtractLimits, entry: string): { cmd: string; args: string[]; capped: "prlimit" | "ulimit" | "none" } {
  const node = [`--max-old-space-size=${limits.heapMb}`, entry];
  const bytes = limits.addressSpaceMb * 1024 * 1024;
  if (prlimitPath === undefined) prlimitPath = process.platform === "linux" ? onPath("prlimit") : null;
  if (prlimitPath) return { cmd: prlimitPath, args: [`--as=${bytes}`, "--", process.execPath, ...node], capped: "prlimit" };
  if (process.platform !== "win32" && fs.existsSync("/bin/sh")) {
    return { cmd: "/bin/sh", args: ["-c", `ulimit -v ${bytes / 1024} 2>/dev/null; exec "$0" "$@"`, process.execPath, ...node], capped: "ulimit" };
  }
  return { cmd: process.execPath, args: node, capped: "none" };
}

/** The resident memory of a process in MB (Linux /proc), or null where it cannot be read. */
function rssMbOf(pid: number): number | null {
  try {
    const statm = fs.readFileSync(`/proc/${pid}/statm`, "latin1").split(" ");
    return (Number(statm[1]) * PAGE_SIZE) / 1024 / 1024;
  } catch {
    return null;
  }
}

type Source = { file: string } | { bytes: Uint8Array };

const stats = { started: 0, runs: 0, killed: 0 };

/** A running child: ready once it said so; `gone` settles when it exits. */
interface Child {
  proc: ChildProcess;
  ready: Promise<void>;
  gone: Promise<void>;
  stderr: string;
  exited: boolean;
  /** Fails the document being read (the child died under it). */
  current: ((err: Error) => void) | null;
}

/**
 * Extracts text in one child process, one document at a time, kept warm for a minute between documents (a
 * 20-page CV then costs only pdf.js's own few hundred milliseconds, off the server's thread). A document that
 * hits a limit, or kills the child, is refused with ExtractionLimitError; the next one starts a fresh child.
 */
class Extractor {
  private child: Child | null = null;
  private idle: NodeJS.Timeout | null = null;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  limits: ExtractLimits = { ...EXTRACT_LIMITS };

  extract(format: ResumeFormat, source: Source): Promise<string> {
    const run = () => this.run(format, source);
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private start(entry: string): Child {
    const { cmd, args } = command(this.limits, entry);
    // Nothing of the server's environment (secrets, SMTP URL) goes to a process that parses hostile files.
    const proc = spawn(cmd, args, {
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "advanced",
      // Two malloc arenas instead of 8 per core: each reserves 64 MB of address space that the cap would count.
      env: { PATH: process.env.PATH ?? "", NODE_ENV: process.env.NODE_ENV ?? "production", MALLOC_ARENA_MAX: "2" },
    });
    stats.started++;
    const c: Child = { proc, ready: Promise.resolve(), gone: Promise.resolve(), stderr: "", exited: false, current: null };
    proc.stderr?.setEncoding("utf8");
    proc.stderr?.on("data", (s: string) => {
      c.stderr = (c.stderr + s).slice(-2000);
    });
    c.gone = new Promise((resolve) => {
      const ended = () => {
        if (c.exited) return;
        c.exited = true;
        if (this.child === c) this.child = null;
        const oom = /out of memory|allocation failed|heap limit/i.test(c.stderr);
        const last = c.stderr.trim().split("\n").pop() ?? "";
        c.current?.(new ExtractionLimitError(`the text extractor stopped while reading the document${oom ? " (out of memory)" : last ? `: ${last.slice(0, 120)}` : ""}`));
        resolve();
      };
      proc.once("close", ended);
      proc.once("error", ended);
    });
    c.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (m: { ready?: boolean }) => {
        if (!m.ready) return;
        proc.off("message", onMessage);
        resolve();
      };
      proc.on("message", onMessage);
      void c.gone.then(() => reject(new ExtractionLimitError(`the text extractor did not start${c.stderr ? `: ${c.stderr.trim().split("\n").pop()?.slice(0, 120)}` : ""}`)));
    });
    c.ready.catch(() => undefined);
    return c;
  }

  private async run(format: ResumeFormat, source: Source): Promise<string> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    stats.runs++;
    const limits = this.limits;
    let c = this.child;
    if (!c || c.exited) {
      c = this.start(await childEntry());
      this.child = c;
    }
    const child = c;
    const id = this.nextId++;
    try {
      return await new Promise<string>((resolve, reject) => {
        let settled = false;
        const finish = (err: Error | null, text?: string) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          clearInterval(watch);
          child.proc.off("message", onMessage);
          child.current = null;
          if (err) reject(err);
          else resolve(text ?? "");
        };
        const kill = (why: string) => {
          stats.killed++;
          finish(new ExtractionLimitError(why));
          if (this.child === child) this.child = null;
          child.proc.kill("SIGKILL");
        };
        const onMessage = (m: { id?: number; text?: string; error?: string; limit?: boolean }) => {
          if (m.id !== id) return;
          if (m.error !== undefined) finish(m.limit ? new ExtractionLimitError(m.error) : new Error(m.error));
          else finish(null, m.text);
        };
        const timer = setTimeout(() => kill(`reading the document took longer than ${Math.round(limits.timeoutMs / 1000)} s`), limits.timeoutMs);
        const watch = setInterval(() => {
          const rss = child.proc.pid ? rssMbOf(child.proc.pid) : null;
          if (rss !== null && rss > limits.rssMb) kill(`reading the document needed more than ${limits.rssMb} MB of memory`);
        }, RSS_POLL_MS);
        child.proc.on("message", onMessage);
        child.current = (err) => finish(err);
        child.ready.then(
          () => {
            if (settled) return;
            const msg = "file" in source ? { id, format, file: source.file } : { id, format, bytes: source.bytes };
            child.proc.send(msg, (err) => err && finish(new ExtractionLimitError(`the text extractor could not be reached: ${err.message}`)));
          },
          (err: Error) => finish(err),
        );
      });
    } finally {
      if (this.child === child) {
        this.idle = setTimeout(() => void this.stop(), IDLE_MS);
        this.idle.unref();
      }
    }
  }

  async stop(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const c = this.child;
    this.child = null;
    if (!c || c.exited) return;
    c.proc.kill("SIGTERM");
    await c.gone;
  }
}

const extractor = new Extractor();

/** The text of a stored document file or of bytes (PDF, DOCX, plain text), read in the extraction child process. */
export function extractText(format: ResumeFormat, source: Source): Promise<string> {
  return extractor.extract(format, source);
}

/** Ends the child (shutdown, tests, bench). */
export function stopExtractor(): Promise<void> {
  return extractor.stop();
}

/** How many children were started, documents read and children killed at a limit (tests, bench). */
export function extractorStats() {
  return { ...stats, pid: extractorPid() };
}

function extractorPid(): number | null {
  const c = (extractor as unknown as { child: Child | null }).child;
  return c && !c.exited ? (c.proc.pid ?? null) : null;
}

/** Sets the limits for the children started from now on (tests; the server uses EXTRACT_LIMITS). */
export function setExtractLimits(l: Partial<ExtractLimits>): void {
  extractor.limits = { ...extractor.limits, ...l };
}

/** How the child's address space is capped on this machine. */
export function extractorCap(): "prlimit" | "ulimit" | "none" {
  return command(extractor.limits, CHILD).capped;
}
