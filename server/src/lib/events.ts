import { EventEmitter } from "node:events";
import type { Executor } from "../db/client";
import { connectionOf } from "../db/client";

/** Something changed that open browsers or the job worker should hear about (published after the commit). */
export type BusEvent =
  /** applicationId and openingId are null for a candidate's general conversation. */
  | { type: "message"; companyId: number; conversationId: number; applicationId: number | null; openingId: number | null; candidateId: number; messageId: number }
  | { type: "notifications"; companyId: number; userIds: number[] }
  | { type: "jobs" };

const buses = new WeakMap<object, EventEmitter>();

/** One in-process bus per database (tests run many databases side by side). */
export function busOf(db: Executor): EventEmitter {
  const raw = connectionOf(db);
  let bus = buses.get(raw);
  if (!bus) {
    bus = new EventEmitter();
    // Every open browser tab holds a listener while subscribed.
    bus.setMaxListeners(0);
    buses.set(raw, bus);
  }
  return bus;
}

export function publish(db: Executor, events: BusEvent[]) {
  const bus = busOf(db);
  for (const e of events) bus.emit(e.type, e);
}

/** Aborted at shutdown: live subscriptions end, so open browsers do not hold the server open. */
export const shutdownSignal = new AbortController();

/** A subscription's own signal (the browser went away) or shutdown, whichever comes first. */
export function untilClosed(signal: AbortSignal | undefined): AbortSignal {
  return signal ? AbortSignal.any([signal, shutdownSignal.signal]) : shutdownSignal.signal;
}
