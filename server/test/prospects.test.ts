import { describe, expect, it } from "vitest";
import { draft, makeOpening, makeWorld, newRequestId, snapshot } from "./factory";
import { rejects } from "./expect-error";


describe("addProspect and duplicate detection", () => {
  it("creates a candidate and a prospecting application in the first prospecting stage by default", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const r = await w.as.recruiter.prospects.add({
      requestId: newRequestId(),
      openingId: o.id,
      draft: draft({ fullName: "  Jana   Nováková ", title: "Staff Engineer", company: "Kiwi.com", emails: ["Jana@Example.COM"], phones: ["+420 777 123 456"], profileUrl: "https://cz.linkedin.com/in/jana-novakova/?trk=x" }),
    });
    expect(r).toMatchObject({ outcome: "created", matchedBy: null, stageName: "Identified", replayed: false });
    const got = await w.as.recruiter.candidates.get({ candidateId: r.candidateId });
    const c = got.candidate!;
    expect(c.fullName).toBe("Jana Nováková");
    expect(c.firstName).toBe("Jana");
    expect(c.lastName).toBe("Nováková");
    expect(c.source).toBe("extension");
    expect(c.sourcedById).toBe(w.recruiter.userId);
    expect(c.emails.map((e) => e.email)).toEqual(["jana@example.com"]);
    expect(c.profiles.map((p) => p.url)).toEqual(["https://www.linkedin.com/in/jana-novakova"]);
    expect(c.applications).toHaveLength(1);
    expect(c.applications[0]).toMatchObject({ workflow: "prospecting", origin: "prospecting", status: "active", stageName: "Identified" });
    // One entry for a new person: created, and where they were put.
    expect(c.timeline.map((a) => a.type)).toEqual(["candidate.created"]);
    expect(c.timeline[0]).toMatchObject({ applicationId: r.applicationId, data: { source: "extension", opening: expect.any(String), workflow: "prospecting", stage: "Identified" } });
    expect(c.lastActivityAt).toBe(w.deps.clock.now());
  });

  it.each([
    ["trailing slash", "https://www.linkedin.com/in/jane-doe/"],
    ["country subdomain", "https://de.linkedin.com/in/jane-doe"],
    ["query string and fragment", "http://linkedin.com/in/jane-doe?originalSubdomain=uk#about"],
    ["upper case slug", "https://www.linkedin.com/in/Jane-Doe"],
    ["sub-page of the profile", "https://www.linkedin.com/in/jane-doe/details/experience/"],
  ])("a profile URL variant (%s) is the same person: linked, not created", async (_label, variant) => {
    const w = await makeWorld();
    const o1 = await makeOpening(w);
    const o2 = await makeOpening(w, { title: "Platform Engineer" });
    const first = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o1.id, draft: draft({ profileUrl: "https://www.linkedin.com/in/jane-doe" }) });
    const second = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o2.id, draft: draft({ fullName: "Jane D.", profileUrl: variant }) });
    expect(second).toMatchObject({ outcome: "linked", matchedBy: "profile_url", candidateId: first.candidateId });
    const all = await w.as.admin.candidates.list({ tab: "all" });
    expect(all.items).toHaveLength(1);
  });

  it("an email in other case and spacing is the same person", async () => {
    const w = await makeWorld();
    const o1 = await makeOpening(w);
    const o2 = await makeOpening(w, { title: "Two" });
    const a = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o1.id, draft: draft({ emails: ["jane.doe@example.com"] }) });
    const b = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o2.id, draft: draft({ emails: ["  JANE.DOE@Example.com "] }) });
    expect(b).toMatchObject({ outcome: "linked", matchedBy: "email", candidateId: a.candidateId });
  });

  it.each([
    ["+420 777 123 456", "777123456"],
    ["00420777123456", "777 123 456"],
    ["+1 (415) 555-0100", "415-555-0100"],
  ])("a phone with and without country code (%s / %s) is the same person", async (p1, p2) => {
    const w = await makeWorld();
    const o1 = await makeOpening(w);
    const o2 = await makeOpening(w, { title: "Two" });
    const a = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o1.id, draft: draft({ phones: [p1] }) });
    const b = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o2.id, draft: draft({ fullName: "Someone Else", phones: [p2] }) });
    expect(b).toMatchObject({ outcome: "linked", matchedBy: "phone", candidateId: a.candidateId });
  });

  it("different people with similar identities are not merged", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft({ profileUrl: "https://www.linkedin.com/in/jane", emails: ["jane@a.com"] }) });
    const b = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft({ profileUrl: "https://www.linkedin.com/in/jane-doe", emails: ["jane@b.com"] }) });
    expect(b.outcome).toBe("created");
  });

  it("a person already on the same opening is refused with CONFLICT saying where they are, and nothing changes", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const first = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft({ profileUrl: "linkedin.com/in/jane-doe" }) });
    const before = snapshot(w.deps.db);
    const err = await rejects(
      w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft({ profileUrl: "https://uk.linkedin.com/in/jane-doe/", emails: ["new@example.com"] }) }),
      "CONFLICT",
    );
    expect(err.message).toContain("Identified");
    expect(err.cause?.details).toMatchObject({ candidateId: first.candidateId, openingId: o.id, stageName: "Identified", workflow: "prospecting", matchedBy: "profile_url" });
    expect(snapshot(w.deps.db)).toBe(before);
  });

  it("retrying with the same requestId returns the first result and creates nothing twice", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const requestId = newRequestId();
    const input = { requestId, openingId: o.id, draft: draft({ emails: ["jane@example.com"] }) };
    const first = await w.as.recruiter.prospects.add(input);
    const before = snapshot(w.deps.db);
    const again = await w.as.recruiter.prospects.add(input);
    const concurrent = await Promise.all([w.as.recruiter.prospects.add(input), w.as.recruiter.prospects.add(input)]);
    expect(again).toEqual({ ...first, replayed: true });
    expect(concurrent.every((r) => r.candidateId === first.candidateId && r.replayed)).toBe(true);
    expect(snapshot(w.deps.db)).toBe(before);
  });

  it("a requestId reused by another user reveals nothing and creates nothing", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const requestId = newRequestId();
    await w.as.admin.prospects.add({ requestId, openingId: o.id, draft: draft({ fullName: "Private Person" }) });
    const before = snapshot(w.deps.db);
    const err = await rejects(w.as.recruiter.prospects.add({ requestId, openingId: o.id, draft: draft() }), "CONFLICT");
    expect(JSON.stringify(err.cause?.details ?? {})).not.toContain("candidateId");
    expect(snapshot(w.deps.db)).toBe(before);
  });

  it("no adds to an archived opening", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    await w.as.admin.openings.archive({ openingId: o.id });
    const before = snapshot(w.deps.db);
    const err = await rejects(w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft() }), "PRECONDITION_FAILED");
    expect(err.message).toMatch(/archived/);
    await rejects(w.as.recruiter.candidates.create({ draft: draft({ fullName: "Hand Made" }), placement: { openingId: o.id, workflow: "hiring" } }), "PRECONDITION_FAILED");
    expect(snapshot(w.deps.db)).toBe(before);
  });

  it("no adds to prospecting when prospecting is switched off, while hiring adds still work", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    await w.as.admin.openings.setProspecting({ openingId: o.id, enabled: false });
    const err = await rejects(w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft() }), "PRECONDITION_FAILED");
    expect(err.message).toMatch(/Prospecting is switched off/);
    const r = await w.as.recruiter.candidates.create({ draft: draft(), placement: { openingId: o.id, workflow: "hiring" } });
    expect(r.stageName).toBe("New");
  });

  it("a stage from another opening or the other workflow is refused", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const other = await makeOpening(w, { title: "Other" });
    await rejects(w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, stageId: other.prospectingStages[0]!.id, draft: draft() }), "NOT_FOUND");
    await rejects(w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, stageId: o.hiringStages[0]!.id, draft: draft() }), "BAD_REQUEST");
  });

  it("a recruiter not on the hiring team cannot add to the opening (it does not exist for them)", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    await rejects(w.as.outsider.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft() }), "NOT_FOUND");
  });

  it("malformed emails are refused with a clear message and nothing is written", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const before = snapshot(w.deps.db);
    const err = await rejects(w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft({ emails: ["not-an-email"] }) }), "BAD_REQUEST");
    expect(err.message).toContain("not-an-email");
    expect(snapshot(w.deps.db)).toBe(before);
  });

  it("scraped markup stays literal text and javascript: URLs are dropped", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const r = await w.as.recruiter.prospects.add({
      requestId: newRequestId(),
      openingId: o.id,
      draft: draft({ fullName: '<img src=x onerror="alert(1)">', photoUrl: "javascript:alert(1)", sourceUrl: "data:text/html,hi" }),
    });
    const c = (await w.as.recruiter.candidates.get({ candidateId: r.candidateId })).candidate!;
    expect(c.fullName).toBe('<img src=x onerror="alert(1)">');
    expect(c.photoUrl).toBeNull();
    expect(c.sourceUrl).toBeNull();
  });

  it("linking to an existing candidate adds what the page knows beyond the match, without overwriting", async () => {
    const w = await makeWorld();
    const o1 = await makeOpening(w);
    const o2 = await makeOpening(w, { title: "Two" });
    const a = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o1.id, draft: draft({ title: "Engineer", emails: ["jane@example.com"] }) });
    await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o2.id, draft: draft({ title: "CTO", emails: ["jane@example.com", "jane@work.example"], links: ["https://github.com/janedoe"] }) });
    const c = (await w.as.recruiter.candidates.get({ candidateId: a.candidateId })).candidate!;
    expect(c.title).toBe("Engineer");
    expect(c.emails.map((e) => e.email)).toEqual(["jane@example.com", "jane@work.example"]);
    expect(c.profiles.map((p) => p.url)).toEqual(["https://github.com/janedoe"]);
    expect(c.applications).toHaveLength(2);
  });
});

