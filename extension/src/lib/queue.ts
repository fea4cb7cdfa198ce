// The offline queue: every add is written here (with its requestId) before it is sent, and removed only when
// the server has answered for it. The server is idempotent by requestId, so sending an item again — after a
// timeout, a lost response or a killed service worker — can never create a second candidate: exactly once.
import { type AddInput, type QueuedAdd, read, type StorageArea, update } from "./storage";

export const BACKOFF = {
  /** First retry after this long; each failure doubles it. */
  firstMs: 2_000,
  maxMs: 10 * 60_000,
  /** ± this fraction, so many extensions do not hammer a server that comes back at the same instant. */
  jitter: 0.2,
  /** An item being sent right now is not picked up by a flush before this lease runs out. */
  leaseMs: 60_000,
};

/** Delay before the next try after `failures` failed tries (1, 2, …): exponential, capped, jittered. */
export function backoffDelay(failures: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF.maxMs, BACKOFF.firstMs * 2 ** Math.max(0, failures - 1));
  const jittered = base * (1 + (random() * 2 - 1) * BACKOFF.jitter);
  return Math.round(Math.max(250, Math.min(BACKOFF.maxMs, jittered)));
}

/** How one try went, as the queue needs to know it. */
export type SendResult<Landed> =
  /** The server took it (or had taken it already: a replay by requestId). */
  | { kind: "landed"; result: Landed }
  /** The server could not be reached or had a passing failure: try again later. */
  | { kind: "retry"; message: string }
  /** The token is no longer valid: keep the item until the user connects again. */
  | { kind: "unauthorized" }
  /** The server refused it for good (conflict, archived opening, invalid data): retrying cannot help. */
  | { kind: "refused"; message: string };

export interface Label {
  fullName: string;
  openingTitle: string;
  stageName: string;
}

/** A new item, leased for the immediate first try. */
export function newItem(input: AddInput, label: Label, now: number): QueuedAdd {
  return { requestId: input.requestId, input, label, queuedAt: now, attempts: 0, nextAttemptAt: now + BACKOFF.leaseMs, state: "waiting", lastError: null };
}

/** Items the user sees as waiting: not yet tried (in flight), failed ones aside. */
export function waitingCount(queue: QueuedAdd[]): number {
  return queue.filter((q) => (q.state === "waiting" && q.attempts > 0) || q.state === "paused").length;
}

/** Items a flush should send now, oldest first. `force`: the server just answered, do not wait for backoff. */
export function dueItems(queue: QueuedAdd[], now: number, force = false): QueuedAdd[] {
  return queue
    .filter((q) => q.state === "waiting" && (q.nextAttemptAt <= now || (force && q.attempts > 0)))
    .sort((a, b) => a.queuedAt - b.queuedAt);
}

/** When the next retry is due (for the alarm), or null when nothing waits. */
export function nextWake(queue: QueuedAdd[]): number | null {
  const times = queue.filter((q) => q.state === "waiting").map((q) => q.nextAttemptAt);
  return times.length ? Math.min(...times) : null;
}

export interface QueueDeps<Landed> {
  area: StorageArea;
  now: () => number;
  send: (input: AddInput) => Promise<SendResult<Landed>>;
  /** Called once the server has the item (and after it left the queue). */
  onLanded?: (item: QueuedAdd, result: Landed) => Promise<void> | void;
  random?: () => number;
}

const patch = (queue: QueuedAdd[], requestId: string, fn: (q: QueuedAdd) => QueuedAdd | null): QueuedAdd[] =>
  queue.flatMap((q) => {
    if (q.requestId !== requestId) return [q];
    const next = fn(q);
    return next ? [next] : [];
  });

/** Puts an item in the queue (leased) — call before the first send. */
export async function enqueue(area: StorageArea, item: QueuedAdd): Promise<void> {
  await update(area, "queue", (q) => [...q.filter((x) => x.requestId !== item.requestId), item]);
}

