import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { zProfileDraft } from "@prospector/shared/profile";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/client";
import { startCheckpointer } from "../src/db/checkpointer";
import { groupCommit } from "../src/db/group-commit";
import { resetWal, startMaintenance } from "../src/jobs/maintenance";
import { createCandidate } from "../src/modules/candidates/intake.service";
import { makeWorld } from "./factory";

describe("maintenance: WAL checkpoints run off the main thread", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it("a worker with its own connection copies committed pages back into the database file, and stops cleanly", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prospector-ckpt-"));
    dirs.push(dir);
    const db = openDatabase(path.join(dir, "p.db"));
    const m = startMaintenance(db, pino({ level: "silent" }), { indexMs: 60_000, checkpointMs: 50 });
    db.$client.exec("CREATE TABLE t (x)");
    const insert = db.$client.prepare("INSERT INTO t VALUES (randomblob(1000))");
    db.$client.transaction(() => {
      for (let i = 0; i < 500; i++) insert.run();
    })();
    // The main connection never checkpoints by itself now.
    expect(db.$client.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    let r = await m.checkpointer!.next();
    while (r.log === 0) r = await m.checkpointer!.next();
    expect(r.checkpointed).toBe(r.log);
    await m.stop();
    // Every row is in the main database file now: a fresh connection without the WAL still sees them.
    db.$client.close();
    fs.rmSync(path.join(dir, "p.db-wal"), { force: true });
    const again = openDatabase(path.join(dir, "p.db"));
    expect(again.$client.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 500 });
    again.$client.close();
  });

  it("under a steady stream of writes the WAL is still emptied: PASSIVE passes, then a RESTART with writers held", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prospector-ckpt-"));
    dirs.push(dir);
    const file = path.join(dir, "p.db");
    const db = openDatabase(file);
    db.$client.pragma("wal_autocheckpoint = 0");
    db.$client.exec("CREATE TABLE t (x)");
    const insert = db.$client.prepare("INSERT INTO t VALUES (randomblob(3000))");
    const checkpointer = startCheckpointer(file, pino({ level: "silent" }));
    // A writer that never pauses: one group commit after another, as under a stream of adds.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await groupCommit(db, () => insert.run());
        written++;
      }
    })();
    const outcomes: string[] = [];
    const end = Date.now() + 10_000;
    while (!outcomes.includes("restarted") && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 50));
      // A PASSIVE pass alone leaves the frames written meanwhile: the WAL is never fully copied.
      const passive = await checkpointer.run("PASSIVE");
      expect(passive).not.toBeNull();
      outcomes.push(await resetWal(db, checkpointer, pino({ level: "silent" })));
    }
    expect(outcomes).toContain("restarted");
    const atRestart = written;
    writing = false;
    await writer;
    // The WAL started over: each write added at least one frame, and it now holds fewer frames than there
    // were writes before the restart (without one it would hold them all, and more).
    const after = await checkpointer.run("PASSIVE");
    expect(atRestart).toBeGreaterThan(20);
    expect(after!.log).toBeLessThan(atRestart);
    await checkpointer.stop();
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    db.$client.close();
    fs.rmSync(`${file}-wal`, { force: true });
    const again = openDatabase(file);
    expect(again.$client.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: written });
    again.$client.close();
  });

  it("a backlog of changed candidates is indexed for search in slices until none is pending", async () => {
    const w = await makeWorld();
    const raw = w.deps.db.$client;
    w.deps.db.transaction(() => {
      for (let i = 0; i < 450; i++) createCandidate(w.deps, w.admin, { draft: zProfileDraft.parse({ fullName: `Backlog Person ${i}`, title: "Zymurgist" }) });
    });
    const pending = () => (raw.prepare("SELECT count(*) AS n FROM candidates_fts_pending").get() as { n: number }).n;
    expect(pending()).toBeGreaterThanOrEqual(450);
    const m = startMaintenance(w.deps.db, pino({ level: "silent" }), { indexMs: 5, checkpointMs: 60_000 });
    try {
      const end = Date.now() + 10_000;
      while (pending() > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
      expect(pending()).toBe(0);
      const hits = raw.prepare("SELECT count(*) AS n FROM candidates_fts WHERE candidates_fts MATCH 'zymurgist'").get() as { n: number };
      expect(hits.n).toBe(450);
    } finally {
      await m.stop();
    }
  });

  it("if the checkpoint worker dies, SQLite's automatic checkpoint takes over and stopping still finishes", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prospector-ckpt-"));
    dirs.push(dir);
    const db = openDatabase(path.join(dir, "p.db"));
    const m = startMaintenance(db, pino({ level: "silent" }), { indexMs: 60_000, checkpointMs: 60_000 });
    expect(db.$client.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    await m.checkpointer!.kill();
    await new Promise((r) => setTimeout(r, 20));
    expect(db.$client.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    await m.stop();
    db.$client.close();
  });

  it("an in-memory database gets no checkpoint worker", async () => {
    const db = openDatabase(":memory:");
    const m = startMaintenance(db, pino({ level: "silent" }));
    expect(m.checkpointer).toBeNull();
    await m.stop();
  });
});
