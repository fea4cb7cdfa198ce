import { describe, expect, test } from "vitest";
import { normaliseServerUrl, originPattern } from "../src/lib/server-url";
import { read, update, write } from "../src/lib/storage";
import { fakeStorage } from "./fake-storage";

const draft = { fullName: "Jane Doe", headline: "", title: "", company: "", location: "", emails: [], phones: [], links: [], skills: [], summary: "" };
const queued = (requestId: string) => ({
  requestId,
  input: { requestId, openingId: 1, stageId: 2, draft, tags: [], note: "" },
  label: { fullName: "Jane Doe", openingTitle: "Data Scientist", stageName: "Identified" },
  queuedAt: 1,
  attempts: 1,
  nextAttemptAt: 2,
  state: "waiting",
  lastError: null,
});

describe("storage: typed keys parsed on read", () => {
  test("missing keys read as their defaults", async () => {
    const area = fakeStorage();
    expect(await read(area, "settings")).toEqual({ serverUrl: null, email: null, token: null, tokenId: null, user: null, signedOutBecause: null });
    expect(await read(area, "queue")).toEqual([]);
    expect(await read(area, "lastUsed")).toBeNull();
    expect(await read(area, "openingUse")).toEqual({});
  });

  test("a value that does not parse is ignored, not trusted", async () => {
    const area = fakeStorage({ settings: { serverUrl: "not a url", token: 42 }, lastUsed: "Data Scientist", openingUse: [1, 2] });
    expect((await read(area, "settings")).token).toBeNull();
    expect(await read(area, "lastUsed")).toBeNull();
    expect(await read(area, "openingUse")).toEqual({});
  });

  test("older settings without the newer fields get defaults for them", async () => {
    const area = fakeStorage({ settings: { serverUrl: "https://p.example.com", token: "pro_abc" } });
    expect(await read(area, "settings")).toMatchObject({ serverUrl: "https://p.example.com", token: "pro_abc", tokenId: null, signedOutBecause: null });
  });

  test("a damaged queue entry is dropped, the others are kept", async () => {
    const area = fakeStorage({ queue: [queued("req-00000001"), { requestId: "broken" }, queued("req-00000002"), "junk"] });
    expect((await read(area, "queue")).map((q) => q.requestId)).toEqual(["req-00000001", "req-00000002"]);
  });

  test("a queue that is not a list reads as empty", async () => {
    expect(await read(fakeStorage({ queue: { a: 1 } }), "queue")).toEqual([]);
  });

  test("write then read gives the value back", async () => {
    const area = fakeStorage();
    await write(area, "lastUsed", { openingId: 3, openingTitle: "Backend", stageId: 9, stageName: "Contacted", at: 5 });
    expect(await read(area, "lastUsed")).toEqual({ openingId: 3, openingTitle: "Backend", stageId: 9, stageName: "Contacted", at: 5 });
  });

  test("concurrent updates of one key are serialised: no change is lost", async () => {
    const area = fakeStorage();
    await Promise.all(Array.from({ length: 20 }, (_, i) => update(area, "openingUse", (u) => ({ ...u, [String(i)]: i }))));
    expect(Object.keys(await read(area, "openingUse"))).toHaveLength(20);
  });

  test("an update that throws does not block the next one", async () => {
    const area = fakeStorage();
    await expect(
      update(area, "openingUse", () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await update(area, "openingUse", () => ({ "1": 1 }));
    expect(await read(area, "openingUse")).toEqual({ "1": 1 });
  });
});

describe("server URL", () => {
  test.each([
    ["https://prospector.example.com/", "https://prospector.example.com"],
    ["  prospector.example.com  ", "https://prospector.example.com"],
    ["localhost:3000", "http://localhost:3000"],
    ["127.0.0.1:3000/", "http://127.0.0.1:3000"],
    ["https://example.com/recruiting/?x=1#y", "https://example.com/recruiting"],
    ["ftp://example.com", null],
    ["https://user:pw@example.com", null],
    ["", null],
    ["http://", null],
  ])("%j → %j", (input, want) => {
    expect(normaliseServerUrl(input)).toBe(want);
  });

  test("the host permission asked for has no port (it then covers any port)", () => {
    expect(originPattern("http://127.0.0.1:3000")).toBe("http://127.0.0.1/*");
    expect(originPattern("https://p.example.com/recruiting")).toBe("https://p.example.com/*");
  });
});
