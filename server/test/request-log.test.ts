import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { CSRF_HEADER, createApp } from "../src/app";
import { loggedPath } from "../src/lib/request-log";
import { makeWorld, TEST_PASSWORD } from "./factory";

describe("request logging", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  it("logs one line per request (id, method, path, status, ms) and never a password, token, cookie or query string", async () => {
    const w = await makeWorld();
    const lines: string[] = [];
    const log = pino({ level: "info" }, { write: (l: string) => void lines.push(l) });
    server = createApp({ ...w.deps, log }).listen(0, "127.0.0.1");
    await new Promise((r) => server!.once("listening", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const json = { "content-type": "application/json", [CSRF_HEADER]: "1" };
    const signIn = await fetch(`${base}/trpc/auth.signIn`, { method: "POST", headers: { ...json, "x-request-id": "req-1" }, body: JSON.stringify({ email: "ada.admin@acme.test", password: TEST_PASSWORD }) });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const token = (await (
      await fetch(`${base}/trpc/auth.createExtensionToken`, { method: "POST", headers: json, body: JSON.stringify({ email: "ada.admin@acme.test", password: TEST_PASSWORD }) })
    ).json()) as { result: { data: { token: string } } };
    const bearer = token.result.data.token;
    await fetch(`${base}/trpc/candidates.list?input=${encodeURIComponent(JSON.stringify({ tab: "all", search: "secret-search-term" }))}`, { headers: { authorization: `Bearer ${bearer}` } });
    await fetch(`${base}/trpc/openings.list?input=%7B%7D`, { headers: { cookie } });
    await fetch(`${base}/c/very-private-candidate-token-1234567890`);
    await fetch(`${base}/healthz`);
    await new Promise((r) => setTimeout(r, 20));

    const text = lines.join("");
    for (const secret of [TEST_PASSWORD, bearer, cookie.split("=")[1]!, "secret-search-term", "very-private-candidate-token"]) expect(text).not.toContain(secret);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === "request completed");
    expect(parsed.find((l) => l.reqId === "req-1")).toMatchObject({ method: "POST", path: "/trpc/auth.signIn", status: 200, ms: expect.any(Number) });
    expect(parsed.map((l) => l.path)).toEqual(["/trpc/auth.signIn", "/trpc/auth.createExtensionToken", "/trpc/candidates.list", "/trpc/openings.list", "/c/[token]"]);
  });

  it("a live stream closed by its browser is logged as closed, not as an aborted request", async () => {
    const w = await makeWorld();
    const lines: string[] = [];
    server = createApp({ ...w.deps, log: pino({ level: "info" }, { write: (l: string) => void lines.push(l) }) }).listen(0, "127.0.0.1");
    await new Promise((r) => server!.once("listening", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const signIn = await fetch(`${base}/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json", [CSRF_HEADER]: "1" },
      body: JSON.stringify({ email: "ada.admin@acme.test", password: TEST_PASSWORD }),
    });
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const ac = new AbortController();
    const res = await fetch(`${base}/trpc/notifications.onCount`, { headers: { accept: "text/event-stream", cookie }, signal: ac.signal });
    await res.body!.getReader().read();
    ac.abort();
    const until = Date.now() + 3000;
    while (!lines.some((l) => l.includes("notifications.onCount")) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const line = JSON.parse(lines.find((l) => l.includes("notifications.onCount"))!) as { msg: string; level: number };
    expect(line).toMatchObject({ msg: "stream closed", level: 30 });
  });

  it("keeps the path, drops the query string and private tokens", () => {
    expect(loggedPath("/trpc/candidates.list?input=%7B%7D")).toBe("/trpc/candidates.list");
    expect(loggedPath("/u/abc123/one-click?x=1")).toBe("/u/[token]/one-click");
    expect(loggedPath("/app/candidates/12")).toBe("/app/candidates/12");
  });
});

describe("errors outside tRPC", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  it("answer with the status and a plain sentence, never a stack trace", async () => {
    const w = await makeWorld();
    server = createApp(w.deps).listen(0, "127.0.0.1");
    await new Promise((r) => server!.once("listening", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // A candidate-page post over the form's size limit: body-parser throws a 413.
    const res = await fetch(`${base}/c/${"a".repeat(43)}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      body: `message=${"x".repeat(70_000)}`,
    });
    expect(res.status).toBe(413);
    const text = await res.text();
    expect(text).toContain("That is too large.");
    expect(text).not.toMatch(/at \w+ \(|node_modules|PayloadTooLargeError/);
  });

  it("a rate-limited address is refused before its body is read", async () => {
    const w = await makeWorld();
    server = createApp(w.deps).listen(0, "127.0.0.1");
    await new Promise((r) => server!.once("listening", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (let i = 0; i < 21; i++) await fetch(`${base}/c/${"b".repeat(43)}${i}`);
    const res = await fetch(`${base}/c/${"a".repeat(43)}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      body: `message=${"x".repeat(70_000)}`,
    });
    expect(res.status).toBe(429);
  });
});
