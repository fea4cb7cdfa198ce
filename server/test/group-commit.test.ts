import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { type DB, openDatabase } from "../src/db/client";
import { groupCommit, groupCommitStats } from "../src/db/group-commit";
import { holdWriteLock } from "../src/db/write-gate";
import { draft, makeOpening, makeWorld, newRequestId, snapshot } from "./factory";
import { rejects } from "./expect-error";

describe("group commit: writes queued in one turn of the event loop share one transaction", () => {
  const dirs: string[] = [];
  const dbs: DB[] = [];
  afterEach(() => {
    for (const db of dbs.splice(0)) if (db.$client.open) db.$client.close();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  function fileDb() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prospector-group-"));
    dirs.push(dir);
    const file = path.join(dir, "p.db");
    const db = openDatabase(file);
    dbs.push(db);
    db.$client.exec("CREATE TABLE t (name TEXT NOT NULL UNIQUE)");
    return { db, file };
  }
  const insert = (db: DB, name: string) => () => db.$client.prepare("INSERT INTO t (name) VALUES (?)").run(name).changes;
  const names = (db: DB | Database.Database) =>
    ((("$client" in db ? db.$client : db) as Database.Database).prepare("SELECT name FROM t ORDER BY name").all() as { name: string }[]).map((r) => r.name);

  it("adds sent together commit once; a refused add changes nothing and the others are kept", async () => {
    const w = await makeWorld();
    const open = await makeOpening(w);
    const archived = await makeOpening(w);
    await w.as.admin.openings.archive({ openingId: archived.id });
    const before = groupCommitStats(w.deps.db);
    const results = await Promise.allSettled([
      w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: open.id, draft: draft({ fullName: "Ada One", emails: ["ada@example.com"] }) }),
      w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: archived.id, draft: draft({ fullName: "Bo Two", emails: ["bo@example.com"] }) }),
      w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: open.id, draft: draft({ fullName: "Cy Three", emails: ["cy@example.com"] }) }),
    ]);
    const after = groupCommitStats(w.deps.db);
    expect(after.groups - before.groups).toBe(1);
    expect(after.writes - before.writes).toBe(3);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    await rejects(Promise.reject((results[1] as PromiseRejectedResult).reason), "PRECONDITION_FAILED");
    const people = w.deps.db.$client.prepare("SELECT full_name AS n FROM candidates ORDER BY full_name").all() as { n: string }[];
    expect(people.map((p) => p.n)).toEqual(["Ada One", "Cy Three"]);
    // The refused add left nothing behind: not its candidate, not its request id.
    const snap = snapshot(w.deps.db);
    await rejects(w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: archived.id, draft: draft({ fullName: "Bo Two" }) }), "PRECONDITION_FAILED");
    expect(snapshot(w.deps.db)).toBe(snap);
  });

  it("nobody is answered, and no other connection sees a write, before the group's COMMIT", async () => {
    const { db, file } = fileDb();
    const other = new Database(file, { readonly: true });
    const seenInside: number[] = [];
    const resolved: string[] = [];
    const writes = ["a", "b", "c"].map((n) =>
      groupCommit(db, () => {
        insert(db, n)();
        seenInside.push(names(other).length);
        return n;
      }).then((v) => {
        resolved.push(v);
        return v;
      }),
    );
    expect(resolved).toEqual([]);
    expect(await Promise.all(writes)).toEqual(["a", "b", "c"]);
    expect(seenInside).toEqual([0, 0, 0]);
    expect(names(other)).toEqual(["a", "b", "c"]);
    other.close();
  });

  it("a write that throws rolls back only its own savepoint", async () => {
    const { db } = fileDb();
    const results = await Promise.allSettled([
      groupCommit(db, insert(db, "a")),
      groupCommit(db, () => {
        insert(db, "b")();
        throw new Error("refused half-way");
      }),
      groupCommit(db, insert(db, "a")), // UNIQUE: fails on its own
      groupCommit(db, insert(db, "c")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/refused half-way/);
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(names(db)).toEqual(["a", "c"]);
  });

  it("if the whole transaction is rolled back under it, every write of the group fails and none is kept", async () => {
    const { db } = fileDb();
    const results = await Promise.allSettled([
      groupCommit(db, insert(db, "a")),
      // What SQLite does by itself on SQLITE_FULL or SQLITE_IOERR: the transaction is gone.
      groupCommit(db, () => db.$client.exec("ROLLBACK")),
      groupCommit(db, insert(db, "c")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(names(db)).toEqual([]);
    // The next group works normally.
    await groupCommit(db, insert(db, "d"));
    expect(names(db)).toEqual(["d"]);
  });

  it("while another connection of the process holds the write lock, the group waits, then commits", async () => {
    const { db } = fileDb();
    const release = holdWriteLock(db);
    let done = false;
    const p = groupCommit(db, insert(db, "a")).then(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(done).toBe(false);
    expect(names(db)).toEqual([]);
    release();
    await p;
    expect(names(db)).toEqual(["a"]);
  });

  it("more writes than one group takes are committed in further groups, in order", async () => {
    const { db } = fileDb();
    const before = groupCommitStats(db);
    const all = Array.from({ length: 150 }, (_, i) => groupCommit(db, insert(db, `n${String(i).padStart(3, "0")}`)));
    await Promise.all(all);
    const after = groupCommitStats(db);
    expect(after.writes - before.writes).toBe(150);
    expect(after.groups - before.groups).toBe(3); // 64 + 64 + 22
    expect(names(db)).toHaveLength(150);
  });
});
