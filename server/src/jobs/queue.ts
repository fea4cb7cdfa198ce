import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Executor } from "../db/client";
import { stmt } from "../db/client";

export interface JobRow {
  id: number;
  companyId: number | null;
  kind: string;
  payload: Record<string, unknown>;
  runAt: number;
  attempts: number;
  maxAttempts: number;
}

/** Adds a job in the caller's transaction, so it exists exactly when the change that needs it commits. */
export function enqueue(
  db: Executor,
  job: { companyId: number | null; kind: string; payload: Record<string, unknown>; runAt: number; maxAttempts?: number },
  now: number,
): number {
  const r = stmt(
      db,
      "INSERT INTO jobs (company_id, kind, payload, status, run_at, attempts, max_attempts, created_at) VALUES (?, ?, ?, 'pending', ?, 0, ?, ?)",
    )
    .run(job.companyId, job.kind, JSON.stringify(job.payload), job.runAt, job.maxAttempts ?? 8, now);
  return Number(r.lastInsertRowid);
}

/** Retry delay after the n-th failed attempt: 30 s, 1 min, 2 min, … capped at 6 h. */
export function backoffMs(attempts: number, baseMs = 30_000, capMs = 6 * 3600_000): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), capMs);
}

/** This process's identity (a restarted container often reuses the same pid: the pid alone is not enough). */
const PROCESS_INSTANCE = randomUUID();

/** `<pid>.<process instance>.<worker>@<host>`: a lease names the process holding it, so a dead one can be told. */
export const newWorkerId = () => `${process.pid}.${PROCESS_INSTANCE}.${randomUUID()}@${hostname()}`;

function pidIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, it is just not ours to signal.
    return (err as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/**
 * Whether the process that holds a lease is certainly gone: a process of this host that is not running, or an
 * earlier process with our pid (a restart). Another host's or an older-format worker id cannot be told: its
 * lease simply runs out.
 */
export function leaseHolderIsGone(workerId: string): boolean {
  const m = /^(\d+)\.([0-9a-f-]{36})\.[0-9a-f-]{36}@(.+)$/.exec(workerId);
  if (!m || m[3] !== hostname()) return false;
  const pid = Number(m[1]);
  if (pid === process.pid) return m[2] !== PROCESS_INSTANCE;
  return !pidIsRunning(pid);
}

/**
 * At start-up: jobs leased by a process that died (a crash mid-send) are released at once instead of waiting
 * for their lease to run out. Their attempt stays counted. Returns how many were released.
 */
export function recoverDeadLeases(db: Executor, now: number, isGone: (workerId: string) => boolean = leaseHolderIsGone): number {
  const holders = stmt(db, "SELECT DISTINCT locked_by AS lockedBy FROM jobs WHERE status = 'pending' AND locked_by IS NOT NULL AND locked_until > ?").all(now) as {
    lockedBy: string;
  }[];
  let released = 0;
  for (const h of holders) {
    if (!isGone(h.lockedBy)) continue;
    released += stmt(db, "UPDATE jobs SET locked_by = NULL, locked_until = NULL WHERE status = 'pending' AND locked_by = ?").run(h.lockedBy).changes;
  }
  return released;
}

interface RawJob {
  id: number;
  company_id: number | null;
  kind: string;
  payload: string;
  run_at: number;
  attempts: number;
  max_attempts: number;
}

/**
 * Takes up to `limit` due jobs: pending, run_at passed, and no live lease. Each gets a lease until
 * now + leaseMs and one more attempt; a worker that dies keeps it only until the lease runs out.
 */
export function claimDue(db: Executor, workerId: string, now: number, leaseMs: number, limit: number): JobRow[] {
  const rows = stmt(
    db,
      `UPDATE jobs SET locked_by = ?, locked_until = ?, attempts = attempts + 1
        WHERE id IN (SELECT id FROM jobs WHERE status = 'pending' AND run_at <= ? AND (locked_until IS NULL OR locked_until <= ?)
                     ORDER BY run_at, id LIMIT ?)
        RETURNING id, company_id, kind, payload, run_at, attempts, max_attempts`,
    )
    .all(workerId, now + leaseMs, now, now, limit) as RawJob[];
  return rows
    .sort((a, b) => a.run_at - b.run_at || a.id - b.id)
    .map((r) => ({
      id: r.id,
      companyId: r.company_id,
      kind: r.kind,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
      runAt: r.run_at,
      attempts: r.attempts,
      maxAttempts: r.max_attempts,
    }));
}

/** True while this worker still holds the job's lease (it may have run out and been taken over). */
export function stillHeld(db: Executor, jobId: number, workerId: string): boolean {
  const r = stmt(db, "SELECT locked_by AS lockedBy, status FROM jobs WHERE id = ?").get(jobId) as
    | { lockedBy: string | null; status: string }
    | undefined;
  return r?.lockedBy === workerId && r.status === "pending";
}

export function markDone(db: Executor, jobId: number, now: number) {
  stmt(db, "UPDATE jobs SET status = 'done', finished_at = ?, locked_until = NULL, last_error = NULL WHERE id = ?").run(now, jobId);
}

export function markFailed(db: Executor, jobId: number, now: number, error: string) {
  stmt(db, "UPDATE jobs SET status = 'failed', finished_at = ?, locked_until = NULL, last_error = ? WHERE id = ?").run(now, error, jobId);
}

/** Finished jobs are kept a while for diagnosis (the mails themselves stay in the mails table). */
export function purgeDoneJobs(db: Executor, finishedBefore: number) {
  stmt(db, "DELETE FROM jobs WHERE status = 'done' AND finished_at < ?").run(finishedBefore);
}

export function scheduleRetry(db: Executor, jobId: number, runAt: number, error: string) {
  stmt(db, "UPDATE jobs SET run_at = ?, locked_until = NULL, locked_by = NULL, last_error = ? WHERE id = ?").run(runAt, error, jobId);
}

/**
 * When the next pending job can be claimed (its run_at, or later while another worker's lease on it is live),
 * so an idle worker knows when to look again.
 */
export function nextRunAt(db: Executor): number | null {
  const r = stmt(db, "SELECT min(max(run_at, coalesce(locked_until, 0))) AS t FROM jobs WHERE status = 'pending'").get() as { t: number | null };
  return r.t;
}
