import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";

const MIGRATIONS = path.join(import.meta.dirname, "../../src/db/migrations");

/**
 * An in-memory database with the migrations as they were before `tag` (e.g. "0016"): the state an upgrade starts
 * from. `count` is how many migrations that is; `run` inserts and returns the new rowid.
 */
export function databaseBefore(tag: string) {
  const dir = mkdtempSync(path.join(tmpdir(), "prospector-mig-"));
  try {
    const old = path.join(dir, "migrations");
    cpSync(MIGRATIONS, old, { recursive: true });
    const journalFile = path.join(old, "meta/_journal.json");
    const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { idx: number; tag: string }[] };
    const before = journal.entries.filter((e) => e.tag < tag);
    writeFileSync(journalFile, JSON.stringify({ ...journal, entries: before }));
    const sqlite = new Database(":memory:");
    sqlite.pragma("foreign_keys = ON");
    migrate(drizzle({ client: sqlite }), { migrationsFolder: old });
    const run = (sql: string, ...p: unknown[]) => Number(sqlite.prepare(sql).run(...p).lastInsertRowid);
    return { sqlite, run, count: before.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
