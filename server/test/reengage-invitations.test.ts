import { beforeEach, describe, expect, it } from "vitest";
import { stmt } from "../src/db/client";
import { markBounced } from "../src/mail/bounce";
import { receiveMail } from "../src/mail/inbound";
import { SmtpRejectedError } from "../src/mail/transport";
import { apply, newFormToken } from "../src/modules/careers/careers.service";
import { pageView, unsubscribe } from "../src/modules/conversations/candidate-page.service";
import { CAREERS_PAGE_TITLE } from "../src/modules/reengage/invitations.service";
import { draft, makeOpening, makeWorld, newRequestId, snapshot, type World } from "./factory";
import { FakeTransport, replyTo, workerFor } from "./support/mail";

const DAY = 24 * 3600_000;
let w: World;

async function person(name: string, over: { emails?: string[]; title?: string } = {}) {
  const slug = name.toLowerCase().replace(/\W+/g, "-");
  const r = await w.as.admin.candidates.create({
    draft: draft({ fullName: name, title: over.title ?? "Engineer", emails: over.emails ?? [`${slug}@example.com`], profileUrl: `https://www.linkedin.com/in/${slug}` }),
  });
  return r.candidateId;
}

const mailsOut = () =>
  stmt(w.deps.db, "SELECT id, candidate_id AS candidateId, status, reason, opening_id AS openingId, conversation_id AS conversationId, subject, text FROM mails WHERE direction = 'out' AND kind = 'candidate' ORDER BY id").all() as {
    id: number;
    candidateId: number;
    status: string;
    reason: string | null;
    openingId: number | null;
    conversationId: number;
    subject: string;
    text: string;
  }[];
const jobsRunAt = () =>
  (stmt(w.deps.db, "SELECT run_at AS runAt FROM jobs WHERE kind = 'mail.send' ORDER BY run_at, id").all() as { runAt: number }[]).map((r) => r.runAt);

beforeEach(async () => {
  w = await makeWorld();
});

