import { describe, expect, test } from "vitest";
import { BACKOFF, backoffDelay, dismiss, dueItems, enqueue, flushQueue, newItem, nextWake, type QueueDeps, resumePaused, type SendResult, sendItem, waitingCount } from "../src/lib/queue";
import { type AddInput, type QueuedAdd, read } from "../src/lib/storage";
import { fakeStorage } from "./fake-storage";

const input = (requestId: string, fullName = "Jane Doe"): AddInput => ({
  requestId,
  openingId: 1,
  stageId: 2,
  draft: { fullName, headline: "", title: "", company: "", location: "", emails: [], phones: [], links: [], skills: [], summary: "" },
  tags: [],
  note: "",
});
const label = { fullName: "Jane Doe", openingTitle: "Data Scientist", stageName: "Identified" };

/** A server that records every request and answers from a script (or "offline" once the script runs out). */
function fakeServer(script: SendResult<{ candidateId: number }>["kind"][] = []) {
  const received: string[] = [];
  const created = new Map<string, number>();
  return {
    received,
    created,
    send: async (i: AddInput): Promise<SendResult<{ candidateId: number }>> => {
      received.push(i.requestId);
      const kind = script.shift() ?? "retry";
      if (kind === "landed") {
        // Idempotent by requestId, like prospects.add.
        if (!created.has(i.requestId)) created.set(i.requestId, created.size + 1);
        return { kind, result: { candidateId: created.get(i.requestId)! } };
      }
      if (kind === "retry") return { kind, message: "The server could not be reached" };
      if (kind === "refused") return { kind, message: "Already on the opening" };
      return { kind };
    },
  };
}

function deps(area: ReturnType<typeof fakeStorage>, server: ReturnType<typeof fakeServer>, clock: { t: number }, landed: string[] = []): QueueDeps<{ candidateId: number }> {
  return { area, now: () => clock.t, send: server.send, random: () => 0.5, onLanded: (item) => void landed.push(item.requestId) };
}

async function queued(area: ReturnType<typeof fakeStorage>, requestId: string, over: Partial<QueuedAdd> = {}) {
  await enqueue(area, { ...newItem(input(requestId), label, 0), attempts: 1, nextAttemptAt: 0, ...over });
}

describe("backoff", () => {
  test("doubles from the first delay and stops at the cap", () => {
    const mid = () => 0.5; // no jitter
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, mid))).toEqual([2000, 4000, 8000, 16000, 32000]);
    expect(backoffDelay(30, mid)).toBe(BACKOFF.maxMs);
    expect(backoffDelay(1000, mid)).toBe(BACKOFF.maxMs);
  });

  test("jitter stays within ±20% and never passes the cap", () => {
    expect(backoffDelay(3, () => 0)).toBe(6400);
    expect(backoffDelay(3, () => 1)).toBe(9600);
    expect(backoffDelay(40, () => 1)).toBe(BACKOFF.maxMs);
  });
});

describe("queue bookkeeping", () => {
  test("a new item is leased for its first try, and not counted as waiting", () => {
    const item = newItem(input("req-00000001"), label, 1000);
    expect(item).toMatchObject({ attempts: 0, state: "waiting", nextAttemptAt: 1000 + BACKOFF.leaseMs });
    expect(waitingCount([item])).toBe(0);
    expect(dueItems([item], 1000)).toEqual([]);
    expect(dueItems([item], 1000, true)).toEqual([]);
  });

  test("due items come oldest first; force ignores backoff but not failed or paused ones", () => {
    const q = [
      { ...newItem(input("b-0000000"), label, 20), attempts: 2, nextAttemptAt: 500 },
      { ...newItem(input("a-0000000"), label, 10), attempts: 1, nextAttemptAt: 100 },
      { ...newItem(input("c-0000000"), label, 5), attempts: 3, nextAttemptAt: 100, state: "failed" as const },
      { ...newItem(input("d-0000000"), label, 1), attempts: 3, nextAttemptAt: 100, state: "paused" as const },
    ];
    expect(dueItems(q, 200).map((x) => x.requestId)).toEqual(["a-0000000"]);
    expect(dueItems(q, 200, true).map((x) => x.requestId)).toEqual(["a-0000000", "b-0000000"]);
    expect(nextWake(q)).toBe(100);
    expect(waitingCount(q)).toBe(3);
  });
});

