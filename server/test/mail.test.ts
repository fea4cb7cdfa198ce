import { hostname } from "node:os";
import { describe, expect, it, vi } from "vitest";
import { busOf } from "../src/lib/events";
import { receiveMail } from "../src/mail/inbound";
import { PermanentJobError } from "../src/jobs/worker";
import { outboxTransport } from "../src/mail/transport";
import { pagePost, pageView, unsubscribe } from "../src/modules/conversations/candidate-page.service";
import { zProfileDraft } from "@prospector/shared/profile";
import { createCandidate } from "../src/modules/candidates/intake.service";
import { bulkSend } from "../src/modules/candidates/followup.service";
import { rejects } from "./expect-error";
import { makeWorld, type World } from "./factory";
import { FakeTransport, replyTo, withProspects, workerFor } from "./support/mail";

const mailRows = (w: World) =>
  w.deps.db.$client.prepare("SELECT id, direction, kind, status, reason, to_address AS toAddress, attempts FROM mails ORDER BY id").all() as {
    id: number;
    direction: string;
    kind: string;
    status: string;
    reason: string | null;
    toAddress: string;
    attempts: number;
  }[];
const jobRows = (w: World) =>
  w.deps.db.$client.prepare("SELECT id, kind, status, attempts, run_at AS runAt, last_error AS lastError FROM jobs ORDER BY id").all() as {
    id: number;
    kind: string;
    status: string;
    attempts: number;
    runAt: number;
    lastError: string | null;
  }[];

async function setup() {
  const w = await makeWorld();
  const p = await withProspects(w);
  const transport = new FakeTransport();
  const worker = workerFor(w.deps, transport);
  return { w, ...p, transport, worker, app: p.jane.applicationId! };
}

