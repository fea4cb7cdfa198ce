import type { DB } from "./client";

interface Gate {
  holders: number;
  waiters: (() => void)[];
}
const gates = new WeakMap<object, Gate>();

function gateOf(db: DB): Gate {
  let g = gates.get(db.$client);
  if (!g) gates.set(db.$client, (g = { holders: 0, waiters: [] }));
  return g;
}

/**
 * Marks SQLite's write lock as held by another connection of this process (an import's worker thread, or the
 * checkpoint worker's WAL restart) until the returned release is called.
 */
export function holdWriteLock(db: DB): () => void {
  const g = gateOf(db);
  g.holders++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    g.holders--;
    if (g.holders === 0) for (const wake of g.waiters.splice(0)) wake();
  };
}

/**
 * Resolves once no other connection of this process holds the write lock. While one does, a write on the
 * main connection fails at once with SQLITE_BUSY (a deferred transaction cannot upgrade its snapshot, and
 * busy_timeout does not cover that), and waiting in busy_timeout would freeze the event loop; so every
 * mutation awaits this first (trpc/init.ts) and reads carry on meanwhile.
 */
export function whenWritable(db: DB): Promise<void> {
  const g = gateOf(db);
  if (g.holders === 0) return Promise.resolve();
  return new Promise((resolve) => g.waiters.push(resolve));
}

/** True while another connection of this process holds the write lock (background writers skip a turn). */
export function writeLockHeldElsewhere(db: DB): boolean {
  return gateOf(db).holders > 0;
}
