import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSRF_HEADER, createApp } from "../src/app";
import type { Config } from "../src/config";
import { INBOUND_SECRET_HEADER } from "../src/mail/routes";
import { makeWorld, TEST_PASSWORD, type World } from "./factory";
import { holdWriteLock } from "../src/db/write-gate";
import { busyWhileLocked, FakeTransport, replyTo, withProspects, workerFor } from "./support/mail";

const SECRET = "s".repeat(40);
let w: World;
let server: Server;
let base: string;
let app: number;
let transport: FakeTransport;
let worker: ReturnType<typeof workerFor>;
let addProspect: Awaited<ReturnType<typeof withProspects>>["add"];

beforeAll(async () => {
  w = await makeWorld();
  (w.deps as { config: Config }).config = { ...w.deps.config, inboundEmailSecret: SECRET };
  const p = await withProspects(w);
  app = p.jane.applicationId!;
  addProspect = p.add;
  transport = new FakeTransport();
  worker = workerFor(w.deps, transport);
  server = createApp(w.deps).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  (w.deps as { config: Config }).config = { ...w.deps.config, publicUrl: base };
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function sendOne(body = "Hi Jane") {
  await w.as.recruiter.conversations.post({ applicationId: app, body });
  await worker.drain();
  return transport.sent.at(-1)!;
}

const inbound = (raw: Buffer | string, headers: Record<string, string> = {}) =>
  fetch(`${base}/inbound/email`, { method: "POST", headers: { "content-type": "message/rfc822", ...headers }, body: typeof raw === "string" ? raw : new Uint8Array(raw) });

describe("POST /inbound/email", () => {
  it("needs the shared secret (401 without), threads a reply once, refuses unknown mail with a reason", async () => {
    const out = await sendOne();
    const raw = replyTo(out, "Over HTTP!", { messageId: "http-1@client.example" });
    expect((await inbound(raw)).status).toBe(401);
    expect((await inbound(raw, { [INBOUND_SECRET_HEADER]: "wrong" })).status).toBe(401);
    const ok = await inbound(raw, { [INBOUND_SECRET_HEADER]: SECRET });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ outcome: "threaded" });
    const again = await inbound(raw, { authorization: `Bearer ${SECRET}` });
    expect(await again.json()).toMatchObject({ outcome: "duplicate" });
    const stray = await inbound("From: a@b.example\r\nTo: c@d.example\r\nMessage-ID: <q@b>\r\n\r\nhi\r\n", { [INBOUND_SECRET_HEADER]: SECRET });
    expect(stray.status).toBe(422);
    expect(await stray.json()).toEqual({ outcome: "refused", reason: "unknown recipient" });
    const thread = await w.as.recruiter.conversations.get({ applicationId: app });
    expect(thread.messages.filter((m) => m.body === "Over HTTP!")).toHaveLength(1);
  });
});