describe("duplicates.lookup", () => {
  it("answers who the person is and where they are, without writing", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const a = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft({ profileUrl: "https://www.linkedin.com/in/jane-doe" }) });
    const before = snapshot(w.deps.db);
    const r = await w.as.recruiter.duplicates.lookup({ profileUrl: "https://fr.linkedin.com/in/jane-doe/", openingId: o.id });
    expect(r.match).toMatchObject({ candidateId: a.candidateId, matchedBy: "profile_url", onOpening: true });
    expect(r.match?.applications[0]).toMatchObject({ openingTitle: "Backend Engineer", stageName: "Identified", workflow: "prospecting" });
    const none = await w.as.recruiter.duplicates.lookup({ profileUrl: "https://www.linkedin.com/in/someone-else" });
    expect(none.match).toBeNull();
    expect(snapshot(w.deps.db)).toBe(before);
  });

  it("name and company similarity is reported as a possible duplicate, not a match", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft({ fullName: "Jiří Dvořák", company: "Acme, Inc." }) });
    const r = await w.as.recruiter.duplicates.lookup({ fullName: "jiri dvorak", company: "ACME" });
    expect(r.match).toBeNull();
    expect(r.possible.map((p) => p.fullName)).toEqual(["Jiří Dvořák"]);
  });

  it("another company's candidates are never found", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft({ emails: ["jane@example.com"], fullName: "Jane Doe" }) });
    const r = await w.as.otherCompany.duplicates.lookup({ emails: ["jane@example.com"], fullName: "Jane Doe" });
    expect(r).toEqual({ match: null, possible: [] });
  });
});

describe("possible duplicates, keep both, merge", () => {
  async function twoJanes() {
    const w = await makeWorld();
    const o1 = await makeOpening(w);
    const o2 = await makeOpening(w, { title: "Two" });
    const a = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o1.id, draft: draft({ company: "Acme", emails: ["jane@a.com"], skills: ["Go"] }) });
    const b = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o2.id, draft: draft({ company: "ACME Inc.", emails: ["jane@b.com"], location: "Prague", skills: ["Rust"] }) });
    return { w, o1, o2, a, b };
  }

  it("the candidate page shows a possible duplicate with the same name and company", async () => {
    const { w, a, b } = await twoJanes();
    const c = (await w.as.recruiter.candidates.get({ candidateId: a.candidateId })).candidate!;
    expect(c.possibleDuplicates.map((d) => d.id)).toEqual([b.candidateId]);
  });

  it("keep both: the pair is no longer offered", async () => {
    const { w, a, b } = await twoJanes();
    await w.as.recruiter.candidates.dismissDuplicate({ candidateId: b.candidateId, otherCandidateId: a.candidateId });
    const c = (await w.as.recruiter.candidates.get({ candidateId: a.candidateId })).candidate!;
    expect(c.possibleDuplicates).toEqual([]);
  });

  it("admins merge two candidates: identities, applications and timeline move; the merged one disappears from lists", async () => {
    const { w, a, b } = await twoJanes();
    const merged = await w.as.admin.candidates.merge({ targetId: a.candidateId, sourceId: b.candidateId });
    const c = merged.candidate!;
    expect(c.emails.map((e) => e.email).sort()).toEqual(["jane@a.com", "jane@b.com"]);
    expect(c.applications.map((x) => x.openingTitle).sort()).toEqual(["Backend Engineer", "Two"]);
    expect(c.location).toBe("Prague");
    expect(c.skills).toEqual(["Go", "Rust"]);
    expect(c.timeline.some((t) => t.type === "candidate.merged")).toBe(true);
    const gone = await w.as.admin.candidates.get({ candidateId: b.candidateId });
    expect(gone).toEqual({ mergedIntoId: a.candidateId, candidate: null });
    const all = await w.as.admin.candidates.list({ tab: "all" });
    expect(all.items.map((i) => i.candidate.id)).toEqual([a.candidateId]);
    const lookup = await w.as.admin.duplicates.lookup({ emails: ["jane@b.com"] });
    expect(lookup.match?.candidateId).toBe(a.candidateId);
  });

  it("merging two candidates on the same opening keeps one application", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const a = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft({ emails: ["a@x.com"] }) });
    const b = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft({ emails: ["b@x.com"] }) });
    const c = (await w.as.admin.candidates.merge({ targetId: a.candidateId, sourceId: b.candidateId })).candidate!;
    expect(c.applications).toHaveLength(1);
    expect(c.applications[0]?.id).toBe(a.applicationId);
  });

  it("recruiters cannot merge", async () => {
    const { w, a, b } = await twoJanes();
    const before = snapshot(w.deps.db);
    await rejects(w.as.recruiter.candidates.merge({ targetId: a.candidateId, sourceId: b.candidateId }), "FORBIDDEN");
    expect(snapshot(w.deps.db)).toBe(before);
  });
});

