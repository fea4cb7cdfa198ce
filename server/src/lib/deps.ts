import type { Logger } from "pino";
import type { Config } from "../config";
import type { DB } from "../db/client";
import type { Clock } from "./clock";
import type { RateLimiter } from "./rate-limit";

/** What services need from the outside world, built once in app.ts (and by the test factory). */
export interface Deps {
  db: DB;
  config: Config;
  log: Logger;
  clock: Clock;
  signInLimiter: RateLimiter;
}