describe("the candidate's conversation page", () => {
  it("shows the thread escaped under a strict CSP without leaking the token, and takes an answer through a CSRF-safe form", async () => {
    await w.as.recruiter.conversations.post({ applicationId: app, body: "<script>alert(1)</script> & more" });
    const out = await sendOne("Open the page please");
    const url = /(http:\/\/[^\s]+\/c\/[\w-]+)/.exec(out.text)![1]!;
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toMatch(/default-src 'none'; style-src 'nonce-/);
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = await page.text();
    expect(html).toContain("&#60;script&#62;alert(1)&#60;/script&#62; &#38; more");
    expect(html).not.toContain("<script>");
    const cookie = page.headers.get("set-cookie")!.split(";")[0]!;
    expect(page.headers.get("set-cookie")).toMatch(/SameSite=Strict/i);
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
    const post = (body: Record<string, string>, headers: Record<string, string>) =>
      fetch(url, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: new URLSearchParams(body) });
    expect((await post({ body: "forged" }, {})).status).toBe(403);
    expect((await post({ body: "forged", csrf }, {})).status).toBe(403); // no cookie: a cross-site form
    expect((await post({ body: "forged", csrf }, { cookie, origin: "https://evil.example" })).status).toBe(403);
    // Origin "null" (what a browser sends from our no-referrer page) is no pass without the cookie.
    expect((await post({ body: "forged", csrf }, { origin: "null" })).status).toBe(403);
    expect((await post({ body: "forged", csrf: "x".repeat(32) }, { cookie, origin: "null" })).status).toBe(403);
    // A real browser posts our no-referrer page with `Origin: null`: accepted with the cookie and field.
    const ok = await post({ body: "Answered on the page", csrf }, { cookie, origin: "null" });
    expect(ok.status).toBe(303);
    const ok2 = await post({ body: "And with our origin", csrf }, { cookie, origin: base });
    expect(ok2.status).toBe(303);
    expect(ok.headers.get("location")).toMatch(/\?sent=1$/);
    const thread = await w.as.recruiter.conversations.get({ applicationId: app });
    expect(thread.messages.slice(-2).map((m) => m.body)).toEqual(["Answered on the page", "And with our origin"]);
    expect(thread.messages.at(-1)).toMatchObject({ authorType: "candidate", channel: "page" });
    expect((await fetch(`${base}/c/${"x".repeat(43)}`)).status).toBe(404);
  });

  it("the same form posted twice (same CSRF value and form nonce) stores the message once; a new form posts again", async () => {
    const out = await sendOne("Write back on the page");
    const url = /(http:\/\/[^\s]+\/c\/[\w-]+)/.exec(out.text)![1]!;
    const form = async () => {
      const page = await fetch(url);
      const html = await page.text();
      return {
        cookie: page.headers.get("set-cookie")!.split(";")[0]!,
        csrf: /name="csrf" value="([^"]+)"/.exec(html)![1]!,
        nonce: /name="nonce" value="([^"]+)"/.exec(html)![1]!,
      };
    };
    const post = (f: { cookie: string; csrf: string; nonce: string }, body: string) =>
      fetch(url, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: f.cookie, origin: "null" },
        body: new URLSearchParams({ body, csrf: f.csrf, nonce: f.nonce }),
      });
    const before = (await w.as.recruiter.conversations.get({ applicationId: app })).messages.length;
    const f = await form();
    const [a, b] = await Promise.all([post(f, "Only once please"), post(f, "Only once please")]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect((await post(f, "Only once please")).status).toBe(303);
    let thread = await w.as.recruiter.conversations.get({ applicationId: app });
    expect(thread.messages.slice(before).map((m) => m.body)).toEqual(["Only once please"]);
    // The next form (the page reloaded) is a new message, even with the same words.
    const g = await form();
    expect(g.nonce).not.toBe(f.nonce);
    expect((await post(g, "Only once please")).status).toBe(303);
    thread = await w.as.recruiter.conversations.get({ applicationId: app });
    expect(thread.messages.slice(before).map((m) => m.body)).toEqual(["Only once please", "Only once please"]);
  });

  it("after a rejection the page is closed and does not say the candidate can answer by email", async () => {
    const rex = await addProspect("Rex Rejected", ["rex@example.com"]);
    await w.as.recruiter.conversations.post({ applicationId: rex.applicationId!, body: "Hello Rex" });
    await worker.drain();
    const url = /(http:\/\/[^\s]+\/c\/[\w-]+)/.exec(transport.sent.at(-1)!.text)![1]!;
    expect(await (await fetch(url)).text()).toContain("You can also answer any of their emails directly.");
    const state = (await w.as.admin.decisionedStates.list({})).find((s) => s.kind === "rejected")!;
    await w.as.recruiter.applications.decide({ applicationId: rex.applicationId!, stateId: state.id });
    const html = await (await fetch(url)).text();
    expect(html).not.toMatch(/answer any of their emails/i);
    expect(html).toContain("This conversation is closed");
    expect(html).not.toContain("<form");
  });

  it("the unsubscribe link asks first (GET), then one-click POST sets do-not-contact", async () => {
    const out = await sendOne("Last one");
    const unsub = /<([^>]+)>/.exec(out.headers["List-Unsubscribe"]!)![1]!.replace("http://localhost:3000", base);
    const ask = await fetch(unsub);
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain("Stop messages from Acme Recruiting?");
    const c0 = await w.as.admin.candidates.get({ candidateId: (await w.as.admin.conversations.get({ applicationId: app })).candidate.id });
    expect(c0.candidate?.doNotContact).toBe(false);
    const done = await fetch(unsub, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
    expect(done.status).toBe(200);
    const c1 = await w.as.admin.candidates.get({ candidateId: c0.candidate!.id });
    expect(c1.candidate?.doNotContact).toBe(true);
  });
});

