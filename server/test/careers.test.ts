import { describe, expect, it } from "vitest";
import { outboxTransport } from "../src/mail/transport";
import { APPLY_LIMIT, type ApplyInput, admitApplication, apply, checkFormToken, emptyForm, type FormValues, jobPage, mintApplyLink, newFormToken } from "../src/modules/careers/careers.service";
import { rejects } from "./expect-error";
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

  it("without a private link, an exact email match links to the known person and adds nothing typed to them; the submission keeps what was typed", async () => {
    const { w, opening, post } = await careers();
    const other = await w.as.admin.openings.create({ title: "Other job" });
    const known = await w.as.admin.candidates.create({ draft: draft({ fullName: "Ann A.", emails: ["ANN@example.com"] }), placement: { openingId: other.id, workflow: "hiring" } });
    const before = candidateCount(w);
    const r = await post({ values: { name: "Ann Typed", email: " Ann@Example.com ", phone: "+1 555 0100", profileUrl: "https://github.com/ann-typed" } });
    expect(r).toMatchObject({ kind: "applied", outcome: "created", candidateId: known.candidateId });
    expect(candidateCount(w)).toBe(before);
    expect(applicationsOf(w, known.candidateId)).toMatchObject([
      { openingId: other.id, workflow: "hiring" },
      { openingId: opening.id, workflow: "hiring", origin: "hiring" },
    ]);
    // Nothing typed is added to (or overwrites) the known person: an email is no proof of the phone or profile typed with it.
    const c = (await w.as.admin.candidates.get({ candidateId: known.candidateId })).candidate!;
    expect(c.fullName).toBe("Ann A.");
    expect(c.emails.map((e) => e.email)).toEqual(["ann@example.com"]);
    expect(c.phones).toEqual([]);
    expect(c.profiles).toEqual([]);
    // The submission and the timeline keep what was typed, for the recruiter to compare.
    const sub = w.deps.db.$client.prepare("SELECT details FROM career_submissions WHERE candidate_id = ?").pluck().get(known.candidateId) as string;
    expect(JSON.parse(sub)).toEqual({ name: "Ann Typed", email: "Ann@Example.com", phone: "+1 555 0100", profileUrl: "https://github.com/ann-typed" });
    const entry = c.timeline.find((t) => t.type === "application.submitted")!;
    expect(entry.data).toMatchObject({ linkedBy: "email", typed: { name: "Ann Typed", phone: "+1 555 0100", profileUrl: "https://github.com/ann-typed" }, possibleDuplicateOf: null });
  });

  it("without a private link, a phone or profile URL that matches a known person makes a new person flagged as their possible duplicate; keep both hides it", async () => {
    const { w, post } = await careers();
    const gus = await w.as.admin.candidates.create({ draft: draft({ fullName: "Gus Hub", emails: ["gus@old.example"], profileUrl: "https://github.com/gushub" }) });
    const pat = await w.as.admin.candidates.create({ draft: draft({ fullName: "Pat Phone", emails: ["pat@old.example"], phones: ["+420 777 123 456"] }) });
    // A stranger types Gus's public profile URL with their own email: a new person, nothing of theirs added to Gus.
    const r = await post({ values: { name: "Someone Else", email: "stranger@new.example", profileUrl: "https://www.github.com/gushub/" } });
    expect(r).toMatchObject({ kind: "applied", outcome: "created" });
    const newId = (r as { candidateId: number }).candidateId;
    expect(newId).not.toBe(gus.candidateId);
    const g = (await w.as.admin.candidates.get({ candidateId: gus.candidateId })).candidate!;
    expect(g.emails.map((e) => e.email)).toEqual(["gus@old.example"]);
    expect(g.applications).toEqual([]);
    // Flagged both ways, with the reason.
    expect((await w.as.admin.candidates.get({ candidateId: newId })).candidate!.possibleDuplicates).toMatchObject([{ id: gus.candidateId, fullName: "Gus Hub", reason: "profile_url" }]);
    expect(g.possibleDuplicates).toMatchObject([{ id: newId, reason: "profile_url" }]);
    const created = (await w.as.admin.candidates.get({ candidateId: newId })).candidate!;
    expect(created.emails.map((e) => e.email)).toEqual(["stranger@new.example"]);
    expect(created.timeline.find((t) => t.type === "application.submitted")!.data).toMatchObject({ linkedBy: null, possibleDuplicateOf: { candidateId: gus.candidateId, reason: "profile_url" } });
    // By phone alone, the same.
    const r2 = await post({ values: { name: "Pat P.", email: "pat@new.example", phone: "+420 777 123 456" } });
    const phoneId = (r2 as { candidateId: number }).candidateId;
    expect(phoneId).not.toBe(pat.candidateId);
    expect((await w.as.recruiter.candidates.get({ candidateId: phoneId })).candidate!.possibleDuplicates).toMatchObject([{ id: pat.candidateId, reason: "phone" }]);
    // Keep both: the pair is no longer offered, on either side.
    await w.as.recruiter.candidates.dismissDuplicate({ candidateId: phoneId, otherCandidateId: pat.candidateId });
    expect((await w.as.admin.candidates.get({ candidateId: phoneId })).candidate!.possibleDuplicates).toEqual([]);
    expect((await w.as.admin.candidates.get({ candidateId: pat.candidateId })).candidate!.possibleDuplicates).toEqual([]);
    // Another company never sees the flag (nor the people).
    await rejects(w.as.otherCompany.candidates.get({ candidateId: newId }), "NOT_FOUND");
  });

  it("merging a flagged person into the known one clears the flag and keeps the application and what they typed", async () => {
    const { w, opening, post } = await careers();
    // Gus is a prospect on the opening already: the merge folds the new person's application into his.
    const gus = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: opening.id, draft: draft({ fullName: "Gus Hub", emails: ["gus@old.example"], profileUrl: "https://github.com/gushub" }) });
    const third = await w.as.admin.candidates.create({ draft: draft({ fullName: "Tess Third", emails: ["tess@example.com"], phones: ["+44 20 7946 0000"] }) });
    const r = await post({ values: { name: "Gus H.", email: "gus@new.example", phone: "+44 20 7946 0000", profileUrl: "https://github.com/gushub" } });
    const newId = (r as { candidateId: number }).candidateId;
    // The profile URL is the stronger identity: flagged with Gus.
    expect((await w.as.admin.candidates.get({ candidateId: newId })).candidate!.possibleDuplicates).toMatchObject([{ id: gus.candidateId, reason: "profile_url" }]);
    const merged = (await w.as.admin.candidates.merge({ targetId: gus.candidateId, sourceId: newId })).candidate!;
    expect(merged.possibleDuplicates).toEqual([]);
    expect(merged.emails.map((e) => e.email).sort()).toEqual(["gus@new.example", "gus@old.example"]);
    expect(merged.applications).toMatchObject([{ id: gus.applicationId, openingId: opening.id }]);
    // The submission names the kept application and person (nothing points at the folded one).
    expect(w.deps.db.$client.prepare("SELECT candidate_id AS c, application_id AS a FROM career_submissions").all()).toEqual([{ c: gus.candidateId, a: gus.applicationId }]);
    expect(w.deps.db.$client.prepare("SELECT count(*) FROM duplicate_flags WHERE ? IN (candidate_a_id, candidate_b_id)").pluck().get(newId)).toBe(0);
    // The weaker phone match with Tess made no flag: one known person per application.
    expect((await w.as.admin.candidates.get({ candidateId: third.candidateId })).candidate!.possibleDuplicates).toEqual([]);
  });

  it("a flag of the merged person with someone else moves to the person it was merged into", async () => {
    const { w, post } = await careers();
    const pat = await w.as.admin.candidates.create({ draft: draft({ fullName: "Pat Phone", emails: ["pat@old.example"], phones: ["+420 777 123 456"] }) });
    const r = await post({ values: { name: "Pat P.", email: "pat@new.example", phone: "+420 777 123 456" } });
    const newId = (r as { candidateId: number }).candidateId;
    const target = await w.as.admin.candidates.create({ draft: draft({ fullName: "Pat P. (CV)", emails: ["pat@cv.example"] }) });
    await w.as.admin.candidates.merge({ targetId: target.candidateId, sourceId: newId });
    expect((await w.as.admin.candidates.get({ candidateId: target.candidateId })).candidate!.possibleDuplicates).toMatchObject([{ id: pat.candidateId, reason: "phone" }]);
    expect((await w.as.admin.candidates.get({ candidateId: pat.candidateId })).candidate!.possibleDuplicates).toMatchObject([{ id: target.candidateId, reason: "phone" }]);
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
    expect(await apply(w.deps, { slug: "no-such-company", openingId: opening.id, form: "x", values: emptyForm() })).toEqual({ kind: "not_found" });
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

  it(`limits posts per address (${APPLY_LIMIT.count} in ${APPLY_LIMIT.windowMs / 60_000} minutes), decided before the post is read`, async () => {
    const { w, opening, slug } = await careers();
    const admit = (ip: string) => admitApplication(w.deps, { slug, openingId: opening.id, token: null, ip }).kind;
    for (let i = 0; i < APPLY_LIMIT.count; i++) expect(admit("203.0.113.50")).toBe("ok");
    expect(admit("203.0.113.50")).toBe("limited");
    expect(admit("203.0.113.51")).toBe("ok");
    w.deps.clock.advance(APPLY_LIMIT.windowMs + 1);
    expect(admit("203.0.113.50")).toBe("ok");
    // The opening is checked too: not published (no link), closed, unknown.
    await w.as.admin.openings.setStatus({ openingId: opening.id, status: "closed" });
    expect(admit("203.0.113.52")).toBe("closed");
    await w.as.admin.openings.setPublished({ openingId: opening.id, published: false });
    expect(admit("203.0.113.52")).toBe("not_found");
    expect(admitApplication(w.deps, { slug: "no-such-company", openingId: opening.id, token: null, ip: "203.0.113.53" }).kind).toBe("not_found");
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
