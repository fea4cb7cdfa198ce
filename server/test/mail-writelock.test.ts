import { describe, expect, it, vi } from "vitest";
import { holdWriteLock } from "../src/db/write-gate";
import { claimDue } from "../src/jobs/queue";
import type { OutgoingMail } from "../src/mail/transport";
import { makeWorld } from "./factory";
import { busyWhileLocked, FakeTransport, withProspects, workerFor } from "./support/mail";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setup() {
  const w = await makeWorld();
  const p = await withProspects(w);
  return { w, app: p.jane.applicationId! };
}

const mailStatus = (w: Awaited<ReturnType<typeof setup>>["w"]) =>
  (w.deps.db.$client.prepare("SELECT status FROM mails ORDER BY id").all() as { status: string }[]).map((r) => r.status);

describe("the mail worker and an import's write lock", () => {
  it("a mail sent while an import holds the write lock is recorded as sent once the lock is released, and never sent again", async () => {
    const { w, app } = await setup();
    const undo = busyWhileLocked(w.deps.db);
    try {
      await w.as.recruiter.conversations.post({ applicationId: app, body: "Hello" });
      // The import starts while the SMTP server is taking the mail, and finishes a little later.
      const transport = new (class extends FakeTransport {
        override async send(m: OutgoingMail) {
          await super.send(m);
          const release = holdWriteLock(w.deps.db);
          setTimeout(release, 30);
        }
      })();
      const worker = workerFor(w.deps, transport);
      expect(await worker.drain()).toBe(1);
      expect(mailStatus(w)).toEqual(["sent"]);
      // Past the lease: nothing is left to run, the mail is not sent a second time.
      w.deps.clock.advance(10 * 60_000);
      expect(await worker.drain()).toBe(0);
      expect(transport.sent).toHaveLength(1);
    } finally {
      undo();
    }
  });

  it("an idle worker does not spin on a job whose lease another worker still holds", async () => {
    const { w, app } = await setup();
    await w.as.recruiter.conversations.post({ applicationId: app, body: "Hello" });
    w.deps.db.transaction((tx) => claimDue(tx, "another-worker", w.deps.clock.now(), 60_000, 10));
    const worker = workerFor(w.deps, new FakeTransport());
    const runs = vi.spyOn(worker, "runOnce");
    worker.start();
    await sleep(200);
    await worker.stop();
    expect(runs.mock.calls.length).toBeLessThan(5);
  });

  it("while an import holds the write lock the worker waits for it (no spin), then sends", async () => {
    const { w, app } = await setup();
    await w.as.recruiter.conversations.post({ applicationId: app, body: "Hello" });
    const release = holdWriteLock(w.deps.db);
    const transport = new FakeTransport();
    const worker = workerFor(w.deps, transport);
    const runs = vi.spyOn(worker, "runOnce");
    try {
      worker.start();
      await sleep(200);
      expect(runs.mock.calls.length).toBeLessThan(5);
      expect(transport.sent).toHaveLength(0);
      release();
      await vi.waitFor(() => expect(transport.sent).toHaveLength(1), { timeout: 2000 });
    } finally {
      release();
      await worker.stop();
    }
  });
});
