import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, CSRF_HEADER, SESSION_COOKIE } from "../src/app";
import { makeOpening, makeWorld, TEST_PASSWORD, type World } from "./factory";

let w: World;
let server: Server;
let base: string;
let openingId: number;

beforeAll(async () => {
  w = await makeWorld();
  openingId = (await makeOpening(w)).id;
  server = createApp(w.deps).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function call(path: string, opts: { input?: unknown; mutation?: boolean; headers?: Record<string, string> } = {}) {
  const url = opts.mutation
    ? `${base}/trpc/${path}`
    : `${base}/trpc/${path}${opts.input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(opts.input))}`}`;
  const res = await fetch(url, {
    method: opts.mutation ? "POST" : "GET",
    headers: { "content-type": "application/json", ...opts.headers },
    body: opts.mutation ? JSON.stringify(opts.input ?? {}) : undefined,
  });
  return { status: res.status, body: (await res.json()) as { result?: { data: unknown }; error?: { message: string; data: { code: string } } }, headers: res.headers };
}

function data<T>(r: Awaited<ReturnType<typeof call>>): T {
  if (!r.body.result) throw new Error(`expected a result, got ${JSON.stringify(r.body)}`);
  return r.body.result.data as T;
}

describe("HTTP", () => {
  it("GET /healthz checks the database", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("every response carries a request id", async () => {
    const res = await fetch(`${base}/healthz`, { headers: { "x-request-id": "abc-123" } });
    expect(res.headers.get("x-request-id")).toBe("abc-123");
  });

  it("refuses procedures without a session or token", async () => {
    const r = await call("openings.list", { input: {} });
    expect(r.status).toBe(401);
    expect(r.body.error?.data.code).toBe("UNAUTHORIZED");
    const bad = await call("openings.list", { input: {}, headers: { authorization: "Bearer pro_not-a-real-token" } });
    expect(bad.status).toBe(401);
  });

  it("signs in with a cookie (HttpOnly, SameSite) and uses it; mutations need the CSRF header", async () => {
    const signIn = await call("auth.signIn", { mutation: true, input: { email: "ADA.ADMIN@acme.test", password: TEST_PASSWORD }, headers: { [CSRF_HEADER]: "1" } });
    expect(signIn.status).toBe(200);
    const setCookie = signIn.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(";")[0]!;

    const list = await call("openings.list", { input: {}, headers: { cookie } });
    expect(list.status).toBe(200);
    expect(data<{ items: { id: number }[] }>(list).items.map((o) => o.id)).toContain(openingId);

    const forged = await call("openings.setStatus", { mutation: true, input: { openingId, status: "on_hold" }, headers: { cookie } });
    expect(forged.status).toBe(403);
    const crossSite = await call("openings.setStatus", { mutation: true, input: { openingId, status: "on_hold" }, headers: { cookie, [CSRF_HEADER]: "1", origin: "https://evil.example" } });
    expect(crossSite.status).toBe(403);
    const ok = await call("openings.setStatus", { mutation: true, input: { openingId, status: "on_hold" }, headers: { cookie, [CSRF_HEADER]: "1", origin: base } });
    expect(ok.status).toBe(200);

    const out = await call("auth.signOut", { mutation: true, headers: { cookie, [CSRF_HEADER]: "1" } });
    expect(out.status).toBe(200);
    expect((await call("openings.list", { input: {}, headers: { cookie } })).status).toBe(401);
  });

  it("CSRF: a cookie mutation with the header is accepted from the extension's own origin, refused from another site", async () => {
    const signIn = await call("auth.signIn", { mutation: true, input: { email: "ada.admin@acme.test", password: TEST_PASSWORD }, headers: { [CSRF_HEADER]: "1" } });
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0]!;
    const setStatus = (status: "open" | "on_hold", headers: Record<string, string>) =>
      call("openings.setStatus", { mutation: true, input: { openingId, status }, headers: { cookie, ...headers } });
    const status = async () => data<{ status: string }>(await call("openings.get", { input: { openingId }, headers: { cookie } })).status;

    // No web page can send an extension's origin: Chrome's and Firefox's extension pages are not cross-site.
    expect((await setStatus("on_hold", { [CSRF_HEADER]: "1", origin: "chrome-extension://abcdefghijklmnopabcdefghijklmnop" })).status).toBe(200);
    expect(await status()).toBe("on_hold");
    expect((await setStatus("open", { [CSRF_HEADER]: "1", origin: "moz-extension://0f6b7c2e-4a1d-4b8e-9c3f-5d2e1a7b8c90" })).status).toBe(200);
    expect(await status()).toBe("open");

    // Another site is refused even with the header, and so are look-alikes of an extension origin.
    for (const origin of ["https://evil.example", "chrome-extension://abc.evil.example", "https://chrome-extension.evil.example", "null"]) {
      const r = await setStatus("on_hold", { [CSRF_HEADER]: "1", origin });
      expect(r.status, origin).toBe(403);
      expect(r.body.error?.data.code).toBe("FORBIDDEN");
    }
    // The extension's origin does not stand in for the header.
    expect((await setStatus("on_hold", { origin: "chrome-extension://abcdefghijklmnopabcdefghijklmnop" })).status).toBe(403);
    expect(await status()).toBe("open");
  });

  it("sign-in without the CSRF header is refused (no login CSRF)", async () => {
    const r = await call("auth.signIn", { mutation: true, input: { email: "ada.admin@acme.test", password: TEST_PASSWORD } });
    expect(r.status).toBe(403);
  });

  it("the extension connects with email + password and then uses a Bearer token (no CSRF header needed)", async () => {
    const t = await call("auth.createExtensionToken", { mutation: true, input: { email: "rita.recruiter@acme.test", password: TEST_PASSWORD }, headers: { [CSRF_HEADER]: "1" } });
    expect(t.status).toBe(200);
    const token = data<{ token: string }>(t).token;
    const authorization = `Bearer ${token}`;
    const add = await call("prospects.add", {
      mutation: true,
      input: { requestId: "req-http-0001", openingId, draft: { fullName: "Http Person", profileUrl: "https://www.linkedin.com/in/http-person" } },
      headers: { authorization },
    });
    expect(add.status).toBe(200);
    expect(add.body.result?.data).toMatchObject({ outcome: "created" });
    const dup = await call("duplicates.lookup", { input: { profileUrl: "linkedin.com/in/http-person/" }, headers: { authorization } });
    expect(dup.body.result?.data).toMatchObject({ match: { fullName: "Http Person" } });
    const tokens = await call("auth.tokens.list", { headers: { authorization } });
    const id = data<{ id: number }[]>(tokens)[0]!.id;
    await call("auth.tokens.revoke", { mutation: true, input: { id }, headers: { authorization } });
    expect((await call("openings.list", { input: {}, headers: { authorization } })).status).toBe(401);
  });

  it("wrong credentials answer 401 with one message for unknown and known emails", async () => {
    const a = await call("auth.createExtensionToken", { mutation: true, input: { email: "nobody@acme.test", password: "x" }, headers: { [CSRF_HEADER]: "1" } });
    const b = await call("auth.createExtensionToken", { mutation: true, input: { email: "boss@acme.test", password: "wrong" }, headers: { [CSRF_HEADER]: "1" } });
    expect([a.status, b.status]).toEqual([401, 401]);
    expect(a.body.error?.message).toBe(b.body.error?.message);
  });

  it("bad input gets a 400 with the field that is wrong", async () => {
    const t = await call("auth.createExtensionToken", { mutation: true, input: { email: "boss@acme.test", password: TEST_PASSWORD }, headers: { [CSRF_HEADER]: "1" } });
    const authorization = `Bearer ${data<{ token: string }>(t).token}`;
    const r = await call("prospects.add", { mutation: true, input: { requestId: "req-http-0002", openingId, draft: { fullName: "" } }, headers: { authorization } });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.error)).toContain("draft.fullName");
  });
});