describe("conversations: company messages are stored, then mailed by the queue", () => {
  it("a posted message shows its author, is queued, and the worker sends it once with reply address, Message-ID and unsubscribe link", async () => {
    const { w, app, transport, worker } = await setup();
    const r = await w.as.recruiter.conversations.post({ applicationId: app, body: "Hi Jane, are you open to a chat?" });
    expect(r.emailed).toBe(true);
    expect(mailRows(w).map((m) => m.status)).toEqual(["queued"]);
    expect(await worker.drain()).toBe(1);
    await w.as.admin.conversations.post({ applicationId: app, body: "Adding my colleague's note." });
    expect(await worker.drain()).toBe(1);
    expect(await worker.drain()).toBe(0);
    expect(transport.sent).toHaveLength(2);
    const m = transport.sent[0]!;
    expect(m.to).toBe("jane@example.com");
    expect(m.from.name).toBe("Rita Recruiter (Acme Recruiting)");
    expect(m.replyTo).toMatch(/^reply\+[0-9a-f]{32}@localhost$/);
    expect(m.messageId).toMatch(/^[0-9a-f]{32}@localhost$/);
    expect(m.headers["List-Unsubscribe"]).toMatch(/^<http:\/\/localhost:3000\/u\/[\w-]{43}>$/);
    expect(m.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(m.text).toContain("Hi Jane, are you open to a chat?");
    expect(m.text).toMatch(/http:\/\/localhost:3000\/u\//);
    expect(m.html).toContain('<a href="http://localhost:3000/u/');
    // The second mail of the thread refers to the first.
    expect(transport.sent[1]!.references).toEqual([m.messageId]);
    const thread = await w.as.recruiter.conversations.get({ applicationId: app });
    expect(thread.messages.map((x) => [x.authorName, x.delivery?.status])).toEqual([
      ["Rita Recruiter", "sent"],
      ["Ada Admin", "sent"],
    ]);
    // Tokens are stored only as hashes.
    const token = m.replyTo!.slice(6, 38);
    const stored = w.deps.db.$client.prepare("SELECT token_hash FROM conversation_tokens").all() as { token_hash: string }[];
    expect(stored.some((t) => t.token_hash.includes(token))).toBe(false);
  });

  it("HTML mail escapes every string; the candidate's name cannot inject markup", async () => {
    const { w, transport, worker, add } = await setup();
    const evil = await add("<img src=x onerror=alert(1)>", ["evil@example.com"]);
    const t = (await w.as.recruiter.templates.list()).find((x) => x.name === "Ask to apply")!;
    await w.as.recruiter.prospects.sendMessage({ selection: { applicationIds: [evil.applicationId!] }, templateId: t.id });
    await worker.drain();
    const m = transport.sent[0]!;
    expect(m.html).not.toContain("<img");
    expect(m.html).toContain("Hi &#60;img src=x,");
    expect(m.text).toContain("Hi <img src=x,");
    // apply_link was filled at delivery with a real private link: the opening's form on the careers page.
    expect(m.text).toMatch(/apply here: http:\/\/localhost:3000\/jobs\/[a-z0-9-]+\/\d+\?t=[\w-]{43}\n/);
  });

  it("without SMTP the mail is kept in the outbox, clearly not sent, and admins can read it (links never filled)", async () => {
    const { w, app } = await setup();
    const worker = workerFor(w.deps, outboxTransport);
    await w.as.recruiter.conversations.post({ applicationId: app, body: "Your link: {{conversation_link}}" });
    await worker.drain();
    const out = await w.as.admin.mail.list({ direction: "out" });
    expect(out.items).toHaveLength(1);
    expect(out.items[0]).toMatchObject({ status: "outbox", sent: false, to: "jane@example.com" });
    const one = await w.as.admin.mail.get({ mailId: out.items[0]!.id });
    expect(one.text).toBe("Your link: [private conversation link]");
    expect(one.reason).toMatch(/not sent/);
    await rejects(w.as.recruiter.mail.list({ direction: "out" }), "FORBIDDEN");
    expect(w.deps.db.$client.prepare("SELECT count(*) AS n FROM conversation_tokens").get()).toEqual({ n: 0 });
  });

  it("a candidate without an email gets the message in the thread and no mail", async () => {
    const { w, nomail } = await setup();
    const r = await w.as.recruiter.conversations.post({ applicationId: nomail.applicationId!, body: "Hello" });
    expect(r.emailed).toBe(false);
    expect(mailRows(w)).toEqual([]);
  });
});

describe("do-not-contact blocks every outgoing message", () => {
  it("posting to a do-not-contact candidate is refused", async () => {
    const { w, app, jane } = await setup();
    await w.as.recruiter.candidates.setDoNotContact({ candidateId: jane.candidateId, doNotContact: true, reason: "asked" });
    await rejects(w.as.recruiter.conversations.post({ applicationId: app, body: "Hi" }), "PRECONDITION_FAILED");
  });

  it("mail already queued is blocked when the flag is set, and the worker re-checks at send time", async () => {
    const { w, app, jane, transport, worker } = await setup();
    await w.as.recruiter.conversations.post({ applicationId: app, body: "One" });
    await w.as.recruiter.candidates.setDoNotContact({ candidateId: jane.candidateId, doNotContact: true });
    expect(mailRows(w).map((m) => [m.status, m.reason])).toEqual([["blocked", "do_not_contact"]]);
    await w.as.recruiter.candidates.setDoNotContact({ candidateId: jane.candidateId, doNotContact: false });
    await w.as.recruiter.conversations.post({ applicationId: app, body: "Two" });
    // Set behind the service's back (e.g. another process): the worker still refuses to send.
    w.deps.db.$client.prepare("UPDATE candidates SET do_not_contact = 1 WHERE id = ?").run(jane.candidateId);
    await worker.drain();
    expect(transport.sent).toEqual([]);
    expect(mailRows(w).map((m) => m.status)).toEqual(["blocked", "blocked"]);
    expect(jobRows(w).map((j) => j.status)).toEqual(["done", "done"]);
  });

  it("the unsubscribe link sets do-not-contact and blocks queued mail", async () => {
    const { w, app, jane, transport, worker } = await setup();
    await w.as.recruiter.conversations.post({ applicationId: app, body: "One" });
    await worker.drain();
    await w.as.recruiter.conversations.post({ applicationId: app, body: "Two" });
    const unsubToken = /\/u\/([\w-]+)>/.exec(transport.sent[0]!.headers["List-Unsubscribe"]!)![1]!;
    expect(unsubscribe(w.deps, unsubToken)).toEqual({ companyName: "Acme Recruiting" });
    const c = await w.as.admin.candidates.get({ candidateId: jane.candidateId });
    expect(c.candidate).toMatchObject({ doNotContact: true, doNotContactReason: "Unsubscribed by email link" });
    expect(c.candidate?.timeline[0]).toMatchObject({ type: "candidate.dnc_set", actorType: "candidate" });
    await worker.drain();
    expect(transport.sent).toHaveLength(1);
    expect(unsubscribe(w.deps, "not-a-token-at-all-xxxxxxxx")).toBeNull();
  });
});

describe("the job queue", () => {
  it("retries a failed send with exponential backoff, then sends it", async () => {
    const { w, app, transport, worker } = await setup();
    transport.failures.push(new Error("connection refused"), new Error("connection refused"));
    await w.as.recruiter.conversations.post({ applicationId: app, body: "Hello" });
    const t0 = w.deps.clock.now();
    await worker.runOnce();
    expect(jobRows(w)[0]).toMatchObject({ status: "pending", attempts: 1, runAt: t0 + 30_000, lastError: "connection refused" });
    expect(await worker.runOnce()).toBe(0); // not due yet
    w.deps.clock.advance(30_000);
    await worker.runOnce();
    expect(jobRows(w)[0]).toMatchObject({ status: "pending", attempts: 2, runAt: t0 + 30_000 + 60_000 });
    w.deps.clock.advance(60_000);
    await worker.runOnce();
    expect(jobRows(w)[0]).toMatchObject({ status: "done", attempts: 3 });
    expect(transport.sent).toHaveLength(1);
    expect(mailRows(w)[0]).toMatchObject({ status: "sent", attempts: 3 });
  });

  it("gives up after the last attempt, or at once on a permanent SMTP refusal, and marks the mail failed", async () => {
    const { w, app, transport, worker } = await setup();
    const refused = Object.assign(new Error("550 No such user"), { responseCode: 550 });
    transport.failures.push(new PermanentJobError(`SMTP 550: ${refused.message}`));
    await w.as.recruiter.conversations.post({ applicationId: app, body: "Hello" });
    await worker.runOnce();
    expect(jobRows(w)[0]).toMatchObject({ status: "failed", attempts: 1 });
    expect(mailRows(w)[0]).toMatchObject({ status: "failed", reason: "SMTP 550: 550 No such user" });
    const thread = await w.as.recruiter.conversations.get({ applicationId: app });
    expect(thread.messages[0]?.delivery).toEqual({ status: "failed", reason: "SMTP 550: 550 No such user" });
  });

  it("a worker that dies mid-send loses its lease; the mail is then sent exactly once", async () => {
    const { w, app } = await setup();
    await w.as.recruiter.conversations.post({ applicationId: app, body: "Hello" });
    const dying = new FakeTransport();
    dying.hang = true; // the process "crashes" mid-send: the send never completes
    const a = workerFor(w.deps, dying, { leaseMs: 60_000 });
    void a.runOnce();
    await new Promise((r) => setTimeout(r, 10));
    const healthy = new FakeTransport();
    const b = workerFor(w.deps, healthy, { leaseMs: 60_000 });
    expect(await b.runOnce()).toBe(0); // the lease still holds
    w.deps.clock.advance(60_001);
    expect(await b.runOnce()).toBe(1);
    expect(healthy.sent).toHaveLength(1);
    expect(mailRows(w)[0]).toMatchObject({ status: "sent" });
    // The job is done: nothing runs it again, and a job re-run by mistake does not send a sent mail twice.
    expect(await b.drain()).toBe(0);
    w.deps.db.$client.prepare("UPDATE jobs SET status = 'pending', locked_until = NULL").run();
    expect(await b.drain()).toBe(1);
    expect(healthy.sent).toHaveLength(1);
  });

  it("at start-up, a job leased by a process that died is taken at once, not after its lease; a live holder keeps it", async () => {
    const { w, app } = await setup();
    await w.as.recruiter.conversations.post({ applicationId: app, body: "Hello" });
    await w.as.recruiter.conversations.post({ applicationId: app, body: "Hello again" });
    const [first, second] = jobRows(w);
    const host = hostname();
    const uuid = () => crypto.randomUUID();
    // A crashed process (no such pid on this host) and a live one (our parent) each hold a 5-minute lease mid-send.
    const lease = w.deps.db.$client.prepare("UPDATE jobs SET locked_by = ?, locked_until = ?, attempts = 1 WHERE id = ?");
    const until = w.deps.clock.now() + 5 * 60_000;
    lease.run(`999999999.${uuid()}.${uuid()}@${host}`, until, first!.id);
    lease.run(`${process.ppid}.${uuid()}.${uuid()}@${host}`, until, second!.id);
    w.deps.db.$client.prepare("UPDATE mails SET status = 'sending'").run();
    const t = new FakeTransport();
    const worker = workerFor(w.deps, t);
    worker.start();
    try {
      await vi.waitFor(() => expect(t.sent).toHaveLength(1), { timeout: 5_000 });
    } finally {
      await worker.stop();
    }
    expect(t.sent[0]!.text).toContain("Hello");
    expect(t.sent[0]!.text).not.toContain("Hello again");
    expect(jobRows(w).map((j) => [j.status, j.attempts])).toEqual([
      ["done", 2],
      ["pending", 1],
    ]);
    // An earlier process with our own pid (a restarted container) is gone too.
    lease.run(`${process.pid}.${uuid()}.${uuid()}@${host}`, until, second!.id);
    expect(worker.recoverDeadLeases()).toBe(1);
    expect(await worker.drain()).toBe(1);
    expect(t.sent).toHaveLength(2);
  });

  it("two workers never take the same job", async () => {
    const { w, app } = await setup();
    for (let i = 0; i < 10; i++) await w.as.recruiter.conversations.post({ applicationId: app, body: `Message ${i}` });
    const ta = new FakeTransport();
    const tb = new FakeTransport();
    await Promise.all([workerFor(w.deps, ta).drain(), workerFor(w.deps, tb).drain()]);
    expect(ta.sent.length + tb.sent.length).toBe(10);
    expect(new Set([...ta.sent, ...tb.sent].map((m) => m.messageId)).size).toBe(10);
  });

  it("survives a restart: a queued job is picked up by a new worker on the same database", async () => {
    const { w, app } = await setup();
    await w.as.recruiter.conversations.post({ applicationId: app, body: "Hello" });
    const first = workerFor(w.deps, new FakeTransport());
    first.start();
    await first.stop();
    const t = new FakeTransport();
    await workerFor(w.deps, t).drain();
    expect(t.sent.length).toBe(1);
  });
});

describe("inbound replies", () => {
  async function sentOne() {
    const s = await setup();
    await s.w.as.recruiter.conversations.post({ applicationId: s.app, body: "Hi Jane, are you open to a chat?" });
    await s.worker.drain();
    return { ...s, out: s.transport.sent[0]! };
  }

  it("a reply lands once in the thread, trimmed, and notifies the hiring team in the app and by email", async () => {
    const { w, app, out, worker, transport } = await sentOne();
    const raw = replyTo(out, "Yes, happy to talk!\n\nJane\n--\nJane Doe | +1 555 0100 | jane.example.com", { messageId: "abc@client.example" });
    expect(await receiveMail(w.deps, raw)).toMatchObject({ outcome: "threaded" });
    expect(await receiveMail(w.deps, raw)).toMatchObject({ outcome: "duplicate" });
    const thread = await w.as.recruiter.conversations.get({ applicationId: app });
    expect(thread.messages.map((m) => [m.authorType, m.body, m.channel])).toEqual([
      ["user", "Hi Jane, are you open to a chat?", "web"],
      ["candidate", "Yes, happy to talk!\n\nJane", "email"],
    ]);
    // The original is kept.
    const inbound = (await w.as.admin.mail.list({ direction: "in" })).items;
    expect(inbound).toHaveLength(1);
    const stored = await w.as.admin.mail.get({ mailId: inbound[0]!.id });
    const storedRaw = w.deps.db.$client.prepare("SELECT raw FROM mails WHERE id = ?").get(inbound[0]!.id) as { raw: Buffer };
    expect(storedRaw.raw.toString("utf8")).toContain("> Hi Jane");
    // Admins get the headers and the decoded text, never the raw source (encoded parts could hide a private link).
    expect(stored.headers).toMatch(/^Subject: /m);
    expect(stored.headers).not.toMatch(/\/[cu]\/[\w-]{43}/);
    expect(stored.text).toContain("/u/[private]");
    // The opening's hiring team (owner Ada Admin and Rita) each get a notification and an email.
    expect(await w.as.recruiter.notifications.unreadCount()).toEqual({ unread: 1 });
    expect(await w.as.admin.notifications.unreadCount()).toEqual({ unread: 1 });
    expect(await w.as.superAdmin.notifications.unreadCount()).toEqual({ unread: 0 });
    const n = (await w.as.recruiter.notifications.list({})).items[0]!;
    expect(n).toMatchObject({ kind: "candidate_message", title: "Jane Doe wrote about Backend Engineer", applicationId: app, read: false });
    await worker.drain();
    const notes = transport.sent.slice(1);
    expect(notes.map((m) => m.to).sort()).toEqual(["ada.admin@acme.test", "rita.recruiter@acme.test"]);
    expect(notes[0]!.text).toContain("Yes, happy to talk!");
    // "open it" leads to the web UI's page of the candidate, at this application's thread (a route that exists).
    const link = /or open it: (\S+)/.exec(notes[0]!.text)?.[1];
    expect(link).toBe(`${w.deps.config.publicUrl}/app/candidates/${thread.candidate.id}#thread-${app}`);
    // Inbox: one unread for Rita; reading clears it.
    const inbox = await w.as.recruiter.conversations.inbox({});
    expect(inbox.items[0]).toMatchObject({ applicationId: app, unread: 1, candidate: { fullName: "Jane Doe" } });
    expect(inbox.unreadTotal).toBe(1);
    await w.as.recruiter.conversations.markRead({ applicationId: app });
    expect((await w.as.recruiter.conversations.inbox({})).unreadTotal).toBe(0);
    expect((await w.as.admin.conversations.inbox({ unreadOnly: true })).items).toHaveLength(1);
    await w.as.recruiter.notifications.markRead({ notificationIds: [n.id] });
    expect(await w.as.recruiter.notifications.unreadCount()).toEqual({ unread: 0 });
    await rejects(w.as.recruiter.notifications.markRead({ notificationIds: [n.id + 1] }), "NOT_FOUND");
  });

  it("threads by In-Reply-To when the reply address is missing; unknown mail is refused", async () => {
    const { w, app, out } = await sentOne();
    const raw = Buffer.from(replyTo(out, "Replying without the address").toString().replace(`To: ${out.replyTo}`, "To: someone@else.example"));
    expect(await receiveMail(w.deps, raw)).toMatchObject({ outcome: "threaded" });
    expect((await w.as.recruiter.conversations.get({ applicationId: app })).messages).toHaveLength(2);
    const stray = Buffer.from("From: x@y.example\r\nTo: reply+00000000000000000000000000000000@localhost\r\nMessage-ID: <s@y>\r\n\r\nhello\r\n");
    expect(await receiveMail(w.deps, stray)).toEqual({ outcome: "refused", reason: "unknown recipient" });
    expect(await receiveMail(w.deps, Buffer.from("garbage"))).toMatchObject({ outcome: "refused" });
  });

  it("an out-of-office answer is kept, not threaded and not answered", async () => {
    const { w, app, out } = await sentOne();
    const r = await receiveMail(w.deps, replyTo(out, "I am away until Monday.", { headers: "Auto-Submitted: auto-replied" }));
    expect(r).toMatchObject({ outcome: "kept", reason: "automatic reply" });
    expect((await w.as.recruiter.conversations.get({ applicationId: app })).messages).toHaveLength(1);
  });

  it("a team member's email reply to the notification posts into the thread as them and is mailed to the candidate", async () => {
    const { w, app, out, worker, transport } = await sentOne();
    await receiveMail(w.deps, replyTo(out, "Sounds good"));
    await worker.drain();
    const toRita = transport.sent.find((m) => m.to === "rita.recruiter@acme.test")!;
    const forged = replyTo(toRita, "I am not Rita", { from: "mallory@evil.example" });
    expect(await receiveMail(w.deps, forged)).toMatchObject({ outcome: "kept", reason: "sender is not the user" });
    const r = await receiveMail(w.deps, replyTo(toRita, "Great, does Tuesday 10:00 work?", { from: "Rita <rita.recruiter@acme.test>" }));
    expect(r).toMatchObject({ outcome: "threaded" });
    const thread = await w.as.admin.conversations.get({ applicationId: app });
    expect(thread.messages.at(-1)).toMatchObject({ authorType: "user", authorName: "Rita Recruiter", channel: "email", body: "Great, does Tuesday 10:00 work?" });
    await worker.drain();
    expect(transport.sent.at(-1)).toMatchObject({ to: "jane@example.com" });
    expect(transport.sent.at(-1)!.text).toContain("Great, does Tuesday 10:00 work?");
    // The candidate sees the thread's own subject, not the internal one the notification had.
    expect(toRita.subject).toBe("Jane Doe wrote about Backend Engineer");
    expect(transport.sent.at(-1)!.subject).toBe("Re: Backend Engineer at Acme Recruiting");
  });

  it("after a rejection: the company can still write, the candidate's page is read-only, and an email reply is kept and answered with the contact address", async () => {
    const { w, app, out, worker, transport } = await sentOne();
    await w.as.superAdmin.company.update({ publicContactEmail: "jobs@acme.test" });
    const pageToken = /\/c\/([\w-]+)/.exec(out.text)![1]!;
    expect(pageView(w.deps, pageToken)?.locked).toBe(false);
    const state = (await w.as.admin.decisionedStates.list({})).find((s) => s.kind === "rejected")!;
    await w.as.recruiter.applications.decide({ applicationId: app, stateId: state.id });
    const view = pageView(w.deps, pageToken)!;
    expect(view).toMatchObject({ locked: true, publicContactEmail: "jobs@acme.test" });
    expect(pagePost(w.deps, pageToken, "Please reconsider")).toBe("locked");
    expect((await w.as.recruiter.conversations.get({ applicationId: app })).candidateLocked).toBe(true);
    await w.as.recruiter.conversations.post({ applicationId: app, body: "Thank you for your time." });
    await worker.drain();
    // The company's later mail does not invite a reply: it says the conversation is closed and whom to write to.
    const later = transport.sent.at(-1)!;
    expect(later.text).toContain("Thank you for your time.");
    expect(later.text).not.toMatch(/reply to this email|answer on your/i);
    expect(later.text).toContain("This conversation is closed: replies to it are no longer read. To get in touch, please write to jobs@acme.test.");
    expect(later.html).not.toMatch(/reply to this email|answer on/i);
    expect(later.html).toContain('<a href="mailto:jobs@acme.test">jobs@acme.test</a>');
    const r = await receiveMail(w.deps, replyTo(out, "Why was I rejected?"));
    expect(r).toMatchObject({ outcome: "kept", reason: "after rejection" });
    const thread = await w.as.recruiter.conversations.get({ applicationId: app });
    expect(thread.messages.map((m) => m.body)).toEqual(["Hi Jane, are you open to a chat?", "Thank you for your time."]);
    const kept = (await w.as.admin.mail.list({ direction: "in", status: "kept" })).items;
    expect(kept).toHaveLength(1);
    // The live reply address is a credential: redacted in `to` as it is in the headers.
    expect(kept[0]!.to).toBe("reply+[private]@localhost");
    const one = await w.as.admin.mail.get({ mailId: kept[0]!.id });
    expect(one.to).toBe("reply+[private]@localhost");
    expect(one.headers).toContain("reply+[private]@localhost");
    expect(JSON.stringify(one)).not.toContain(out.replyTo!);
    expect(await w.as.recruiter.notifications.unreadCount()).toEqual({ unread: 0 });
    await worker.drain();
    const auto = transport.sent.find((m) => m.headers["Auto-Submitted"] === "auto-replied")!;
    expect(auto.to).toBe("jane@example.com");
    expect(auto.text).toContain("jobs@acme.test");
    expect(auto.inReplyTo).toBeDefined();
    // A second reply the same day is kept too, but not answered again.
    await receiveMail(w.deps, replyTo(out, "Hello??"));
    await worker.drain();
    expect(transport.sent.filter((m) => m.headers["Auto-Submitted"] === "auto-replied")).toHaveLength(1);
  });

  it("after a rejection the automatic answer goes to the candidate's own address, not to a forged From", async () => {
    const { w, app, out, worker, transport } = await sentOne();
    const state = (await w.as.admin.decisionedStates.list({})).find((s) => s.kind === "rejected")!;
    await w.as.recruiter.applications.decide({ applicationId: app, stateId: state.id });
    const r = await receiveMail(w.deps, replyTo(out, "Why?", { from: "victim@elsewhere.example" }));
    expect(r).toMatchObject({ outcome: "kept", reason: "after rejection" });
    await worker.drain();
    const autos = transport.sent.filter((m) => m.headers["Auto-Submitted"] === "auto-replied");
    expect(autos.map((m) => m.to)).toEqual(["jane@example.com"]);
  });

  it("the candidate answers on the conversation page; it threads and notifies like an email", async () => {
    const { w, app, out } = await sentOne();
    const pageToken = /\/c\/([\w-]+)/.exec(out.text)![1]!;
    expect(pagePost(w.deps, pageToken, "  Sure, call me.  ")).toBe("posted");
    expect(pagePost(w.deps, pageToken, "   ")).toBe("empty");
    expect(pagePost(w.deps, "x".repeat(43), "hi")).toBe("invalid");
    const thread = await w.as.recruiter.conversations.get({ applicationId: app });
    expect(thread.messages.at(-1)).toMatchObject({ authorType: "candidate", channel: "page", body: "Sure, call me." });
    expect(pageView(w.deps, pageToken)?.messages.map((m) => m.author)).toEqual(["Rita Recruiter, Acme Recruiting", "You"]);
    await w.as.recruiter.conversations.revokeCandidateLinks({ applicationId: app });
    expect(pageView(w.deps, pageToken)).toBeNull();
    const fresh = await w.as.recruiter.conversations.createCandidateLink({ applicationId: app });
    expect(pageView(w.deps, fresh.url.split("/c/")[1]!)).not.toBeNull();
  });

  it("reading a thread to its newest message clears the reader's 'candidate wrote' notifications of it, and only theirs", async () => {
    const { w, app, out } = await sentOne();
    const pageToken = /\/c\/([\w-]+)/.exec(out.text)![1]!;
    expect(pagePost(w.deps, pageToken, "First answer")).toBe("posted");
    expect(await w.as.recruiter.notifications.unreadCount()).toEqual({ unread: 1 });
    const seen: unknown[] = [];
    busOf(w.deps.db).on("notifications", (e) => seen.push(e));
    const thread = await w.as.recruiter.conversations.get({ applicationId: app });
    // Read only up to an older message: the notification stays.
    await w.as.recruiter.conversations.markRead({ applicationId: app, upToMessageId: thread.messages[0]!.id });
    expect(await w.as.recruiter.notifications.unreadCount()).toEqual({ unread: 1 });
    await w.as.recruiter.conversations.markRead({ applicationId: app });
    expect(await w.as.recruiter.notifications.unreadCount()).toEqual({ unread: 0 });
    expect(seen).toEqual([expect.objectContaining({ type: "notifications", userIds: [w.recruiter.userId] })]);
    // The rest of the hiring team has not read it.
    expect(await w.as.admin.notifications.unreadCount()).toEqual({ unread: 1 });
  });

  it("live: a new message is published to open subscriptions", async () => {
    const { w, app, out } = await sentOne();
    const seen: unknown[] = [];
    busOf(w.deps.db).on("message", (e) => seen.push(e));
    await receiveMail(w.deps, replyTo(out, "Live!"));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ applicationId: app });
  });
});