describe("who is skipped, and why (preview and send agree)", () => {
  it("no email, bounced, do-not-contact, already on that opening, written to in the last N days", async () => {
    const o = await makeOpening(w, { title: "Platform Engineer" });
    const ok = await person("Olga Ok");
    const noMail = await person("Nick Nomail", { emails: [] });
    const bounced = await person("Bea Bounced", { emails: ["bea@example.com"] });
    markBounced(w.deps.db, w.companyId, "bea@example.com", "550 5.1.1 no such user", w.deps.clock.now());
    const dnc = await person("Dan Dnc");
    await w.as.admin.candidates.setDoNotContact({ candidateId: dnc, doNotContact: true, reason: "Asked" });
    const already = await person("Alf Already");
    await w.as.admin.candidates.addToOpening({ candidateId: already, openingId: o.id, workflow: "hiring" });
    const recent = await person("Rex Recent");
    const other = await makeOpening(w, { title: "Other" });
    const rexApp = await w.as.admin.candidates.addToOpening({ candidateId: recent, openingId: other.id, workflow: "hiring" });
    await w.as.admin.conversations.post({ applicationId: rexApp.applicationId, body: "Hello Rex" });
    w.deps.clock.advance(10 * DAY);
    const selection = { candidateIds: [ok, noMail, bounced, dnc, already, recent] };
    const expected = { no_email: 1, bounced: 1, do_not_contact: 1, already_on_opening: 1, recently_contacted: 1 };

    const preview = await w.as.recruiter.reengage.previewInvite({ selection, target: { openingId: o.id }, recentDays: 30 });
    expect(preview).toMatchObject({ total: 6, willSend: 1, skipped: expected, createsProspects: true });
    expect(preview.sample).toMatchObject({ candidateName: "Olga Ok", to: "olga-ok@example.com", subject: "A new opening at Acme Recruiting: Platform Engineer" });
    expect(preview.sample!.text).toContain("Hi Olga,");
    expect(preview.sample!.text).toContain(`/jobs/acme-recruiting/${o.id}?t=`);
    expect(preview.skippedPeople.map((p) => [p.candidateName, p.reason]).sort()).toEqual([
      ["Alf Already", "already_on_opening"],
      ["Bea Bounced", "bounced"],
      ["Dan Dnc", "do_not_contact"],
      ["Nick Nomail", "no_email"],
      ["Rex Recent", "recently_contacted"],
    ]);
    // "Preview with a real person": any one of the selection, even one who will be skipped (it says so).
    const asRex = await w.as.recruiter.reengage.previewInvite({ selection, target: { openingId: o.id }, recentDays: 30, previewCandidateId: recent });
    expect(asRex.sample).toMatchObject({ candidateName: "Rex Recent", skipReason: "recently_contacted" });
    // With a shorter window Rex is written to again.
    expect((await w.as.recruiter.reengage.previewInvite({ selection, target: { openingId: o.id }, recentDays: 7 })).willSend).toBe(2);

    const sent = await w.as.recruiter.reengage.invite({ requestId: newRequestId(), selection, target: { openingId: o.id }, recentDays: 30 });
    expect(sent).toMatchObject({ invited: 1, skipped: expected, status: "queued", selected: 6 });
    expect(mailsOut().filter((m) => m.candidateId !== recent)).toHaveLength(1);
  });

  it("the opening must be open and visible; another company's ids are NOT_FOUND; nothing changes", async () => {
    const o = await makeOpening(w);
    const c = await person("Pat Person");
    const before = snapshot(w.deps.db);
    await w.as.admin.openings.setStatus({ openingId: o.id, status: "on_hold" });
    const afterHold = snapshot(w.deps.db);
    await expect(w.as.recruiter.reengage.invite({ requestId: newRequestId(), selection: { candidateIds: [c] }, target: { openingId: o.id } })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    expect(snapshot(w.deps.db)).toBe(afterHold);
    await w.as.admin.openings.setStatus({ openingId: o.id, status: "open" });
    const hidden = await w.as.admin.openings.create({ title: "Not the recruiter's" });
    await w.as.admin.openings.setStatus({ openingId: hidden.id, status: "open" });
    const s0 = snapshot(w.deps.db);
    await expect(w.as.recruiter.reengage.invite({ requestId: newRequestId(), selection: { candidateIds: [c] }, target: { openingId: hidden.id } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(w.as.otherCompany.reengage.invite({ requestId: newRequestId(), selection: { candidateIds: [c] }, target: { careersPage: true } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(w.as.otherCompany.reengage.previewInvite({ selection: { candidateIds: [c] }, target: { careersPage: true } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(snapshot(w.deps.db)).toBe(s0);
    expect(before).not.toBe(s0);
  });
});

describe("each invitation is an activity and a message in a conversation", () => {
  it("an opening with prospecting on: a prospecting application in its first prospecting stage, its thread, the apply link", async () => {
    const o = await makeOpening(w, { title: "Backend Engineer" });
    const ann = await person("Ann Again");
    const r = await w.as.recruiter.reengage.invite({ requestId: newRequestId(), selection: { candidateIds: [ann] }, target: { openingId: o.id } });
    expect(r.invited).toBe(1);
    const got = (await w.as.recruiter.candidates.get({ candidateId: ann })).candidate!;
    expect(got.applications).toEqual([expect.objectContaining({ openingId: o.id, workflow: "prospecting", origin: "prospecting", stageName: "Identified", status: "active" })]);
    // One activity says both: invited, and put on the opening as a prospect.
    expect(got.timeline[0]).toMatchObject({ type: "reengage.invited", applicationId: got.applications[0]!.id, data: { opening: "Backend Engineer", prospectCreated: true, stage: "Identified" } });
    expect(got.timeline.map((t) => t.type)).not.toContain("application.created");
    const thread = await w.as.recruiter.conversations.get({ applicationId: got.applications[0]!.id });
    expect(thread.messages).toHaveLength(1);
    expect(thread.messages[0]!.subject).toBe("A new opening at Acme Recruiting: Backend Engineer");
    const t = new FakeTransport();
    await workerFor(w.deps, t).drain();
    expect(t.sent).toHaveLength(1);
    expect(t.sent[0]!.to).toBe("ann-again@example.com");
    expect(t.sent[0]!.text).toMatch(new RegExp(`/jobs/acme-recruiting/${o.id}\\?t=[A-Za-z0-9_-]{40,}`));
    expect(t.sent[0]!.headers["List-Unsubscribe"]).toMatch(/\/u\//);
  });

  it("an opening without prospecting: the candidate's general conversation, the mail's apply link still opens that opening", async () => {
    const o = await makeOpening(w, { title: "Data Engineer", prospectingEnabled: false });
    const ben = await person("Ben Back");
    const r = await w.as.recruiter.reengage.invite({ requestId: newRequestId(), selection: { candidateIds: [ben] }, target: { openingId: o.id } });
    expect(r.invited).toBe(1);
    const got = (await w.as.recruiter.candidates.get({ candidateId: ben })).candidate!;
    expect(got.applications).toEqual([]);
    const general = await w.as.outsider.conversations.get({ candidateId: ben });
    expect(general).toMatchObject({ applicationId: null, opening: null, candidateLocked: false, canSend: true });
    expect(general.messages.map((m) => m.subject)).toEqual(["A new opening at Acme Recruiting: Data Engineer"]);
    expect(mailsOut()[0]).toMatchObject({ openingId: o.id });
    const t = new FakeTransport();
    await workerFor(w.deps, t).drain();
    expect(t.sent[0]!.text).toMatch(new RegExp(`/jobs/acme-recruiting/${o.id}\\?t=`));
  });

  it("our careers page: the general conversation, a link to the careers page, and the apply there counts", async () => {
    const cy = await person("Cy Careers");
    const r = await w.as.recruiter.reengage.invite({ requestId: newRequestId(), selection: { candidateIds: [cy] }, target: { careersPage: true } });
    expect(r).toMatchObject({ invited: 1, target: { kind: "careers_page", openingId: null } });
    expect(mailsOut()[0]!.subject).toBe(`A new opening at Acme Recruiting: ${CAREERS_PAGE_TITLE}`);
    const t = new FakeTransport();
    await workerFor(w.deps, t).drain();
    const link = /http:\/\/localhost:3000\/jobs\/acme-recruiting\?t=([A-Za-z0-9_-]+)/.exec(t.sent[0]!.text);
    expect(link).not.toBeNull();
    // They apply to a published opening through the token of their link.
    const o = await makeOpening(w, { title: "Published One" });
    await w.as.admin.openings.setPublished({ openingId: o.id, published: true });
    const applied = await apply(w.deps, {
      slug: "acme-recruiting",
      openingId: o.id,
      token: link![1],
      form: newFormToken(w.deps, w.companyId, o.id),
      values: { name: "Cy Careers", email: "cy-careers@example.com", phone: "", profileUrl: "", note: "", consent: true },
    });
    expect(applied).toMatchObject({ kind: "applied", candidateId: cy });
    const report = await w.as.recruiter.reengage.send({ sendId: r.id });
    expect(report).toMatchObject({ invited: 1, delivered: 1, applied: 1, replied: 0, bounced: 0 });
    // The report names the send by its subject as the mails had it (not the template's placeholders).
    expect(report.subject).toBe(`A new opening at Acme Recruiting: ${CAREERS_PAGE_TITLE}`);
  });
});

describe("throttled through the durable queue", () => {
  async function many(n: number) {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) ids.push(await person(`Person ${i}`));
    return ids;
  }

  it("run_at is spread by the company's mails per minute, and the next send starts after the first", async () => {
    await w.as.superAdmin.company.update({ mailsPerMinute: 10 });
    await expect(w.as.admin.company.update({ mailsPerMinute: 1000 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(w.as.superAdmin.company.update({ mailsPerMinute: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const ids = await many(5);
    const now = w.deps.clock.now();
    const first = await w.as.recruiter.reengage.invite({ requestId: newRequestId(), selection: { candidateIds: ids.slice(0, 3) }, target: { careersPage: true } });
    expect(jobsRunAt()).toEqual([now, now + 6_000, now + 12_000]);
    expect(first).toMatchObject({ startsAt: now, lastMailAt: now + 12_000 });
    const second = await w.as.recruiter.reengage.invite({ requestId: newRequestId(), selection: { candidateIds: ids.slice(3) }, target: { careersPage: true } });
    expect(second.startsAt).toBe(now + 18_000);
    expect(jobsRunAt()).toEqual([now, now + 6_000, now + 12_000, now + 18_000, now + 24_000]);
    // The worker sends only what is due.
    const t = new FakeTransport();
    const worker = workerFor(w.deps, t);
    await worker.drain();
    expect(t.sent).toHaveLength(1);
    w.deps.clock.advance(12_000);
    await worker.drain();
    expect(t.sent).toHaveLength(3);
    w.deps.clock.advance(60_000);
    await worker.drain();
    expect(t.sent).toHaveLength(5);
  });

  it("the same send retried is one set of mails; a send cut short by a crash is finished by its retry", async () => {
    const ids = await many(3);
    const requestId = newRequestId();
    const a = await w.as.recruiter.reengage.invite({ requestId, selection: { candidateIds: ids }, target: { careersPage: true } });
    const b = await w.as.recruiter.reengage.invite({ requestId, selection: { candidateIds: ids }, target: { careersPage: true } });
    expect(b).toEqual(a);
    expect(mailsOut()).toHaveLength(3);
    await expect(w.as.admin.reengage.invite({ requestId, selection: { candidateIds: ids }, target: { careersPage: true } })).rejects.toMatchObject({ code: "CONFLICT" });

    // 1,200 people (written straight, as an import leaves them): slices of at most 500, the second one fails.
    const raw = w.deps.db.$client;
    const now = w.deps.clock.now();
    const insC = raw.prepare("INSERT INTO candidates (company_id, full_name, first_name, name_key, source, last_activity_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'import', ?, ?, ?)");
    const insE = raw.prepare("INSERT INTO candidate_emails (company_id, candidate_id, email, email_key) VALUES (?, ?, ?, ?)");
    const bulk: number[] = [];
    raw.transaction(() => {
      for (let i = 0; i < 1200; i++) {
        const id = Number(insC.run(w.companyId, `Bulk ${i}`, "Bulk", `bulk ${i}`, now, now, now).lastInsertRowid);
        insE.run(w.companyId, id, `bulk${i}@example.com`, `bulk${i}@example.com`);
        bulk.push(id);
      }
    })();
    const original = w.deps.db.transaction;
    let calls = 0;
    w.deps.db.transaction = ((...args: Parameters<typeof original>) => {
      if (++calls === 3) throw Object.assign(new Error("disk I/O error"), { code: "SQLITE_IOERR" });
      return original.apply(w.deps.db, args);
    }) as typeof original;
    const big = newRequestId();
    await expect(w.as.recruiter.reengage.invite({ requestId: big, selection: { candidateIds: bulk }, target: { careersPage: true } })).rejects.toThrow();
    w.deps.db.transaction = original;
    const cut = stmt(w.deps.db, "SELECT status, id FROM invitation_sends WHERE request_id = ?").get(big) as { status: string; id: number };
    expect(cut.status).toBe("queueing");
    const partial = (stmt(w.deps.db, "SELECT count(*) AS n FROM invitations WHERE send_id = ?").get(cut.id) as { n: number }).n;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(1200);
    const done = await w.as.recruiter.reengage.invite({ requestId: big, selection: { candidateIds: bulk }, target: { careersPage: true } });
    expect(done).toMatchObject({ invited: 1200, status: "queued" });
    const bigMails = mailsOut().filter((m) => bulk.includes(m.candidateId));
    expect(bigMails).toHaveLength(1200);
    expect(new Set(bigMails.map((m) => m.candidateId)).size).toBe(1200);
    // Each mail its own slot, none lost or doubled by the interruption.
    const slots = (stmt(w.deps.db, "SELECT DISTINCT j.run_at AS t FROM jobs j JOIN invitations i ON i.mail_id = json_extract(j.payload, '$.mailId') WHERE i.send_id = ?").all(cut.id) as { t: number }[]).length;
    expect(slots).toBe(1200);
  });

  it("all matching a search: the send takes every match, not just a page", async () => {
    for (let i = 0; i < 4; i++) await person(`Match ${i}`, { title: "Rust Engineer" });
    await person("No Match", { title: "Designer" });
    const r = await w.as.recruiter.reengage.invite({ requestId: newRequestId(), selection: { filters: { query: "rust" } }, target: { careersPage: true } });
    expect(r).toMatchObject({ invited: 4, allMatching: true, selected: 4 });
  });
});

describe("after the send: unsubscribe, replies, bounces, the report", () => {
  it("the unsubscribe link sets do-not-contact; a reply threads into the general conversation; a 5xx bounces; all in the report", async () => {
    const ids = [await person("Una Unsub"), await person("Ray Reply"), await person("Bo Bounce"), await person("Quiet Quinn")];
    const o = await makeOpening(w, { title: "No Prospecting", prospectingEnabled: false });
    const r = await w.as.recruiter.reengage.invite({ requestId: newRequestId(), selection: { candidateIds: ids }, target: { openingId: o.id } });
    const t = new FakeTransport();
    const byTo = new Map<string, number>();
    // Bo's server refuses for good at send time.
    const realSend = t.send.bind(t);
    t.send = async (m) => {
      byTo.set(m.to, (byTo.get(m.to) ?? 0) + 1);
      if (m.to === "bo-bounce@example.com") throw new SmtpRejectedError(550, "SMTP 550: 5.1.1 mailbox unavailable");
      return realSend(m);
    };
    // At the default 60 a minute, the fourth mail leaves three seconds after the first.
    w.deps.clock.advance(5_000);
    await workerFor(w.deps, t).drain();
    expect(t.sent).toHaveLength(3);
    const una = t.sent.find((m) => m.to === "una-unsub@example.com")!;
    const unsubToken = /\/u\/([A-Za-z0-9_-]+)/.exec(una.headers["List-Unsubscribe"]!)![1]!;
    expect(unsubscribe(w.deps, unsubToken)).toMatchObject({ companyName: "Acme Recruiting" });
    expect((await w.as.admin.candidates.get({ candidateId: ids[0]! })).candidate!.doNotContact).toBe(true);
    const ray = t.sent.find((m) => m.to === "ray-reply@example.com")!;
    const got = await receiveMail(w.deps, replyTo(ray, "Yes, I am interested!"));
    expect(got).toMatchObject({ outcome: "threaded" });
    const thread = await w.as.recruiter.conversations.get({ candidateId: ids[1]! });
    expect(thread.messages.map((m) => [m.authorType, m.body])).toEqual([
      ["user", expect.stringContaining("Hi Ray,")],
      ["candidate", "Yes, I am interested!"],
    ]);
    // Whoever sent the invitation hears of the answer.
    const bell = await w.as.recruiter.notifications.list({});
    expect(bell.items[0]).toMatchObject({ title: "Ray Reply wrote", candidateId: ids[1] });
    // The candidate's own page of the general conversation.
    const pageToken = /\/c\/([A-Za-z0-9_-]+)/.exec(ray.text)![1]!;
    expect(pageView(w.deps, pageToken)).toMatchObject({ openingTitle: null, locked: false, companyName: "Acme Recruiting" });
    // The sender answers in that thread by replying to the notification mail (no hiring team is needed there).
    await workerFor(w.deps, t).drain();
    const note = t.sent.find((m) => m.to === "rita.recruiter@acme.test")!;
    expect(note.subject).toBe("Ray Reply wrote");
    expect(await receiveMail(w.deps, replyTo(note, "Great, here is the form again.", { from: "rita.recruiter@acme.test" }))).toMatchObject({ outcome: "threaded" });
    expect((await w.as.recruiter.conversations.get({ candidateId: ids[1]! })).messages.map((m) => m.authorType)).toEqual(["user", "candidate", "user"]);
    const report = await w.as.recruiter.reengage.send({ sendId: r.id });
    expect(report).toMatchObject({ invited: 4, delivered: 3, bounced: 1, replied: 1, applied: 0 });
    const list = await w.as.recruiter.reengage.sends({});
    expect(list.items[0]).toMatchObject({ id: r.id, invited: 4, bounced: 1, replied: 1, target: { kind: "opening", title: "No Prospecting" } });
    // Someone who is not the sender and not on the opening does not see the send.
    await expect(w.as.outsider.reengage.send({ sendId: r.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await w.as.outsider.reengage.sends({})).items).toEqual([]);
    await expect(w.as.otherCompany.reengage.send({ sendId: r.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("the general conversation in the inbox, for everyone; answered from the UI; two merged people keep one", async () => {
    const a = await person("Gil General", { emails: ["gil@example.com"] });
    const b = await person("Gil Duplicate", { emails: ["gil.other@example.com"] });
    await w.as.recruiter.reengage.invite({ requestId: newRequestId(), selection: { candidateIds: [a, b] }, target: { careersPage: true } });
    const inbox = await w.as.outsider.conversations.inbox({});
    expect(inbox.items.map((i) => [i.candidate.fullName, i.applicationId, i.opening])).toEqual([
      ["Gil Duplicate", null, null],
      ["Gil General", null, null],
    ]);
    await w.as.outsider.conversations.post({ candidateId: a, body: "A follow-up" });
    await w.as.admin.candidates.merge({ targetId: a, sourceId: b });
    const merged = await w.as.admin.conversations.get({ candidateId: a });
    expect(merged.messages).toHaveLength(3);
    expect((await w.as.admin.conversations.inbox({})).items).toHaveLength(1);
  });
});
