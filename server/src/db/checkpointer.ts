import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { Logger } from "pino";

// Copies WAL pages back into the database file from a worker thread with its own connection. On the main
// thread a PASSIVE checkpoint at 1M candidates took 50-100 ms of CPU every few seconds (measured with
// --cpu-prof under the add benchmark: 1.4 s of 6 s of server CPU), stalling every request behind it.
// PASSIVE never blocks writers or readers, so running it beside them is safe; RESTART (which empties the
// WAL) waits for writers, and jobs/maintenance.ts resetWal holds this process's writers while it runs.
// The worker is plain JavaScript given to `eval`: it needs only better-sqlite3, resolved here so it works the
// same from source (tsx) and from the esbuild bundle.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.sqlite);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 1000");
// A checkpoint copies pages from the WAL to the database file: it needs no page cache of its own.
db.pragma("cache_size = -1024");
db.pragma("journal_size_limit = " + workerData.journalSizeLimit);
parentPort.on("message", (m) => {
  if (m === "PASSIVE" || m === "RESTART") {
    try {
      const [r] = db.pragma("wal_checkpoint(" + m + ")");
      parentPort.postMessage({ type: "checkpointed", mode: m, log: r.log, checkpointed: r.checkpointed, busy: r.busy });
    } catch (err) {
      parentPort.postMessage({ type: "error", mode: m, message: String(err && err.message || err) });
    }
  }
  if (m === "stop") {
    db.close();
    parentPort.postMessage({ type: "stopped" });
    parentPort.close();
  }
});
`;

/** What one checkpoint reported: WAL frames in the log, frames copied back, and whether it was blocked. */
export interface CheckpointResult {
  mode: CheckpointMode;
  log: number;
  checkpointed: number;
  busy: number;
}
/**
 * PASSIVE copies what it can without waiting for anyone. RESTART also waits (busy_timeout) for writers and
 * readers, and leaves the WAL empty so the next write starts it from the beginning.
 */
export type CheckpointMode = "PASSIVE" | "RESTART";

export interface Checkpointer {
  /** Runs one checkpoint in the worker; resolves with its result, or null if it failed or the worker is gone. */
  run(mode: CheckpointMode): Promise<CheckpointResult | null>;
  /** Closes the worker's connection; resolves when it is closed. */
  stop(): Promise<void>;
  /** Resolves on the next checkpoint the worker reports (for tests). */
  next(): Promise<CheckpointResult>;
  /** Ends the worker as a crash would (for tests). */
  kill(): Promise<number>;
}

/** The WAL file is cut back to this size when it is reset (it keeps its largest size otherwise). */
export const JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;

/** `onDead` runs once if the worker exits without being asked to (crash, heap limit): the caller falls back. */
export function startCheckpointer(file: string, log: Logger, onDead: () => void = () => {}): Checkpointer {
  const sqlite = createRequire(import.meta.url).resolve("better-sqlite3");
  // A small heap: the worker only runs one pragma now and then (the server's memory budget is 250 MB).
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, sqlite, journalSizeLimit: JOURNAL_SIZE_LIMIT },
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2, codeRangeSizeMb: 4 },
  });
  worker.unref();
  const waiting: ((r: CheckpointResult) => void)[] = [];
  // The worker answers its messages in order: one resolver per request, first in first out.
  const answers: ((r: CheckpointResult | null) => void)[] = [];
  worker.on("message", (m: { type: string; message?: string } & CheckpointResult) => {
    if (m.type === "error") {
      log.error({ error: m.message, mode: m.mode }, "WAL checkpoint failed");
      answers.shift()?.(null);
    }
    if (m.type === "checkpointed") {
      const r = { mode: m.mode, log: m.log, checkpointed: m.checkpointed, busy: m.busy };
      answers.shift()?.(r);
      for (const w of waiting.splice(0)) w(r);
    }
  });
  worker.on("error", (err) => log.error({ err }, "checkpoint worker crashed"));
  let stopped = false;
  let exited = false;
  worker.once("exit", (code) => {
    exited = true;
    for (const a of answers.splice(0)) a(null);
    if (stopped) return;
    log.error({ code }, "checkpoint worker exited; checkpoints fall back to the main thread");
    onDead();
  });
  return {
    run: (mode) =>
      new Promise((resolve) => {
        if (stopped || exited) return resolve(null);
        answers.push(resolve);
        worker.postMessage(mode);
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        stopped = true;
        if (exited) return resolve();
        // The worker is unref'd so it never holds the process open; while stopping it must, or the process
        // exits before the worker does and the shutdown that awaits it (jobs, closing the database) never runs.
        worker.ref();
        worker.once("exit", () => resolve());
        worker.postMessage("stop");
      }),
    next: () => new Promise((resolve) => waiting.push(resolve)),
    kill: () => worker.terminate(),
  };
}