describe("conversations and candidate merge", () => {
  it("merging two records on the same opening joins their conversations into the kept application's", async () => {
    const { w, jane, add, opening } = await setup();
    const dup = await add("Jane Doe-Duplicate", ["jane.other@example.com"]);
    await w.as.recruiter.conversations.post({ applicationId: jane.applicationId!, body: "To the first record" });
    await w.as.recruiter.conversations.post({ applicationId: dup.applicationId!, body: "To the second record" });
    await w.as.admin.candidates.merge({ targetId: jane.candidateId, sourceId: dup.candidateId });
    const thread = await w.as.recruiter.conversations.get({ applicationId: jane.applicationId! });
    expect(thread.messages.map((m) => m.body)).toEqual(["To the first record", "To the second record"]);
    const inbox = await w.as.recruiter.conversations.inbox({ openingId: opening.id });
    expect(inbox.items.map((i) => i.applicationId)).toEqual([jane.applicationId]);
  });
});

describe("follow-up: flag, rating, bulk send with skip report, reminders", () => {
  it("the follow-up flag and rating toggle and filter the prospects list", async () => {
    const { w, opening, jane, nomail } = await setup();
    const list = (f: object) => w.as.recruiter.candidates.list({ tab: "prospects", openingId: opening.id, ...f }).then((r) => r.items.map((i) => i.candidate.fullName));
    expect(await list({ needsFollowUp: true })).toEqual(["Nora Nomail", "Jane Doe"]);
    await w.as.recruiter.applications.setFollowUp({ applicationIds: [jane.applicationId!], followedUp: true });
    expect(await list({ needsFollowUp: true })).toEqual(["Nora Nomail"]);
    await w.as.recruiter.applications.setFollowUp({ applicationIds: [jane.applicationId!], followedUp: false });
    expect(await list({ needsFollowUp: true })).toHaveLength(2);
    await w.as.recruiter.applications.rate({ applicationIds: [jane.applicationId!], rating: "shortlist" });
    await w.as.recruiter.applications.rate({ applicationIds: [nomail.applicationId!], rating: "not_a_fit" });
    expect(await list({ rating: "shortlist" })).toEqual(["Jane Doe"]);
    expect(await list({ rating: "not_a_fit" })).toEqual(["Nora Nomail"]);
    await w.as.recruiter.applications.rate({ applicationIds: [jane.applicationId!], rating: null });
    expect(await list({ rating: "shortlist" })).toEqual([]);
    await rejects(w.as.outsider.applications.rate({ applicationIds: [jane.applicationId!], rating: "shortlist" }), "NOT_FOUND");
  });

  it("bulk send to every match of a filter (not just a page): preview, skip report, follow-up flag set", async () => {
    const { w, opening, add, worker, transport } = await setup();
    const dnc = await add("Dee Nocontact", ["dee@example.com"]);
    await w.as.recruiter.candidates.setDoNotContact({ candidateId: dnc.candidateId, doNotContact: true });
    const extra = [];
    for (let i = 0; i < 3; i++) extra.push(await add(`Person ${i}`, [`p${i}@example.com`]));
    const t = (await w.as.recruiter.templates.list()).find((x) => x.name === "Ask to apply")!;
    const selection = { filter: { openingId: opening.id, needsFollowUp: true } };
    // "Select all" counts every match of the filter, not a page of it.
    expect(await w.as.recruiter.prospects.count(selection)).toEqual({ count: 6, tooMany: false, max: 5000 });
    expect(await w.as.recruiter.prospects.count({ filter: { openingId: opening.id, rating: "shortlist" } })).toMatchObject({ count: 0 });
    await rejects(w.as.outsider.prospects.count(selection), "NOT_FOUND");
    const pv = await w.as.recruiter.prospects.previewMessage({ selection, templateId: t.id });
    expect(pv).toMatchObject({ total: 6, willSend: 4 });
    expect(pv.skipped.map((s) => [s.candidateName, s.reason]).sort()).toEqual([
      ["Dee Nocontact", "do_not_contact"],
      ["Nora Nomail", "no_email"],
    ]);
    expect(pv.sample?.text).toContain("Backend Engineer");
    const r = await w.as.recruiter.prospects.sendMessage({ selection, templateId: t.id });
    expect(r.sent).toBe(4);
    expect(r.skipped).toHaveLength(2);
    await worker.drain();
    expect(transport.sent.map((m) => m.to).sort()).toEqual(["jane@example.com", "p0@example.com", "p1@example.com", "p2@example.com"]);
    expect(transport.sent.find((m) => m.to === "p1@example.com")!.text).toContain("Hi Person,");
    const left = await w.as.recruiter.candidates.list({ tab: "prospects", openingId: opening.id, needsFollowUp: true });
    expect(left.items.map((i) => i.candidate.fullName).sort()).toEqual(["Dee Nocontact", "Nora Nomail"]);
    const thread = await w.as.recruiter.conversations.get({ applicationId: extra[0]!.applicationId! });
    expect(thread.messages[0]).toMatchObject({ authorName: "Rita Recruiter", subject: "Backend Engineer at Acme Recruiting" });
  });

  it("decisioned prospects are skipped; the flag is left alone when asked; ids of another opening are NOT_FOUND", async () => {
    const { w, jane, add } = await setup();
    const other = await add("Other Person", ["o@example.com"]);
    const state = (await w.as.admin.decisionedStates.list({})).find((s) => s.kind === "rejected")!;
    await w.as.recruiter.applications.decide({ applicationId: other.applicationId!, stateId: state.id });
    const r = await w.as.recruiter.prospects.sendMessage({
      selection: { applicationIds: [jane.applicationId!, other.applicationId!] },
      subject: "Hello {{candidate_first_name}}",
      body: "Quick question, {{candidate_first_name}}.",
      markFollowedUp: false,
    });
    expect(r.sent).toBe(1);
    expect(r.skipped).toEqual([{ applicationId: other.applicationId, candidateId: other.candidateId, candidateName: "Other Person", reason: "decisioned" }]);
    const c = await w.as.recruiter.candidates.get({ candidateId: jane.candidateId });
    expect(c.candidate?.applications[0]?.followedUp).toBe(false);
    await rejects(w.as.outsider.prospects.sendMessage({ selection: { applicationIds: [jane.applicationId!] }, subject: "x", body: "y" }), "NOT_FOUND");
    await rejects(w.as.recruiter.prospects.sendMessage({ selection: { applicationIds: [jane.applicationId!] }, subject: "x", body: "{{nope}}" }), "BAD_REQUEST");
  });

  it("remind me if no reply in N days: a notification for the sender, unless the candidate replied", async () => {
    const { w, jane, add, worker, transport } = await setup();
    const bob = await add("Bob Builder", ["bob@example.com"]);
    await w.as.recruiter.prospects.sendMessage({ selection: { applicationIds: [jane.applicationId!, bob.applicationId!] }, subject: "Hi", body: "Hi {{candidate_first_name}}", remindAfterDays: 3 });
    await worker.drain();
    const toBob = transport.sent.find((m) => m.to === "bob@example.com")!;
    await receiveMail(w.deps, replyTo(toBob, "Interested!"));
    await w.as.recruiter.notifications.markRead({ all: true });
    w.deps.clock.advance(3 * 24 * 3600_000 - 1000);
    await worker.drain();
    expect(await w.as.recruiter.notifications.unreadCount()).toEqual({ unread: 0 });
    w.deps.clock.advance(1000);
    await worker.drain();
    const items = (await w.as.recruiter.notifications.list({ unreadOnly: true })).items;
    expect(items.map((n) => n.title)).toEqual(["No reply from Jane Doe about Backend Engineer in 3 days"]);
    expect(await w.as.admin.notifications.list({ unreadOnly: true }).then((r) => r.items.filter((n) => n.kind === "follow_up_reminder"))).toEqual([]);
    // The reminder is also a task on the sender's list (and only theirs).
    const tasks = (await w.as.recruiter.tasks.mine({})).items;
    expect(tasks).toMatchObject([{ source: "follow_up_reminder", title: "Follow up with Jane Doe (Backend Engineer)", candidateName: "Jane Doe", openingTitle: "Backend Engineer", applicationId: jane.applicationId }]);
    expect((await w.as.admin.tasks.mine({})).items).toEqual([]);
  });
});

