import { type DB, preparedOnce } from "./client";
import { whenWritable, writeLockHeldElsewhere } from "./write-gate";

// Group commit for the hot write path (prospects.add). A commit in WAL mode writes every page the
// transaction touched: an add dirties ~30 pages (the tails of the candidates, applications, activities and
// identity tables and their indexes), 126 kB of WAL per add, and most of those pages are the same for the
// next add. Writes queued during one turn of the event loop (the requests read from the sockets in one poll
// phase) therefore run together in one IMMEDIATE transaction at the end of that turn, each inside its own
// savepoint: an add that fails rolls back only its own savepoint, and nobody gets an answer before the
// COMMIT that makes their write durable. Measured on 1M rows, in-process: 30.7 WAL frames and 449 µs per
// add alone, 10.5 frames and 363 µs per add in groups of four.
//
// The whole group runs synchronously inside one setImmediate callback, so no other request ever sees a
// group's uncommitted rows: reads and other writes run before or after it, never in between.

/** The most writes in one group; more wait for the next turn (bounds how long one group blocks the loop). */
export const MAX_GROUP = 64;

interface Queued {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}
interface Group {
  queue: Queued[];
  scheduled: boolean;
  /** Groups committed and writes in them, since start (for tests and diagnosis). */
  stats: { groups: number; writes: number };
}
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

const groups = new WeakMap<object, Group>();
function groupOf(db: DB): Group {
  let g = groups.get(db.$client);
  if (!g) groups.set(db.$client, (g = { queue: [], scheduled: false, stats: { groups: 0, writes: 0 } }));
  return g;
}

/**
 * Runs `write` (synchronous, on `db`) in the next group commit and resolves with its result once that
 * group's transaction has committed; rejects with its own error (its savepoint rolled back, the rest of
 * the group unaffected), or with the group's error if the transaction as a whole could not commit.
 */
export function groupCommit<T>(db: DB, write: () => T): Promise<T> {
  const g = groupOf(db);
  return new Promise<T>((resolve, reject) => {
    g.queue.push({ run: write, resolve: resolve as (v: unknown) => void, reject });
    schedule(db, g);
  });
}

/** How many groups and writes this connection has committed (tests check that writes were grouped). */
export function groupCommitStats(db: DB): { groups: number; writes: number } {
  return { ...groupOf(db).stats };
}

function schedule(db: DB, g: Group) {
  if (g.scheduled) return;
  g.scheduled = true;
  setImmediate(() => flush(db, g));
}

function flush(db: DB, g: Group) {
  // An import's worker holds the write lock: BEGIN IMMEDIATE would wait in busy_timeout with the event
  // loop frozen. The group waits (still scheduled) and commits once the import is done.
  if (writeLockHeldElsewhere(db)) {
    void whenWritable(db).then(() => flush(db, g));
    return;
  }
  g.scheduled = false;
  const items = g.queue.splice(0, MAX_GROUP);
  if (g.queue.length) schedule(db, g);
  if (!items.length) return;
  const raw = db.$client;
  if (!raw.open) {
    const closed = new Error("The database is closed");
    for (const it of items) it.reject(closed);
    return;
  }
  let outcomes: Outcome[];
  try {
    outcomes = runGroup(db)(items);
  } catch (err) {
    // BEGIN or COMMIT failed, or SQLite rolled the whole transaction back: nothing of the group was kept.
    for (const it of items) it.reject(err);
    return;
  }
  g.stats.groups++;
  g.stats.writes += items.length;
  items.forEach((it, i) => {
    const o = outcomes[i]!;
    if (o.ok) it.resolve(o.value);
    else it.reject(o.error);
  });
}

function runGroup(db: DB): (items: Queued[]) => Outcome[] {
  return preparedOnce(db, "group-commit", (d) => {
    const raw = d.$client;
    // Called inside the group's transaction, better-sqlite3 turns this into SAVEPOINT … RELEASE, or
    // ROLLBACK TO on a throw.
    const savepoint = raw.transaction((write: () => unknown) => write());
    const group = raw.transaction((items: Queued[]): Outcome[] =>
      items.map((it) => {
        // Some errors (SQLITE_FULL, SQLITE_IOERR, …) make SQLite roll back the whole transaction. Running the
        // next write then would commit it on its own, outside the group: stop, and fail the whole group.
        if (!raw.inTransaction) throw new Error("The group's transaction was rolled back; nothing was written");
        try {
          return { ok: true, value: savepoint(it.run) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
    return (items: Queued[]) => group.immediate(items);
  });
}
