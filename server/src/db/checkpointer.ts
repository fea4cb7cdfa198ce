import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { Logger } from "pino";

// Copies WAL pages back into the database file from a worker thread with its own connection. On the main
// thread a PASSIVE checkpoint at 1M candidates took 50-100 ms of CPU every few seconds (measured with
// --cpu-prof under the add benchmark: 1.4 s of 6 s of server CPU), stalling every request behind it.
// PASSIVE never blocks writers or readers, so running it beside them is safe.
// The worker is plain JavaScript given to `eval`: it needs only better-sqlite3, resolved here so it works the
// same from source (tsx) and from the esbuild bundle.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.sqlite);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 1000");
// A checkpoint copies pages from the WAL to the database file: it needs no page cache of its own.
db.pragma("cache_size = -1024");
let busy = false;
const run = (mode) => {
  if (busy) return;
  busy = true;
  try {
    const [r] = db.pragma("wal_checkpoint(" + mode + ")");
    parentPort.postMessage({ type: "checkpointed", mode, log: r.log, checkpointed: r.checkpointed, busy: r.busy });
  } catch (err) {
    parentPort.postMessage({ type: "error", message: String(err && err.message || err) });
  } finally {
    busy = false;
  }
};
parentPort.on("message", (m) => {
  if (m === "checkpoint") run("PASSIVE");
  if (m === "stop") {
    db.close();
    parentPort.postMessage({ type: "stopped" });
    parentPort.close();
  }
});
`;

export interface Checkpointer {
  /** Asks for a PASSIVE checkpoint now (the caller's timer decides when; see jobs/maintenance.ts). */
  request(): void;
  /** Closes the worker's connection; resolves when it is closed. */
  stop(): Promise<void>;
  /** Resolves on the next checkpoint the worker reports (for tests). */
  next(): Promise<{ log: number; checkpointed: number }>;
  /** Ends the worker as a crash would (for tests). */
  kill(): Promise<number>;
}

/** `onDead` runs once if the worker exits without being asked to (crash, heap limit): the caller falls back. */
export function startCheckpointer(file: string, log: Logger, onDead: () => void = () => {}): Checkpointer {
  const sqlite = createRequire(import.meta.url).resolve("better-sqlite3");
  // A small heap: the worker only runs one pragma now and then (the server's memory budget is 250 MB).
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, sqlite },
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2, codeRangeSizeMb: 4 },
  });
  worker.unref();
  const waiting: ((r: { log: number; checkpointed: number }) => void)[] = [];
  worker.on("message", (m: { type: string; message?: string; log: number; checkpointed: number }) => {
    if (m.type === "error") log.error({ error: m.message }, "WAL checkpoint failed");
    if (m.type === "checkpointed") for (const w of waiting.splice(0)) w({ log: m.log, checkpointed: m.checkpointed });
  });
  worker.on("error", (err) => log.error({ err }, "checkpoint worker crashed"));
  let stopped = false;
  let exited = false;
  worker.once("exit", (code) => {
    exited = true;
    if (stopped) return;
    log.error({ code }, "checkpoint worker exited; checkpoints fall back to the main thread");
    onDead();
  });
  return {
    request: () => {
      if (!stopped && !exited) worker.postMessage("checkpoint");
    },
    stop: () =>
      new Promise<void>((resolve) => {
        stopped = true;
        if (exited) return resolve();
        worker.once("exit", () => resolve());
        worker.postMessage("stop");
      }),
    next: () => new Promise((resolve) => waiting.push(resolve)),
    kill: () => worker.terminate(),
  };
}
