import type { DB } from "../db/client";
import { indexPendingCandidates } from "../db/search-index";
import { writeLockHeldElsewhere } from "../db/write-gate";
import type { Logger } from "pino";

/**
 * Keeps the costs of writing off the request path: the full-text index catches up in batches, and the WAL
 * is checkpointed here (PASSIVE: never waits for readers) rather than inside whichever request's commit
 * happened to cross the auto-checkpoint threshold.
 */
export function startMaintenance(db: DB, log: Logger, every = { indexMs: 500, checkpointMs: 5_000, purgeMs: 3600_000 }) {
  db.$client.pragma("wal_autocheckpoint = 0");
  const guard = (what: string, fn: () => void) => () => {
    if (writeLockHeldElsewhere(db) || !db.$client.open) return;
    try {
      fn();
    } catch (err) {
      log.error({ err }, `${what} failed`);
    }
  };
  const index = setInterval(guard("search indexing", () => indexPendingCandidates(db, 2_000)), every.indexMs);
  const checkpoint = setInterval(guard("WAL checkpoint", () => db.$client.pragma("wal_checkpoint(PASSIVE)")), every.checkpointMs);
  // Finished jobs are kept a week for diagnosis (the mails themselves stay in the mails table).
  const purge = setInterval(
    guard("job purge", () => db.$client.prepare("DELETE FROM jobs WHERE status = 'done' AND finished_at < ?").run(Date.now() - 7 * 24 * 3600_000)),
    every.purgeMs,
  );
  index.unref();
  checkpoint.unref();
  purge.unref();
  return {
    stop() {
      clearInterval(index);
      clearInterval(checkpoint);
      clearInterval(purge);
    },
  };
}