describe("bulk send yields between chunks", () => {
  it("a send to more than one chunk (250) lets other requests run in between, and sends to everyone", async () => {
    const w = await makeWorld();
    const { opening } = await withProspects(w);
    const stage = (await w.as.admin.openings.get({ openingId: opening.id })).prospectingStages[0]!;
    w.deps.db.transaction(() => {
      for (let i = 0; i < 300; i++) {
        createCandidate(w.deps, w.admin, {
          draft: zProfileDraft.parse({ fullName: `Bulk Person ${i}`, emails: [`bulk${i}@example.com`] }),
          placement: { openingId: opening.id, workflow: "prospecting", stageId: stage.id },
        });
      }
    });
    const t = (await w.as.admin.templates.list()).find((x) => x.name === "Ask to apply")!;
    const messages = () => (w.deps.db.$client.prepare("SELECT count(*) AS n FROM messages").get() as { n: number }).n;
    let midway = -1;
    // Queued before the send starts: it runs after the first chunk, while the send waits for its turn.
    setImmediate(() => {
      midway = messages();
    });
    const r = await bulkSend(w.deps, w.admin, { selection: { filter: { openingId: opening.id } }, templateId: t.id });
    expect(r.sent).toBe(301);
    expect(midway).toBeGreaterThan(0);
    expect(midway).toBeLessThan(301);
  });
});
