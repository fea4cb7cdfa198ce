import { describe, expect, it } from "vitest";
import { outboxTransport } from "../src/mail/transport";
import { APPLY_LIMIT, type ApplyInput, apply, checkFormToken, emptyForm, type FormValues, jobPage, mintApplyLink, newFormToken } from "../src/modules/careers/careers.service";
import { draft, makeOpening, makeWorld, newRequestId, snapshot, type World } from "./factory";
import { incoming, pdfBytes, storedFiles, withDataDir } from "./support/documents";
import { receiveMail } from "../src/mail/inbound";
import { FakeTransport, replyTo, workerFor } from "./support/mail";

/** A company with a published, open opening (prospecting on; the recruiter on its team) and its careers slug. */
async function careers() {
  const w = await makeWorld();
  const dir = withDataDir(w.deps);
  const opening = await makeOpening(w);
  await w.as.admin.openings.setPublished({ openingId: opening.id, published: true });
  const slug = (await w.as.admin.company.get()).slug;
  let ip = 0;
  const values = (over: Partial<FormValues> = {}): FormValues => ({ ...emptyForm(), name: "Ann Applicant", email: "ann@example.com", consent: true, ...over });
  /** Posts the Apply form as the page would (a fresh form token each time unless one is given). */
  const post = async (over: Omit<Partial<ApplyInput>, "values" | "resume"> & { values?: Partial<FormValues>; resume?: { name: string; bytes: Buffer } | null } = {}) => {
    const openingId = over.openingId ?? opening.id;
    const resume = over.resume ? await incoming(w.deps, over.resume.name, over.resume.bytes) : null;
    return apply(w.deps, {
      slug,
      openingId,
      form: over.form ?? newFormToken(w.deps, w.companyId, openingId),
      token: over.token ?? null,
      website: over.website ?? "",
      values: values(over.values),
      resume,
      ip: over.ip ?? `198.51.100.${++ip}`,
    });
  };
  return { w, dir, opening, slug, post, values };
}

const applicationsOf = (w: World, candidateId: number) =>
  w.deps.db.$client
    .prepare("SELECT opening_id AS openingId, workflow, origin, status, stage_id AS stageId FROM applications WHERE company_id = ? AND candidate_id = ? ORDER BY id")
    .all(w.companyId, candidateId);
const candidateCount = (w: World) => w.deps.db.$client.prepare("SELECT count(*) FROM candidates WHERE company_id = ?").pluck().get(w.companyId);

describe("the Apply form", () => {
  it("a new person gets a candidate (source application) and an application in the first hiring stage, with the resume as a document; the team is notified", async () => {
    const { w, opening, post } = await careers();
    const r = await post({ values: { phone: "+420 777 000 111", profileUrl: "https://github.com/ann", note: "I love <b>backends</b>" }, resume: { name: "Ann CV.pdf", bytes: await pdfBytes(["Ann"]) } });
    expect(r).toMatchObject({ kind: "applied", outcome: "created", replayed: false });
    if (r.kind !== "applied") throw new Error();
    const c = (await w.as.admin.candidates.get({ candidateId: r.candidateId })).candidate!;
    expect(c).toMatchObject({ fullName: "Ann Applicant", source: "application" });
    expect(c.emails.map((e) => e.email)).toEqual(["ann@example.com"]);
    expect(c.applications).toMatchObject([{ openingId: opening.id, workflow: "hiring", origin: "hiring", stageId: opening.hiringStages[0]!.id, status: "active" }]);
    const docs = await w.as.admin.documents.list({ candidateId: r.candidateId });
    expect(docs).toMatchObject([{ fileName: "Ann CV.pdf", format: "pdf", kind: "resume", source: "application", openingId: opening.id }]);
    // The recruiter (on the team) and the owner hear of it; the outsider does not.
    for (const who of [w.as.recruiter, w.as.admin]) {
      const n = (await who.notifications.list({})).items;
      expect(n[0]).toMatchObject({ kind: "application_received", title: `Ann Applicant applied for ${opening.title}`, candidateId: r.candidateId });
    }
    expect((await w.as.outsider.notifications.list({})).items).toEqual([]);
    expect(c.timeline.some((t) => t.type === "application.submitted")).toBe(true);
  });

  it("finds a known person as every intake does (email, phone, profile URL) and links to them instead of creating a second one", async () => {
    const { w, opening, post } = await careers();
    const other = await w.as.admin.openings.create({ title: "Other job" });
    const known = await w.as.admin.candidates.create({ draft: draft({ fullName: "Ann A.", emails: ["ANN@example.com"] }), placement: { openingId: other.id, workflow: "hiring" } });
    const before = candidateCount(w);
    const r = await post({ values: { phone: "+1 555 0100" } });
    expect(r).toMatchObject({ kind: "applied", outcome: "created", candidateId: known.candidateId });
    expect(candidateCount(w)).toBe(before);
    expect(applicationsOf(w, known.candidateId)).toMatchObject([
      { openingId: other.id, workflow: "hiring" },
      { openingId: opening.id, workflow: "hiring", origin: "hiring" },
    ]);
    // What the form adds is added, nothing is overwritten.
    const c = (await w.as.admin.candidates.get({ candidateId: known.candidateId })).candidate!;
    expect(c.fullName).toBe("Ann A.");
    expect(c.phones.map((p) => p.phone)).toEqual(["+1 555 0100"]);
    // By profile URL too, whatever the email.
    const gh = await w.as.admin.candidates.create({ draft: draft({ fullName: "Gus Hub", profileUrl: "https://github.com/gushub" }) });
    const r2 = await post({ values: { name: "Gus", email: "gus@new.example", profileUrl: "https://www.github.com/gushub/" } });
    expect(r2).toMatchObject({ kind: "applied", candidateId: gh.candidateId });
  });

  it("a prospect on that opening moves from prospecting to hiring and keeps its prospecting origin (back to prospecting stays allowed)", async () => {
    const { w, opening, post } = await careers();
    const p = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: opening.id, draft: draft({ fullName: "Ann Applicant", emails: ["ann@example.com"] }) });
    const r = await post();
    expect(r).toMatchObject({ kind: "applied", outcome: "moved", candidateId: p.candidateId, applicationId: p.applicationId });
    const app = (await w.as.recruiter.candidates.get({ candidateId: p.candidateId })).candidate!.applications[0]!;
    expect(app).toMatchObject({ workflow: "hiring", origin: "prospecting", stageId: opening.hiringStages[0]!.id });
    expect(app.allowedMoves.toProspecting).toBe(true);
    expect((await w.as.recruiter.notifications.list({})).items[0]!.title).toBe(`Ann Applicant applied for ${opening.title} (moved from prospecting to hiring)`);
    // Applying again: nothing moves, the team hears of it.
    const again = await post();
    expect(again).toMatchObject({ kind: "applied", outcome: "already", applicationId: p.applicationId });
    expect(applicationsOf(w, p.candidateId)).toHaveLength(1);
  });

  it("an unpublished, closed, on-hold or archived opening takes no application; nothing is stored", async () => {
    const { w, opening, slug, post } = await careers();
    await w.as.admin.openings.setPublished({ openingId: opening.id, published: false });
    expect(jobPage(w.deps, slug, opening.id)).toBeNull();
    let before = snapshot(w.deps.db);
    expect(await post()).toEqual({ kind: "closed" });
    expect(snapshot(w.deps.db)).toBe(before);
    await w.as.admin.openings.setPublished({ openingId: opening.id, published: true });
    for (const status of ["on_hold", "closed", "archived"] as const) {
      await w.as.admin.openings.setStatus({ openingId: opening.id, status });
      const page = jobPage(w.deps, slug, opening.id);
      if (status === "archived") expect(page).toBeNull();
      else expect(page?.accepting).toBe(false);
      before = snapshot(w.deps.db);
      expect(await post()).toEqual({ kind: "closed" });
      expect(snapshot(w.deps.db)).toBe(before);
    }
    // Another company's opening id under this slug, or an unknown slug: not found.
    const theirs = await w.as.otherCompany.openings.create({ title: "Theirs" });
    expect(await post({ openingId: theirs.id })).toEqual({ kind: "not_found" });
    expect(await apply(w.deps, { slug: "no-such-company", openingId: opening.id, form: "x", values: emptyForm(), ip: "192.0.2.1" })).toEqual({ kind: "not_found" });
  });

  it("the honeypot answers like a success and stores nothing", async () => {
    const { w, post } = await careers();
    const before = snapshot(w.deps.db);
    expect(await post({ website: "http://spam.example" })).toEqual({ kind: "spam" });
    expect(snapshot(w.deps.db)).toBe(before);
  });

  it("every wrong field comes back at once with its message and every value as typed; nothing is stored", async () => {
    const { w, dir, post } = await careers();
    const before = snapshot(w.deps.db);
    const r = await post({
      values: { name: " ", email: "not-an-email", phone: "call me", profileUrl: "javascript:alert(1)", note: "x".repeat(5001), consent: false },
      resume: { name: "cv.pdf", bytes: Buffer.from("\x89PNG\r\n\x1a\n....") },
    });
    expect(r.kind).toBe("invalid");
    if (r.kind !== "invalid") throw new Error();
    expect(Object.keys(r.errors).sort()).toEqual(["consent", "email", "name", "note", "phone", "profileUrl", "resume"]);
    expect(r.errors.resume).toMatch(/not a PDF, Word/);
    expect(r.values).toMatchObject({ email: "not-an-email", phone: "call me", profileUrl: "javascript:alert(1)" });
    expect(snapshot(w.deps.db)).toBe(before);
    expect(storedFiles(dir)).toEqual([]);
  });

  it("a resume over 10 MB is refused with the limit named; an empty file too", async () => {
    const { post } = await careers();
    const big = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(10 * 1024 * 1024)]);
    const r = await post({ resume: { name: "big.pdf", bytes: big } });
    expect(r).toMatchObject({ kind: "invalid", errors: { resume: "This file is larger than 10 MB." } });
    expect(await post({ resume: { name: "empty.pdf", bytes: Buffer.alloc(0) } })).toMatchObject({ kind: "invalid", errors: { resume: "This file is empty." } });
  });

  it(`limits posts per address: ${APPLY_LIMIT.count} in ${APPLY_LIMIT.windowMs / 60_000} minutes`, async () => {
    const { w, post } = await careers();
    for (let i = 0; i < APPLY_LIMIT.count; i++) expect((await post({ ip: "203.0.113.50", values: { email: `a${i}@example.com` } })).kind).toBe("applied");
    const before = snapshot(w.deps.db);
    expect(await post({ ip: "203.0.113.50", values: { email: "last@example.com" } })).toEqual({ kind: "limited" });
    expect(snapshot(w.deps.db)).toBe(before);
    expect((await post({ ip: "203.0.113.51" })).kind).toBe("applied");
    w.deps.clock.advance(APPLY_LIMIT.windowMs + 1);
    expect((await post({ ip: "203.0.113.50", values: { email: "later@example.com" } })).kind).toBe("applied");
  });

  it("the same form posted twice (a double click, a resend) is one application; a forged or old form is shown again with its values", async () => {
    const { w, opening, post } = await careers();
    const form = newFormToken(w.deps, w.companyId, opening.id);
    const first = await post({ form });
    const second = await post({ form });
    expect(first).toMatchObject({ kind: "applied", replayed: false });
    expect(second).toMatchObject({ kind: "applied", replayed: true, applicationId: (first as { applicationId: number }).applicationId });
    expect(w.deps.db.$client.prepare("SELECT count(*) FROM career_submissions").pluck().get()).toBe(1);
    const forged = `${"A".repeat(22)}.${w.deps.clock.now()}.${"B".repeat(43)}`;
    expect(await post({ form: forged, values: { name: "Zed" } })).toMatchObject({ kind: "stale_form", values: { name: "Zed" } });
    const old = newFormToken(w.deps, w.companyId, opening.id);
    w.deps.clock.advance(25 * 3600_000);
    expect(checkFormToken(w.deps, w.companyId, opening.id, old)).toBeNull();
    expect((await post({ form: old })).kind).toBe("stale_form");
  });
});

describe("the private apply link", () => {
  it("pre-fills the form and ties the application to that person, whatever email they type; it works for an unpublished opening it names", async () => {
    const { w, opening, slug, post } = await careers();
    const p = await w.as.recruiter.prospects.add({
      requestId: newRequestId(),
      openingId: opening.id,
      draft: draft({ fullName: "Pia Prospect", emails: ["pia@old.example"], phones: ["+420 600 111 222"], profileUrl: "https://www.linkedin.com/in/pia" }),
    });
    await w.as.admin.openings.setPublished({ openingId: opening.id, published: false });
    const url = w.deps.db.transaction((tx) => mintApplyLink(tx, w.deps, { companyId: w.companyId, candidateId: p.candidateId, openingId: opening.id }, w.deps.clock.now()));
    const token = new URL(url).searchParams.get("t")!;
    expect(url).toBe(`http://localhost:3000/jobs/${slug}/${opening.id}?t=${token}`);
    expect(Buffer.from(token, "base64url").length).toBeGreaterThanOrEqual(16);
    // Stored only as a hash.
    expect(w.deps.db.$client.prepare("SELECT count(*) FROM apply_tokens WHERE token_hash = ?").pluck().get(token)).toBe(0);
    const page = jobPage(w.deps, slug, opening.id, token)!;
    expect(page.prefill).toMatchObject({ name: "Pia Prospect", email: "pia@old.example", phone: "+420 600 111 222", profileUrl: "https://www.linkedin.com/in/pia" });
    // Without the link the unpublished opening is not there.
    expect(jobPage(w.deps, slug, opening.id)).toBeNull();
    const r = await post({ token, values: { name: "Pia P.", email: "pia@new.example" } });
    expect(r).toMatchObject({ kind: "applied", outcome: "moved", candidateId: p.candidateId });
    const c = (await w.as.admin.candidates.get({ candidateId: p.candidateId })).candidate!;
    expect(c.emails.map((e) => e.email).sort()).toEqual(["pia@new.example", "pia@old.example"]);
    expect(c.applications[0]).toMatchObject({ workflow: "hiring", origin: "prospecting" });
  });

  it("an expired link, a made-up one or another opening's does not pre-fill and ties nobody", async () => {
    const { w, opening, slug, post } = await careers();
    const p = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: opening.id, draft: draft({ fullName: "Pia Prospect", emails: ["pia@old.example"] }) });
    const other = await makeOpening(w, { title: "Other" });
    const mint = (openingId: number) =>
      new URL(w.deps.db.transaction((tx) => mintApplyLink(tx, w.deps, { companyId: w.companyId, candidateId: p.candidateId, openingId }, w.deps.clock.now()))).searchParams.get("t")!;
    const forOther = mint(other.id);
    expect(jobPage(w.deps, slug, opening.id, forOther)!.prefill.name).toBe("");
    expect(jobPage(w.deps, slug, opening.id, "x".repeat(43))!.prefill.name).toBe("");
    const token = mint(opening.id);
    w.deps.clock.advance(31 * 24 * 3600_000);
    expect(jobPage(w.deps, slug, opening.id, token)!.prefill.name).toBe("");
    const r = await post({ token, values: { name: "Someone", email: "someone@example.com" } });
    expect(r).toMatchObject({ kind: "applied", outcome: "created" });
    expect((r as { candidateId: number }).candidateId).not.toBe(p.candidateId);
  });

  it("an 'Ask to apply' kept in the outbox (no SMTP) carries a real apply link that opens the pre-filled form", async () => {
    const { w, opening, slug } = await careers();
    const p = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: opening.id, draft: draft({ fullName: "Olga Outbox", emails: ["olga@example.com"] }) });
    const t = (await w.as.recruiter.templates.list()).find((x) => x.name === "Ask to apply")!;
    await w.as.recruiter.prospects.sendMessage({ selection: { applicationIds: [p.applicationId!] }, templateId: t.id });
    await workerFor(w.deps, outboxTransport).drain();
    const out = (await w.as.admin.mail.list({ direction: "out" })).items[0]!;
    expect(out.status).toBe("outbox");
    const text = (await w.as.admin.mail.get({ mailId: out.id })).text;
    const link = /http:\/\/localhost:3000\/jobs\/[^\s]+/.exec(text)?.[0];
    expect(link).toMatch(new RegExp(`^http://localhost:3000/jobs/${slug}/${opening.id}\\?t=[\\w-]{43}$`));
    // The conversation link is still never minted into the outbox.
    expect(w.deps.db.$client.prepare("SELECT count(*) FROM conversation_tokens").pluck().get()).toBe(0);
    const page = jobPage(w.deps, slug, opening.id, new URL(link!).searchParams.get("t"))!;
    expect(page.prefill).toMatchObject({ name: "Olga Outbox", email: "olga@example.com" });
  });

  it("an apply link quoted back in a reply is not kept usable in the stored mail", async () => {
    const { w, opening } = await careers();
    const p = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: opening.id, draft: draft({ fullName: "Quinn Quote", emails: ["quinn@example.com"] }) });
    const t = (await w.as.recruiter.templates.list()).find((x) => x.name === "Ask to apply")!;
    await w.as.recruiter.prospects.sendMessage({ selection: { applicationIds: [p.applicationId!] }, templateId: t.id });
    const transport = new FakeTransport();
    await workerFor(w.deps, transport).drain();
    const out = transport.sent[0]!;
    const token = /\?t=([\w-]{43})/.exec(out.text)![1]!;
    expect((await receiveMail(w.deps, replyTo(out, "Thanks, I will have a look."))).outcome).toBe("threaded");
    const inbound = (await w.as.admin.mail.list({ direction: "in" })).items[0]!;
    const stored = await w.as.admin.mail.get({ mailId: inbound.id });
    expect(stored.text).toMatch(/\/jobs\/[\w-]+\/\d+\?t=\[private\]/);
    expect(stored.text).not.toContain(token);
  });
});
