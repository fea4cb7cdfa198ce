import type { Tx } from "../db/client";
import { whenWritable, writeLockHeldElsewhere } from "../db/write-gate";
import { busOf } from "../lib/events";
import type { Deps } from "../lib/deps";
import { backoffMs, claimDue, type JobRow, markDone, markFailed, newWorkerId, nextRunAt, recoverDeadLeases, scheduleRetry, stillHeld } from "./queue";

/**
 * A job's work. It may do I/O (send mail) and returns what to write when it succeeded; the worker writes
 * that in the same transaction that marks the job done, and only while it still holds the job's lease.
 */
export type JobHandler = (job: JobRow) => Promise<((tx: Tx) => void) | undefined>;

/** A failure that retrying will not fix (a mailbox that does not exist): the job fails at once. */
export class PermanentJobError extends Error {}

export interface WorkerOptions {
  /** Jobs run side by side (mail sending waits on the network). */
  concurrency?: number;
  leaseMs?: number;
  /** How often an idle worker looks for due jobs (new jobs also wake it at once). */
  pollMs?: number;
  /** Called when a job ran out of attempts or failed permanently (e.g. to mark its mail failed). */
  onGiveUp?: (tx: Tx, job: JobRow, error: string) => void;
}

export class JobWorker {
  readonly id = newWorkerId();
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private readonly wake = () => this.schedule(0);

  constructor(
    private readonly deps: Deps,
    private readonly handlers: Record<string, JobHandler>,
    private readonly opts: WorkerOptions = {},
  ) {
    this.concurrency = opts.concurrency ?? 16;
    this.leaseMs = opts.leaseMs ?? 5 * 60_000;
    this.pollMs = opts.pollMs ?? 5_000;
  }

  /** Claims the due jobs (up to the concurrency) and runs them; returns how many ran. */
  async runOnce(): Promise<number> {
    const { db, clock } = this.deps;
    if (writeLockHeldElsewhere(db)) return 0;
    const jobs = db.transaction((tx) => claimDue(tx, this.id, clock.now(), this.leaseMs, this.concurrency));
    await Promise.all(jobs.map((j) => this.runJob(j)));
    return jobs.length;
  }

  /** Runs until no job is due. */
  async drain(): Promise<number> {
    let total = 0;
    for (let n = await this.runOnce(); n > 0; n = await this.runOnce()) total += n;
    return total;
  }

  private async runJob(job: JobRow) {
    const { db, clock, log } = this.deps;
    const handler = this.handlers[job.kind];
    try {
      if (!handler) throw new PermanentJobError(`no handler for job kind "${job.kind}"`);
      const finish = await handler(job);
      // The work is done (the mail has left): wait out an import's write lock rather than fail to record it,
      // or the job would stay leased and be run (sent) again when the lease runs out.
      await whenWritable(db);
      db.transaction((tx) => {
        // Lease lost (this worker stalled past it): another worker owns the job now and will finish it.
        if (!stillHeld(tx, job.id, this.id)) return;
        finish?.(tx);
        markDone(tx, job.id, clock.now());
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const permanent = err instanceof PermanentJobError;
      await whenWritable(db);
      db.transaction((tx) => {
        if (!stillHeld(tx, job.id, this.id)) return;
        if (permanent || job.attempts >= job.maxAttempts) {
          markFailed(tx, job.id, clock.now(), message);
          this.opts.onGiveUp?.(tx, job, message);
        } else {
          scheduleRetry(tx, job.id, clock.now() + backoffMs(job.attempts), message);
        }
      });
      // The message, not the error object: SMTP errors can quote the mail's addresses back.
      log.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, permanent, error: message.slice(0, 200) }, "job failed");
    }
  }

  /** Releases the leases of processes that died holding them (see recoverDeadLeases); start() does it first. */
  recoverDeadLeases(): number {
    const { db, clock, log } = this.deps;
    if (writeLockHeldElsewhere(db)) return 0;
    const n = db.transaction((tx) => recoverDeadLeases(tx, clock.now()));
    if (n) log.info({ jobs: n }, "released jobs leased by a process that is gone");
    return n;
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    busOf(this.deps.db).on("jobs", this.wake);
    try {
      this.recoverDeadLeases();
    } catch (err) {
      this.deps.log.error({ err }, "recovering job leases failed");
    }
    this.schedule(0);
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    if (this.running) return; // the loop looks again when it finishes
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.loop().finally(() => {
        this.running = null;
        if (this.stopped) return;
        // An import holds the write lock: nothing can be claimed until it lets go, so wait for that (not spin).
        if (writeLockHeldElsewhere(this.deps.db)) {
          void whenWritable(this.deps.db).then(() => this.schedule(0));
          return;
        }
        const next = nextRunAt(this.deps.db);
        const wait = next === null ? this.pollMs : Math.max(0, Math.min(this.pollMs, next - this.deps.clock.now()));
        this.schedule(wait);
      });
    }, ms);
    this.timer.unref();
  }

  private async loop() {
    try {
      while (!this.stopped && (await this.runOnce()) > 0) {
        // keep going while jobs are due
      }
    } catch (err) {
      this.deps.log.error({ err }, "job worker failed");
    }
  }

  /** Stops taking jobs and waits for the running ones (graceful shutdown). */
  async stop() {
    this.stopped = true;
    busOf(this.deps.db).off("jobs", this.wake);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
