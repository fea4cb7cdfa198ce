/** The current time in ms; one indirection so tests can move time (session expiry, lockouts). */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };
