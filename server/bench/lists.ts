// Server-side time of the list screens at full size, called in-process through the real service, plus
// the query plans of the SQL that service actually runs (captured with drizzle's query logger).
import { drizzle } from "drizzle-orm/better-sqlite3";
import { type DB, schema } from "../src/db/client";
import type { UserActor } from "../src/lib/actor";
import type { Deps } from "../src/lib/deps";
import { type ListCandidates, listCandidates } from "../src/modules/candidates/candidates.service";
import { type Summary, summarize } from "./report";

export interface ListCase {
  label: string;
  actor: UserActor;
  input: ListCandidates;
}

export interface ListTiming {
  label: string;
  page1: Timed;
  page2: Timed;
  page1Rows: number;
  page2Rows: number;
}

/** Wall time per call, and CPU time per call (not inflated when other processes take the CPU away). */
export interface Timed {
  wall: Summary;
  cpu: Summary;
  /** Calls made; fewer than asked when the time budget ran out. */
  n: number;
}

function time(fn: () => void, iterations: number, budgetMs: number): Timed {
  const wall: number[] = [];
  const cpu: number[] = [];
  const deadline = performance.now() + budgetMs;
  for (let i = 0; i < iterations; i++) {
    const c = process.cpuUsage();
    const t = process.hrtime.bigint();
    fn();
    wall.push(Number(process.hrtime.bigint() - t) / 1e6);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
    // A pathological plan must not turn a 2-minute benchmark into a 20-minute one.
    if (performance.now() > deadline) break;
  }
  return { wall: summarize(wall), cpu: summarize(cpu), n: wall.length };
}

/** First page, then the next page by cursor, each timed on its own. */
export function timeListCase(deps: Deps, c: ListCase, warmup: number, iterations: number, budgetMs: number): ListTiming {
  const first = listCandidates(deps, c.actor, c.input);
  const cursor = first.nextCursor ?? undefined;
  const second = cursor === undefined ? { items: [] } : listCandidates(deps, c.actor, { ...c.input, cursor });
  const p1 = () => void listCandidates(deps, c.actor, c.input);
  const p2 = () => void listCandidates(deps, c.actor, { ...c.input, cursor });
  time(p1, warmup, budgetMs / 4);
  time(p2, warmup, budgetMs / 4);
  return {
    label: c.label,
    page1: time(p1, iterations, budgetMs),
    page2: time(p2, iterations, budgetMs),
    page1Rows: first.items.length,
    page2Rows: second.items.length,
  };
}

/** The floor: one trivial prepared statement on the same connection, timed the same way. */
export function timeSelectOne(deps: Deps, warmup: number, iterations: number): Timed {
  const stmt = deps.db.$client.prepare("SELECT 1");
  const fn = () => void stmt.get();
  time(fn, warmup, 1000);
  return time(fn, iterations, 5000);
}

export interface CapturedQuery {
  sql: string;
  params: unknown[];
  plan: string[];
  /** Plan lines that mean work grows with the table: full scans of big tables, sorts, temp b-trees. */
  warnings: string[];
}

const BIG_TABLES = /\b(applications|candidates|candidate_emails|candidate_profiles|activities)\b/;

/** Runs the case once on a connection whose drizzle instance logs every query, and explains each SELECT. */
export function explainCase(deps: Deps, c: ListCase): CapturedQuery[] {
  const raw = deps.db.$client;
  const seen: { sql: string; params: unknown[] }[] = [];
  const traced = drizzle({ client: raw, schema, logger: { logQuery: (sql, params) => void seen.push({ sql, params }) } }) as unknown as DB;
  const first = listCandidates({ ...deps, db: traced }, c.actor, c.input);
  if (first.nextCursor !== null) listCandidates({ ...deps, db: traced }, c.actor, { ...c.input, cursor: first.nextCursor });
  const out: CapturedQuery[] = [];
  for (const q of seen) {
    if (!/^\s*select/i.test(q.sql)) continue;
    const rows = raw.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.params as unknown[])) as { id: number; parent: number; detail: string }[];
    const depth = new Map<number, number>([[0, 0]]);
    const plan = rows.map((r) => {
      const d = (depth.get(r.parent) ?? 0) + 1;
      depth.set(r.id, d);
      return `${"  ".repeat(d)}${r.detail}`;
    });
    const warnings = rows
      .map((r) => r.detail)
      .filter((d) => /TEMP B-TREE/.test(d) || (/^SCAN /.test(d) && BIG_TABLES.test(d)));
    out.push({ sql: q.sql, params: q.params, plan, warnings });
  }
  return out;
}