describe("live updates over SSE (tRPC subscriptions)", () => {
  it("a signed-in browser receives new messages and the notification count; anonymous is refused", async () => {
    const signIn = await fetch(`${base}/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json", [CSRF_HEADER]: "1" },
      body: JSON.stringify({ email: "rita.recruiter@acme.test", password: TEST_PASSWORD }),
    });
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const anon = await fetch(`${base}/trpc/notifications.onCount`, { headers: { accept: "text/event-stream" } });
    const anonText = await anon.text();
    expect(`${anon.status} ${anonText}`).toMatch(/UNAUTHORIZED|401/);

    const ac = new AbortController();
    const res = await fetch(`${base}/trpc/conversations.onMessage?input=${encodeURIComponent(JSON.stringify({ applicationId: app }))}`, {
      headers: { accept: "text/event-stream", cookie },
      signal: ac.signal,
    });
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const waitFor = async (needle: string) => {
      const until = Date.now() + 5000;
      while (!text.includes(needle) && Date.now() < until) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
      return text.includes(needle);
    };
    await new Promise((r) => setTimeout(r, 50));
    await w.as.admin.conversations.post({ applicationId: app, body: "Seen live?" }).catch(() => undefined);
    // (Jane opted out in the previous test: post is refused; a page answer still streams.)
    const { pagePost } = await import("../src/modules/conversations/candidate-page.service");
    const link = await w.as.recruiter.conversations.createCandidateLink({ applicationId: app });
    pagePost(w.deps, link.url.split("/c/")[1]!, "Streaming works");
    expect(await waitFor("Streaming works")).toBe(true);
    ac.abort();

    const count = await fetch(`${base}/trpc/notifications.onCount`, { headers: { accept: "text/event-stream", cookie }, signal: AbortSignal.timeout(3000) });
    const r2 = count.body!.getReader();
    const first = decoder.decode((await r2.read()).value);
    expect(first).toMatch(/data: \d+/);
    await r2.cancel();
  });
});

describe("mail routes: limits, configuration, logs", () => {
  async function listen(config: Partial<Config>, lines?: string[]) {
    const w2 = await makeWorld();
    (w2.deps as { config: Config }).config = { ...w2.deps.config, ...config };
    if (lines) {
      const { pino } = await import("pino");
      (w2.deps as { log: unknown }).log = pino({ level: "info" }, { write: (l: string) => void lines.push(l) });
    }
    const s = createApp(w2.deps).listen(0, "127.0.0.1");
    await new Promise((r) => s.once("listening", r));
    return { w2, s, url: `http://127.0.0.1:${(s.address() as AddressInfo).port}` };
  }

  it("the inbound endpoint is off without INBOUND_EMAIL_SECRET, and refuses a message over MAIL_MAX_BYTES", async () => {
    const off = await listen({ inboundEmailSecret: undefined });
    expect((await fetch(`${off.url}/inbound/email`, { method: "POST", body: "x" })).status).toBe(404);
    off.s.close();
    const small = await listen({ inboundEmailSecret: SECRET, mailMaxBytes: 10_000 });
    const big = await fetch(`${small.url}/inbound/email`, { method: "POST", headers: { [INBOUND_SECRET_HEADER]: SECRET }, body: "x".repeat(20_000) });
    expect(big.status).toBe(413);
    // Without the secret the body is never read: 401, not 413 after buffering it.
    const anon = await fetch(`${small.url}/inbound/email`, { method: "POST", body: "x".repeat(20_000) });
    expect(anon.status).toBe(401);
    small.s.close();
  });

  it("guessing page links is rate limited per address, and tokens never reach the logs", async () => {
    const lines: string[] = [];
    const { s, url } = await listen({}, lines);
    const token = "T0ken".repeat(9);
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await fetch(`${url}/c/${token}${i}`)).status);
    expect(statuses.slice(0, 20).every((x) => x === 404)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    await fetch(`${url}/u/${token}`);
    s.close();
    const log = lines.join("\n");
    expect(log).toContain('"/c/[token]"');
    expect(log).not.toContain("T0ken");
  });
});

describe("mail doors while an import holds the write lock", () => {
  it("POST /c, POST /inbound/email and POST /u wait for the lock instead of failing", async () => {
    const p = await addProspect("Lock Tester", ["lock.tester@example.com"]);
    const appId = p.applicationId!;
    await w.as.recruiter.conversations.post({ applicationId: appId, body: "Hello" });
    await worker.drain();
    const out = transport.sent.at(-1)!;
    const url = /(http:\/\/[^\s]+\/c\/[\w-]+)/.exec(out.text)![1]!;
    const unsub = /<([^>]+)>/.exec(out.headers["List-Unsubscribe"]!)![1]!;
    const page = await fetch(url);
    const cookie = page.headers.get("set-cookie")!.split(";")[0]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!;

    const undo = busyWhileLocked(w.deps.db);
    const release = holdWriteLock(w.deps.db);
    try {
      setTimeout(release, 100);
      const [posted, mailed, unsubscribed] = await Promise.all([
        fetch(url, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", cookie }, body: new URLSearchParams({ body: "Sent during an import", csrf }) }),
        inbound(replyTo(out, "Mailed during an import", { messageId: "lock-1@client.example" }), { [INBOUND_SECRET_HEADER]: SECRET }),
        // After the two above (same tick order): the opt-out is applied once they are in.
        new Promise<Response>((r) => setTimeout(() => r(fetch(unsub, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" })), 20)),
      ]);
      expect(posted.status).toBe(303);
      expect(mailed.status).toBe(200);
      expect(await mailed.json()).toMatchObject({ outcome: "threaded" });
      expect(unsubscribed.status).toBe(200);
    } finally {
      release();
      undo();
    }
    const thread = await w.as.recruiter.conversations.get({ applicationId: appId });
    expect(thread.messages.map((m) => m.body)).toEqual(expect.arrayContaining(["Sent during an import", "Mailed during an import"]));
    const c = await w.as.admin.candidates.get({ candidateId: thread.candidate.id });
    expect(c.candidate?.doNotContact).toBe(true);
  });
});

describe("revoked reply addresses", () => {
  it("a reply to a revoked reply address is not threaded, neither by the address nor by In-Reply-To", async () => {
    const p = await addProspect("Revoked Replier", ["revoked.replier@example.com"]);
    const appId = p.applicationId!;
    await w.as.recruiter.conversations.post({ applicationId: appId, body: "Hello there" });
    await worker.drain();
    const out = transport.sent.at(-1)!;
    await w.as.recruiter.conversations.revokeCandidateLinks({ applicationId: appId, includeReplyAddresses: true });
    const toRevoked = await inbound(replyTo(out, "To the revoked address", { messageId: "revoked-1@client.example" }), { [INBOUND_SECRET_HEADER]: SECRET });
    expect(toRevoked.status).toBe(422);
    expect(await toRevoked.json()).toEqual({ outcome: "refused", reason: "unknown recipient" });
    const noAddress = Buffer.from(replyTo(out, "Only In-Reply-To", { messageId: "revoked-2@client.example" }).toString().replace(`To: ${out.replyTo}`, "To: someone@else.example"));
    const byThread = await inbound(noAddress, { [INBOUND_SECRET_HEADER]: SECRET });
    expect(byThread.status).toBe(422);
    const thread = await w.as.recruiter.conversations.get({ applicationId: appId });
    expect(thread.messages.map((m) => m.body)).toEqual(["Hello there"]);
  });
});