describe("duplicate lookups for many people at once (a CSV commit's check)", () => {
  it("find exactly what the one-at-a-time lookup finds, in the same order of strength", async () => {
    const { findIdentityMatch, findIdentityMatches } = await import("../src/modules/candidates/candidates.repo");
    const { identitiesOf } = await import("../src/modules/candidates/identities");
    const w = await makeWorld();
    const o = await makeOpening(w);
    const add = (over: Parameters<typeof draft>[0]) => w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft(over) });
    await add({ fullName: "Url Person", profileUrl: "https://www.linkedin.com/in/url-person" });
    await add({ fullName: "Mail Person", emails: ["mail.person@example.com"] });
    await add({ fullName: "Phone Person", phones: ["+420 777 123 456"] });
    const people = [
      { profileUrl: "https://linkedin.com/in/url-person/?trk=x", emails: ["MAIL.person@example.com"] }, // URL beats email
      { emails: ["nobody@example.com", "mail.person@example.com"] },
      { phones: ["777123456"] },
      { phones: ["00420777123456"], emails: ["mail.person@example.com"] }, // email beats phone
      { emails: ["stranger@example.com"] },
    ].map((p) => identitiesOf(p).ids);
    const one = people.map((ids) => findIdentityMatch(w.deps.db, w.companyId, ids));
    const many = findIdentityMatches(w.deps.db, w.companyId, [...people, undefined]);
    expect(many).toEqual([...one, null]);
    expect(one.map((m) => m?.matchedBy ?? null)).toEqual(["profile_url", "email", "phone", "email", null]);
  });
});