/** Sends one queued item and records the outcome in the queue. */
export async function sendItem<Landed>(deps: QueueDeps<Landed>, item: QueuedAdd): Promise<SendResult<Landed>> {
  const r = await deps.send(item.input);
  const now = deps.now();
  switch (r.kind) {
    case "landed":
      await update(deps.area, "queue", (q) => patch(q, item.requestId, () => null));
      await deps.onLanded?.(item, r.result);
      break;
    case "retry": {
      const attempts = item.attempts + 1;
      const next = now + backoffDelay(attempts, deps.random);
      await update(deps.area, "queue", (q) => patch(q, item.requestId, (x) => ({ ...x, attempts, nextAttemptAt: next, lastError: r.message, state: x.state === "paused" ? "paused" : "waiting" })));
      break;
    }
    case "unauthorized":
      // Every waiting item needs the user to connect again; none is lost.
      await update(deps.area, "queue", (q) =>
        q.map((x) => (x.state === "waiting" ? { ...x, state: "paused" as const, attempts: Math.max(1, x.attempts), lastError: "Not signed in" } : x)),
      );
      break;
    case "refused":
      await update(deps.area, "queue", (q) => patch(q, item.requestId, (x) => ({ ...x, attempts: x.attempts + 1, state: "failed", lastError: r.message })));
      break;
  }
  return r;
}

export interface FlushReport {
  landed: number;
  refused: number;
  stoppedBecause: "offline" | "unauthorized" | null;
}

const inflight = new WeakMap<StorageArea, Promise<FlushReport>>();

/**
 * Sends every due item, oldest first. Stops at the first "server unreachable" (and moves every other due item
 * to the same retry time, so the alarm does not fire in a loop) or at a 401. One flush at a time per area.
 */
export function flushQueue<Landed>(deps: QueueDeps<Landed>, opts: { force?: boolean } = {}): Promise<FlushReport> {
  const running = inflight.get(deps.area);
  if (running) return running;
  const run = (async (): Promise<FlushReport> => {
    const report: FlushReport = { landed: 0, refused: 0, stoppedBecause: null };
    const due = dueItems(await read(deps.area, "queue"), deps.now(), opts.force);
    for (const [i, item] of due.entries()) {
      // Lease it, so a second service-worker instance or a later flush does not send it at the same time.
      const leaseUntil = deps.now() + BACKOFF.leaseMs;
      await update(deps.area, "queue", (q) => patch(q, item.requestId, (x) => ({ ...x, nextAttemptAt: leaseUntil })));
      const r = await sendItem(deps, item);
      if (r.kind === "landed") report.landed++;
      else if (r.kind === "refused") report.refused++;
      else if (r.kind === "unauthorized") {
        report.stoppedBecause = "unauthorized";
        break;
      } else {
        report.stoppedBecause = "offline";
        const after = (await read(deps.area, "queue")).find((x) => x.requestId === item.requestId)?.nextAttemptAt ?? deps.now();
        const rest = new Set(due.slice(i + 1).map((x) => x.requestId));
        await update(deps.area, "queue", (q) => q.map((x) => (rest.has(x.requestId) ? { ...x, nextAttemptAt: Math.max(x.nextAttemptAt, after) } : x)));
        break;
      }
    }
    return report;
  })();
  inflight.set(deps.area, run);
  void run.finally(() => inflight.delete(deps.area)).catch(() => undefined);
  return run;
}

/** After connecting again: paused items become due at once. */
export async function resumePaused(area: StorageArea, now: number): Promise<void> {
  await update(area, "queue", (q) => q.map((x) => (x.state === "paused" ? { ...x, state: "waiting" as const, nextAttemptAt: now } : x)));
}

/** The user gives up on an item (a failed one, or one they no longer want). */
export async function dismiss(area: StorageArea, requestId: string): Promise<void> {
  await update(area, "queue", (q) => q.filter((x) => x.requestId !== requestId));
}
