import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema/index";

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The synchronous transaction handle drizzle passes to db.transaction(cb). */
export type Tx = Parameters<Parameters<DB["transaction"]>[0]>[0];
/** Anything a repo can run a query on: the database or an open transaction. */
export type Executor = DB | Tx;

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/** Opens (or creates) the database, sets the pragmas we rely on, and applies pending migrations. */
export function openDatabase(file: string): DB {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  return fromConnection(new Database(file));
}

/** Wraps an open connection (a file, :memory:, or a deserialized copy): pragmas, then migrations. */
export function fromConnection(sqlite: Database.Database): DB {
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("cache_size = -16384");
  sqlite.pragma("temp_store = MEMORY");
  // The WAL keeps its largest size after a reset unless told otherwise (see jobs/maintenance.ts resetWal).
  sqlite.pragma("journal_size_limit = 67108864");
  const db = drizzle({ client: sqlite, schema }) as DB;
  migrateWithForeignKeysOff(sqlite, db);
  return db;
}

const appliedMigrations = (sqlite: Database.Database) =>
  sqlite.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = '__drizzle_migrations'").get()
    ? (sqlite.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number }).n
    : 0;

/**
 * A migration that changes a column's constraints rebuilds the table (SQLite's documented 12-step procedure), which
 * needs foreign keys off — and that pragma is a no-op inside the migrator's transaction (drizzle-kit writes it anyway).
 * So they are off around the migrator, and when something was applied every reference is checked before going on.
 */
function migrateWithForeignKeysOff(sqlite: Database.Database, db: DB) {
  const before = appliedMigrations(sqlite);
  sqlite.pragma("foreign_keys = OFF");
  try {
    migrate(db, { migrationsFolder });
  } finally {
    sqlite.pragma("foreign_keys = ON");
  }
  if (appliedMigrations(sqlite) !== before) {
    const broken = sqlite.pragma("foreign_key_check") as { table: string; rowid: number; parent: string }[];
    if (broken.length) {
      const first = broken[0]!;
      throw new Error(`A migration left ${broken.length} broken reference(s), e.g. ${first.table} row ${first.rowid} → ${first.parent}`);
    }
  }
}

export { schema };

/** The better-sqlite3 connection behind a database or one of its transactions. */
export function connectionOf(db: Executor): Database.Database {
  return (db as DB).$client ?? (db as unknown as { session: { client: Database.Database } }).session.client;
}

const prepared = new WeakMap<Database.Database, Map<string, unknown>>();
/**
 * Hot-path statements, prepared once per connection (drizzle's builder costs 50-100 µs a call; a prepared
 * statement costs what raw SQLite costs). They run inside whatever transaction is open on the connection.
 */
export function preparedOnce<T>(db: Executor, key: string, build: (db: DB) => T): T {
  const raw = connectionOf(db);
  let m = prepared.get(raw);
  if (!m) prepared.set(raw, (m = new Map()));
  let v = m.get(key) as T | undefined;
  if (v === undefined) {
    v = build(drizzle({ client: raw, schema }) as DB);
    m.set(key, v);
  }
  return v;
}

const rawStatements = new WeakMap<Database.Database, Map<string, Database.Statement>>();
/** A raw SQL statement prepared once per connection: for hot paths where the query builder's cost shows. */
export function stmt(db: Executor, sql: string): Database.Statement {
  const raw = connectionOf(db);
  let m = rawStatements.get(raw);
  if (!m) rawStatements.set(raw, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = raw.prepare(sql)));
  return s;
}
