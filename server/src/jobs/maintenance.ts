import { startCheckpointer } from "../db/checkpointer";
import type { DB } from "../db/client";
import { indexPendingCandidates } from "../db/search-index";
import { purgeDoneJobs } from "./queue";
import { writeLockHeldElsewhere } from "../db/write-gate";
import type { Logger } from "pino";

/**
 * Keeps the costs of writing off the request path: the full-text index catches up in batches, and the WAL
 * is checkpointed by a worker thread (PASSIVE: never waits for readers or writers) rather than inside
 * whichever request's commit happened to cross the auto-checkpoint threshold.
 */
export function startMaintenance(db: DB, log: Logger, intervals: { indexMs?: number; checkpointMs?: number; purgeMs?: number } = {}) {
  const every = { indexMs: 100, checkpointMs: 5_000, purgeMs: 3600_000, ...intervals };
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
  // Not while an import's worker holds the write lock: a checkpoint racing its 50,000-row transaction for the
  // disk and the two cores slows the import, and the WAL is checkpointed right after it anyway.
  const checkpoint = setInterval(guard("WAL checkpoint", () => checkpointer?.request()), every.checkpointMs);
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
