import { type Checkpointer, startCheckpointer } from "../db/checkpointer";
import type { DB } from "../db/client";
import { indexPendingCandidates } from "../db/search-index";
import { purgeDoneJobs } from "./queue";
import { holdWriteLock, writeLockHeldElsewhere } from "../db/write-gate";
import type { Logger } from "pino";

/**
 * Keeps the costs of writing off the request path: the full-text index catches up in batches, and the WAL
 * is checkpointed by a worker thread (PASSIVE: never waits for readers or writers) rather than inside
 * whichever request's commit happened to cross the auto-checkpoint threshold.
 */
export function startMaintenance(db: DB, log: Logger, intervals: { indexMs?: number; checkpointMs?: number; purgeMs?: number } = {}) {
  const every = { indexMs: 100, checkpointMs: 1_000, purgeMs: 3600_000, ...intervals };
  db.$client.pragma("wal_autocheckpoint = 0");
  const guard = (what: string, fn: () => void) => () => {
    if (writeLockHeldElsewhere(db) || !db.$client.open) return;
    try {
      fn();
    } catch (err) {
      log.error({ err }, `${what} failed`);
    }
  };
  // Small slices, and the next one only after the event loop has served what queued meanwhile: a backlog
  // (an import of 50,000 rows) is worked off without holding requests for more than a few milliseconds.
  const SLICE = 32;
  let catchingUp = false;
  const slice = () => {
    catchingUp = false;
    let n = 0;
    guard("search indexing", () => {
      n = indexPendingCandidates(db, SLICE);
    })();
    if (n === SLICE && db.$client.open) {
      catchingUp = true;
      setImmediate(slice);
    }
  };
  const index = setInterval(() => catchingUp || slice(), every.indexMs);
  index.unref();
  // Should the worker die, SQLite's own automatic checkpoint takes over again (inside commits, but never an
  // ever-growing WAL).
  const checkpointer = db.$client.memory ? null : startCheckpointer(db.$client.name, log, () => db.$client.open && db.$client.pragma("wal_autocheckpoint = 1000"));
  let checkpointing = false;
  const checkpoint = setInterval(() => {
    // Not while an import's worker holds the write lock: a checkpoint racing its 50,000-row transaction for the
    // disk and the two cores slows the import, and the WAL is checkpointed right after it anyway.
    if (!checkpointer || checkpointing || writeLockHeldElsewhere(db) || !db.$client.open) return;
    checkpointing = true;
    resetWal(db, checkpointer, log)
      .catch((err) => log.error({ err }, "WAL checkpoint failed"))
      .finally(() => {
        checkpointing = false;
      });
  }, every.checkpointMs);
  checkpoint.unref();
  // Finished jobs are kept a week for diagnosis (the mails themselves stay in the mails table).
  const purge = setInterval(
    guard("job purge", () => purgeDoneJobs(db, Date.now() - 7 * 24 * 3600_000)),
    every.purgeMs,
  );
  purge.unref();
  return {
    checkpointer,
    async stop() {
      clearInterval(index);
      clearInterval(purge);
      clearInterval(checkpoint);
      await checkpointer?.stop();
    },
  };
}

/**
 * A RESTART holds writers for its copy and two fsyncs: it runs only once a PASSIVE pass found few frames
 * written since the pass before it (256 frames, 1 MB), so what is left to copy is small (measured at 1M rows
 * under the add benchmark: 3-4 ms held; 9-19 ms when the RESTART followed a single long pass).
 */
export const RESTART_BELOW_FRAMES = 256;
const MAX_PASSES = 8;
/** Writers are never held longer than this, whatever the worker does. */
const MAX_HOLD_MS = 3_000;

/**
 * Copies the WAL back into the database file and starts it over. A PASSIVE checkpoint alone never ends the
 * WAL under a steady stream of writes (each pass leaves the frames written meanwhile, so it is never fully
 * copied and never restarted): it grew to 350 MB in 10 s of adds, appending to an ever longer file, and the
 * adds got slower by half. So PASSIVE passes in the worker copy the bulk while writes go on, each pass
 * shorter than the one before; once a pass finds little new, this process's writers are held at the write
 * gate (mutations and group commits wait, reads go on) while the worker's RESTART copies the rest and resets
 * the WAL. Returns how the cycle ended.
 */
export async function resetWal(db: DB, checkpointer: Checkpointer, log: Logger): Promise<"empty" | "restarted" | "busy" | "behind" | "failed"> {
  let previous: number | null = null;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const r = await checkpointer.run("PASSIVE");
    if (!r) return "failed";
    if (r.log === 0) return "empty";
    // Frames written since the last pass (all of them if a writer restarted the WAL in between).
    const fresh = previous === null ? Number.POSITIVE_INFINITY : r.log >= previous ? r.log - previous : r.log;
    previous = r.log;
    if (fresh > RESTART_BELOW_FRAMES) continue;
    if (writeLockHeldElsewhere(db) || !db.$client.open) return "busy";
    const release = holdWriteLock(db);
    const safety = setTimeout(() => {
      log.warn("WAL restart took too long; writers released");
      release();
    }, MAX_HOLD_MS);
    try {
      const done = await checkpointer.run("RESTART");
      if (!done) return "failed";
      return done.busy ? "busy" : "restarted";
    } finally {
      clearTimeout(safety);
      release();
    }
  }
  return "behind";
}