describe("sending", () => {
  test("the first try lands: the item leaves the queue and onLanded is told", async () => {
    const area = fakeStorage();
    const server = fakeServer(["landed"]);
    const landed: string[] = [];
    const item = newItem(input("req-00000001"), label, 0);
    await enqueue(area, item);
    expect((await sendItem(deps(area, server, { t: 0 }, landed), item)).kind).toBe("landed");
    expect(await read(area, "queue")).toEqual([]);
    expect(landed).toEqual(["req-00000001"]);
  });

  test("server unreachable: kept with its requestId, retried after the backoff", async () => {
    const area = fakeStorage();
    const server = fakeServer(["retry"]);
    const item = newItem(input("req-00000001"), label, 0);
    await enqueue(area, item);
    await sendItem(deps(area, server, { t: 1000 }), item);
    const [q] = await read(area, "queue");
    expect(q).toMatchObject({ requestId: "req-00000001", attempts: 1, nextAttemptAt: 3000, state: "waiting", lastError: "The server could not be reached" });
    expect(waitingCount(await read(area, "queue"))).toBe(1);
  });

  test("lands exactly once across failures, restarts and a lost answer", async () => {
    const area = fakeStorage();
    // offline, offline, then the server takes it but the answer is lost (retry), then it answers.
    const server = fakeServer(["retry", "retry", "landed", "retry", "landed"]);
    const clock = { t: 0 };
    const landed: string[] = [];
    const item = newItem(input("req-00000001"), label, 0);
    await enqueue(area, item);
    await sendItem(deps(area, server, clock, landed), item);
    for (let i = 0; i < 10 && (await read(area, "queue")).length > 0; i++) {
      clock.t = nextWake(await read(area, "queue"))!;
      await flushQueue(deps(area, server, clock, landed));
    }
    expect(await read(area, "queue")).toEqual([]);
    expect(server.received.every((r) => r === "req-00000001")).toBe(true);
    expect(server.created.size).toBe(1);
    expect(landed).toEqual(["req-00000001"]);
  });

  test("a flush stops at the first unreachable try and moves the rest to the same time", async () => {
    const area = fakeStorage();
    for (const id of ["a-0000000", "b-0000000", "c-0000000"]) await queued(area, id);
    const server = fakeServer(["landed", "retry"]);
    const report = await flushQueue(deps(area, server, { t: 10_000 }));
    expect(report).toEqual({ landed: 1, refused: 0, stoppedBecause: "offline" });
    expect(server.received).toEqual(["a-0000000", "b-0000000"]);
    const q = await read(area, "queue");
    expect(q.map((x) => x.requestId)).toEqual(["b-0000000", "c-0000000"]);
    expect(q[1]!.nextAttemptAt).toBe(q[0]!.nextAttemptAt);
    expect(q[0]!.nextAttemptAt).toBeGreaterThan(10_000);
    // Nothing is due now, so an alarm would not fire in a loop.
    expect(dueItems(q, 10_000)).toEqual([]);
  });

  test("a 401 pauses every waiting item until the user connects again", async () => {
    const area = fakeStorage();
    for (const id of ["a-0000000", "b-0000000"]) await queued(area, id);
    const server = fakeServer(["unauthorized"]);
    expect((await flushQueue(deps(area, server, { t: 5 }))).stoppedBecause).toBe("unauthorized");
    expect((await read(area, "queue")).map((x) => x.state)).toEqual(["paused", "paused"]);
    expect(await flushQueue(deps(area, fakeServer(["landed"]), { t: 10 ** 9 }))).toEqual({ landed: 0, refused: 0, stoppedBecause: null });
    await resumePaused(area, 20);
    const s2 = fakeServer(["landed", "landed"]);
    expect((await flushQueue(deps(area, s2, { t: 20 }))).landed).toBe(2);
    expect(await read(area, "queue")).toEqual([]);
  });

  test("a refusal is kept as failed (shown, not retried) until dismissed", async () => {
    const area = fakeStorage();
    await queued(area, "a-0000000");
    await flushQueue(deps(area, fakeServer(["refused"]), { t: 5 }));
    const [q] = await read(area, "queue");
    expect(q).toMatchObject({ state: "failed", lastError: "Already on the opening" });
    const again = fakeServer(["landed"]);
    await flushQueue(deps(area, again, { t: 10 ** 9 }), { force: true });
    expect(again.received).toEqual([]);
    await dismiss(area, "a-0000000");
    expect(await read(area, "queue")).toEqual([]);
  });

  test("two flushes at once send each item once", async () => {
    const area = fakeStorage();
    for (const id of ["a-0000000", "b-0000000"]) await queued(area, id);
    const server = fakeServer(["landed", "landed", "landed", "landed"]);
    const d = deps(area, server, { t: 5 });
    const [r1, r2] = await Promise.all([flushQueue(d), flushQueue(d)]);
    expect(r1).toBe(r2);
    expect(server.received).toEqual(["a-0000000", "b-0000000"]);
  });

  test("an add queued while a flush runs is kept", async () => {
    const area = fakeStorage();
    await queued(area, "a-0000000");
    const server = fakeServer(["landed"]);
    const d = deps(area, server, { t: 5 });
    const flushing = flushQueue(d);
    await enqueue(area, newItem(input("b-0000000"), label, 5));
    await flushing;
    expect((await read(area, "queue")).map((x) => x.requestId)).toEqual(["b-0000000"]);
  });
});
