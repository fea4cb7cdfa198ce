import { describe, expect, it } from "vitest";
import { rejects } from "./expect-error";
import { draft, makeOpening, makeWorld, newRequestId, snapshot, type World } from "./factory";

async function prospect(w: World) {
  const o = await makeOpening(w);
  const r = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft({ emails: ["p@x.com"] }) });
  return { o, appId: r.applicationId!, candidateId: r.candidateId };
}

async function hiringCandidate(w: World) {
  const o = await makeOpening(w);
  const r = await w.as.recruiter.candidates.create({ draft: draft({ fullName: "Hugo Hiring" }), placement: { openingId: o.id, workflow: "hiring" } });
  return { o, appId: r.applicationId!, candidateId: r.candidateId };
}

async function appOf(w: World, candidateId: number) {
  const c = (await w.as.recruiter.candidates.get({ candidateId })).candidate!;
  return c.applications[0]!;
}

const stateId = async (w: World, name: string) => (await w.as.recruiter.decisionedStates.list()).find((s) => s.name === name)!.id;

describe("moves between workflows", () => {
  it("prospecting → hiring: always allowed for an active prospect", async () => {
    const w = await makeWorld();
    const { o, appId, candidateId } = await prospect(w);
    expect((await appOf(w, candidateId)).allowedMoves.toHiring).toBe(true);
    await w.as.recruiter.applications.move({ applicationId: appId, stageId: o.hiringStages[1]!.id });
    const a = await appOf(w, candidateId);
    expect(a).toMatchObject({ workflow: "hiring", stageName: "Phone screen", origin: "prospecting" });
    const moved = (await w.as.recruiter.candidates.get({ candidateId })).candidate!.timeline[0]!;
    expect(moved).toMatchObject({ type: "application.moved", actorName: "Rita Recruiter", data: { before: { workflow: "prospecting", stage: "Identified" }, after: { workflow: "hiring", stage: "Phone screen" } } });
  });

  it("hiring → prospecting: allowed for an application that started in prospecting", async () => {
    const w = await makeWorld();
    const { o, appId, candidateId } = await prospect(w);
    await w.as.recruiter.applications.move({ applicationId: appId, stageId: o.hiringStages[0]!.id });
    expect((await appOf(w, candidateId)).allowedMoves.toProspecting).toBe(true);
    await w.as.recruiter.applications.move({ applicationId: appId, stageId: o.prospectingStages[2]!.id });
    expect(await appOf(w, candidateId)).toMatchObject({ workflow: "prospecting", stageName: "Replied" });
  });

  it("hiring → prospecting: never for an application that started in hiring, and the API does not offer it", async () => {
    const w = await makeWorld();
    const { o, appId, candidateId } = await hiringCandidate(w);
    const a = await appOf(w, candidateId);
    expect(a.origin).toBe("hiring");
    expect(a.allowedMoves.toProspecting).toBe(false);
    expect(a.allowedMoves.reasons.toProspecting).toMatch(/hiring/);
    const before = snapshot(w.deps.db);
    const err = await rejects(w.as.recruiter.applications.move({ applicationId: appId, stageId: o.prospectingStages[0]!.id }), "PRECONDITION_FAILED");
    expect(err.message).toMatch(/started in the hiring workflow/);
    expect(snapshot(w.deps.db)).toBe(before);
  });

  it("hiring → prospecting: refused once prospecting is switched off", async () => {
    const w = await makeWorld();
    const { o, appId, candidateId } = await prospect(w);
    await w.as.recruiter.applications.move({ applicationId: appId, stageId: o.hiringStages[0]!.id });
    await w.as.admin.openings.setProspecting({ openingId: o.id, enabled: false });
    expect((await appOf(w, candidateId)).allowedMoves.toProspecting).toBe(false);
    await rejects(w.as.recruiter.applications.move({ applicationId: appId, stageId: o.prospectingStages[0]!.id }), "PRECONDITION_FAILED");
  });

  it("prospecting switched off: prospects stay in their stages and can still move on, to hiring, or be decisioned", async () => {
    const w = await makeWorld();
    const { o, appId, candidateId } = await prospect(w);
    await w.as.admin.openings.setProspecting({ openingId: o.id, enabled: false });
    expect(await appOf(w, candidateId)).toMatchObject({ workflow: "prospecting", stageName: "Identified", status: "active" });
    await w.as.recruiter.applications.move({ applicationId: appId, stageId: o.prospectingStages[1]!.id });
    expect((await appOf(w, candidateId)).stageName).toBe("Contacted");
    await w.as.recruiter.applications.move({ applicationId: appId, stageId: o.hiringStages[0]!.id });
    expect((await appOf(w, candidateId)).workflow).toBe("hiring");
  });

  it("between stages of the same workflow", async () => {
    const w = await makeWorld();
    const { o, appId, candidateId } = await hiringCandidate(w);
    await w.as.recruiter.applications.move({ applicationId: appId, stageId: o.hiringStages[3]!.id });
    expect((await appOf(w, candidateId)).stageName).toBe("Offer");
  });

  it("archived openings: existing candidates can still be moved and decisioned", async () => {
    const w = await makeWorld();
    const { o, appId, candidateId } = await prospect(w);
    await w.as.admin.openings.archive({ openingId: o.id });
    await w.as.recruiter.applications.move({ applicationId: appId, stageId: o.hiringStages[0]!.id });
    await w.as.recruiter.applications.decide({ applicationId: appId, stateId: await stateId(w, "Rejected: position filled") });
    expect(await appOf(w, candidateId)).toMatchObject({ status: "decisioned", decisionedStateName: "Rejected: position filled" });
  });

  it("a stage of another opening is not a destination", async () => {
    const w = await makeWorld();
    const { appId } = await prospect(w);
    const other = await makeOpening(w, { title: "Other" });
    await rejects(w.as.recruiter.applications.move({ applicationId: appId, stageId: other.hiringStages[0]!.id }), "NOT_FOUND");
  });

  it("a recruiter not on the hiring team cannot move the application", async () => {
    const w = await makeWorld();
    const { o, appId } = await prospect(w);
    await rejects(w.as.outsider.applications.move({ applicationId: appId, stageId: o.hiringStages[0]!.id }), "NOT_FOUND");
  });
});

describe("decisions and reopening", () => {
  it("decision from the prospecting workflow", async () => {
    const w = await makeWorld();
    const { appId, candidateId } = await prospect(w);
    await w.as.recruiter.applications.decide({ applicationId: appId, stateId: await stateId(w, "Not interested") });
    const a = await appOf(w, candidateId);
    expect(a).toMatchObject({ status: "decisioned", workflow: "prospecting", decisionedStateName: "Not interested" });
    expect(a.allowedMoves).toMatchObject({ withinWorkflow: false, toHiring: false, decision: false, reopen: true });
  });

  it("decision from the hiring workflow", async () => {
    const w = await makeWorld();
    const { appId, candidateId } = await hiringCandidate(w);
    await w.as.recruiter.applications.decide({ applicationId: appId, stateId: await stateId(w, "Hired") });
    expect((await appOf(w, candidateId)).decisionedStateName).toBe("Hired");
    const list = await w.as.recruiter.candidates.list({ tab: "hiring" });
    expect(list.items).toHaveLength(0);
  });

  it("boards list an opening's decisioned applications per workflow, apart from the active ones, with counts", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const add = (fullName: string) => w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft({ fullName }) });
    const pia = await add("Pia Prospect");
    const paul = await add("Paul Promoted");
    await add("Petra Active");
    const hugo = await w.as.recruiter.candidates.create({ draft: draft({ fullName: "Hugo Hiring" }), placement: { openingId: o.id, workflow: "hiring" } });
    const other = await makeOpening(w, { title: "Other" });
    const elsewhere = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: other.id, draft: draft({ fullName: "Olga Other" }) });
    await w.as.recruiter.applications.move({ applicationId: paul.applicationId!, stageId: o.hiringStages[2]!.id });
    await w.as.recruiter.applications.decide({ applicationId: pia.applicationId!, stateId: await stateId(w, "Not interested") });
    await w.as.recruiter.applications.decide({ applicationId: paul.applicationId!, stateId: await stateId(w, "Withdrew") });
    await w.as.recruiter.applications.decide({ applicationId: hugo.applicationId!, stateId: await stateId(w, "Rejected: not qualified") });
    await w.as.recruiter.applications.decide({ applicationId: elsewhere.applicationId!, stateId: await stateId(w, "Not interested") });

    const list = (input: Parameters<typeof w.as.recruiter.candidates.list>[0]) => w.as.recruiter.candidates.list(input);
    const names = async (input: Parameters<typeof w.as.recruiter.candidates.list>[0]) => (await list(input)).items.map((i) => i.candidate.fullName);
    expect(await names({ tab: "prospects", openingId: o.id })).toEqual(["Petra Active"]);
    expect(await names({ tab: "prospects", openingId: o.id, status: "decisioned" })).toEqual(["Pia Prospect"]);
    expect(await names({ tab: "hiring", openingId: o.id })).toEqual([]);
    const hiring = await list({ tab: "hiring", openingId: o.id, status: "decisioned" });
    expect(hiring.items.map((i) => i.application)).toEqual([
      expect.objectContaining({ applicationId: hugo.applicationId, workflow: "hiring", origin: "hiring", status: "decisioned", decisionedStateName: "Rejected: not qualified", stageName: "New" }),
      expect.objectContaining({ applicationId: paul.applicationId, workflow: "hiring", origin: "prospecting", status: "decisioned", decisionedStateName: "Withdrew", stageName: "Interview" }),
    ]);
    expect(hiring.items[0]!.application!.decisionedAt).toBe(w.deps.clock.now());
    // Keyset paging works for decisioned lists too, and other openings stay out.
    const first = await list({ tab: "hiring", openingId: o.id, status: "decisioned", limit: 1 });
    const second = await list({ tab: "hiring", openingId: o.id, status: "decisioned", limit: 1, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((i) => i.candidate.fullName)).toEqual(["Hugo Hiring", "Paul Promoted"]);
    expect(second.nextCursor).toBeNull();
    expect(await names({ tab: "prospects", status: "decisioned" })).toEqual(["Olga Other", "Pia Prospect"]);

    // The opening counts active and decisioned applications per stage (a decisioned one keeps its stage).
    const got = await w.as.recruiter.openings.get({ openingId: o.id });
    const counts = (stages: typeof got.hiringStages) => stages.map((s) => [s.name, s.count, s.decisionedCount]);
    expect(counts(got.hiringStages)).toEqual([["New", 0, 1], ["Phone screen", 0, 0], ["Interview", 0, 1], ["Offer", 0, 0]]);
    expect(counts(got.prospectingStages)).toEqual([["Identified", 1, 1], ["Contacted", 0, 0], ["Replied", 0, 0], ["Interested", 0, 0]]);

    // A recruiter off the opening's team, and another company, see none of it.
    await rejects(w.as.outsider.candidates.list({ tab: "hiring", openingId: o.id, status: "decisioned" }), "NOT_FOUND");
    await rejects(w.as.otherCompany.candidates.list({ tab: "hiring", openingId: o.id, status: "decisioned" }), "NOT_FOUND");
    expect((await w.as.otherCompany.candidates.list({ tab: "prospects", status: "decisioned" })).items).toEqual([]);
  });

  it("a decisioned application cannot be moved until it is reopened", async () => {
    const w = await makeWorld();
    const { o, appId } = await hiringCandidate(w);
    await w.as.recruiter.applications.decide({ applicationId: appId, stateId: await stateId(w, "Withdrew") });
    await rejects(w.as.recruiter.applications.move({ applicationId: appId, stageId: o.hiringStages[2]!.id }), "PRECONDITION_FAILED");
    await rejects(w.as.recruiter.applications.decide({ applicationId: appId, stateId: await stateId(w, "Hired") }), "PRECONDITION_FAILED");
  });

  it("reopening puts the application back into a stage of the workflow it was in", async () => {
    const w = await makeWorld();
    const { o, appId, candidateId } = await prospect(w);
    await w.as.recruiter.applications.move({ applicationId: appId, stageId: o.prospectingStages[1]!.id });
    await w.as.recruiter.applications.decide({ applicationId: appId, stateId: await stateId(w, "Not interested") });
    await w.as.recruiter.applications.reopen({ applicationId: appId });
    expect(await appOf(w, candidateId)).toMatchObject({ status: "active", workflow: "prospecting", stageName: "Contacted", decisionedStateId: null });
    await w.as.recruiter.applications.decide({ applicationId: appId, stateId: await stateId(w, "Not interested") });
    await rejects(w.as.recruiter.applications.reopen({ applicationId: appId, stageId: o.hiringStages[0]!.id }), "BAD_REQUEST");
    await w.as.recruiter.applications.reopen({ applicationId: appId, stageId: o.prospectingStages[3]!.id });
    expect((await appOf(w, candidateId)).stageName).toBe("Interested");
    const types = (await w.as.recruiter.candidates.get({ candidateId })).candidate!.timeline.map((t) => t.type);
    expect(types.filter((t) => t === "application.reopened")).toHaveLength(2);
  });

  it("a decisioned prospect is not reopened into prospecting while prospecting is off", async () => {
    const w = await makeWorld();
    const { o, appId, candidateId } = await prospect(w);
    await w.as.recruiter.applications.decide({ applicationId: appId, stateId: await stateId(w, "Not interested") });
    await w.as.admin.openings.setProspecting({ openingId: o.id, enabled: false });
    expect((await appOf(w, candidateId)).allowedMoves.reopen).toBe(false);
    await rejects(w.as.recruiter.applications.reopen({ applicationId: appId }), "PRECONDITION_FAILED");
  });

  it("each move, decision and reopen updates last_activity_at", async () => {
    const w = await makeWorld();
    const { o, appId, candidateId } = await prospect(w);
    w.deps.clock.advance(60_000);
    await w.as.recruiter.applications.move({ applicationId: appId, stageId: o.hiringStages[0]!.id });
    const c = (await w.as.recruiter.candidates.get({ candidateId })).candidate!;
    expect(c.lastActivityAt).toBe(w.deps.clock.now());
  });
});

describe("candidates", () => {
  it("do-not-contact on with reason and date, and off again, each on the timeline", async () => {
    const w = await makeWorld();
    const { candidateId } = await prospect(w);
    const on = (await w.as.recruiter.candidates.setDoNotContact({ candidateId, doNotContact: true, reason: "Asked us not to" })).candidate!;
    expect(on).toMatchObject({ doNotContact: true, doNotContactReason: "Asked us not to", doNotContactAt: w.deps.clock.now() });
    const off = (await w.as.recruiter.candidates.setDoNotContact({ candidateId, doNotContact: false })).candidate!;
    expect(off).toMatchObject({ doNotContact: false, doNotContactReason: null });
    expect(off.timeline.map((t) => t.type).slice(0, 2)).toEqual(["candidate.dnc_cleared", "candidate.dnc_set"]);
    const dnc = await w.as.recruiter.candidates.list({ tab: "all", doNotContact: true });
    expect(dnc.items).toHaveLength(0);
  });

  it("update edits fields and replaces identities; an email of another candidate is a CONFLICT and nothing changes", async () => {
    const w = await makeWorld();
    const { candidateId } = await prospect(w);
    const o2 = await makeOpening(w, { title: "Other" });
    const other = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o2.id, draft: draft({ fullName: "Olga Other", emails: ["olga@x.com"] }) });
    const c = (await w.as.recruiter.candidates.update({ candidateId, fullName: "Jane Q. Public", title: "CTO", emails: ["jane@new.com", "P@x.com"], phones: ["+44 20 7946 0958"] })).candidate!;
    expect(c).toMatchObject({ fullName: "Jane Q. Public", firstName: "Jane", lastName: "Public", title: "CTO" });
    expect(c.emails.map((e) => e.email)).toEqual(["jane@new.com", "p@x.com"]);
    expect(c.phones.map((p) => p.e164)).toEqual(["+442079460958"]);
    const before = snapshot(w.deps.db);
    const err = await rejects(w.as.recruiter.candidates.update({ candidateId, title: "Changed", emails: ["OLGA@x.com"] }), "CONFLICT");
    expect(err.cause?.details).toMatchObject({ candidateId: other.candidateId });
    expect(snapshot(w.deps.db)).toBe(before);
  });

  it("manual create without an opening; a second create with the same email returns the existing candidate", async () => {
    const w = await makeWorld();
    const a = await w.as.recruiter.candidates.create({ draft: draft({ emails: ["m@x.com"] }) });
    expect(a).toMatchObject({ outcome: "created", applicationId: null });
    const b = await w.as.recruiter.candidates.create({ draft: draft({ emails: ["M@X.com"] }) });
    expect(b).toMatchObject({ outcome: "existing", candidateId: a.candidateId, matchedBy: "email" });
  });

  it("addToOpening puts a known candidate on another opening; twice is a CONFLICT", async () => {
    const w = await makeWorld();
    const { candidateId } = await prospect(w);
    const o2 = await makeOpening(w, { title: "Other" });
    const r = await w.as.recruiter.candidates.addToOpening({ candidateId, openingId: o2.id, workflow: "hiring" });
    expect(r.stageName).toBe("New");
    await rejects(w.as.recruiter.candidates.addToOpening({ candidateId, openingId: o2.id, workflow: "prospecting" }), "CONFLICT");
  });
});

describe("candidate lists", () => {
  async function populated() {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const hidden = await w.as.admin.openings.create({ title: "Secret", prospectingEnabled: true });
    for (let i = 0; i < 7; i++) {
      await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft({ fullName: `Prospect ${i}`, title: i % 2 ? "Rust developer" : "Go developer", skills: i === 3 ? ["Kubernetes"] : [] }) });
    }
    await w.as.recruiter.candidates.create({ draft: draft({ fullName: "Hanna Hiring" }), placement: { openingId: o.id, workflow: "hiring", stageId: o.hiringStages[2]!.id } });
    await w.as.admin.prospects.add({ requestId: newRequestId(), openingId: hidden.id, draft: draft({ fullName: "Sara Secret" }) });
    return { w, o, hidden };
  }

  it("tabs: all, hiring, prospects", async () => {
    const { w } = await populated();
    expect((await w.as.admin.candidates.list({ tab: "all" })).items).toHaveLength(9);
    expect((await w.as.admin.candidates.list({ tab: "hiring" })).items.map((i) => i.candidate.fullName)).toEqual(["Hanna Hiring"]);
    expect((await w.as.admin.candidates.list({ tab: "prospects" })).items).toHaveLength(8);
  });

  it("recruiters see prospects only of openings whose hiring team they are on", async () => {
    const { w, hidden } = await populated();
    const names = (await w.as.recruiter.candidates.list({ tab: "prospects" })).items.map((i) => i.candidate.fullName);
    expect(names).toHaveLength(7);
    expect(names).not.toContain("Sara Secret");
    await rejects(w.as.recruiter.candidates.list({ tab: "prospects", openingId: hidden.id }), "NOT_FOUND");
  });

  it("keyset paging walks every row once, newest first", async () => {
    const { w } = await populated();
    const seen: string[] = [];
    let cursor: number | undefined;
    for (;;) {
      const page = await w.as.admin.candidates.list({ tab: "prospects", limit: 3, cursor });
      seen.push(...page.items.map((i) => i.candidate.fullName));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(["Sara Secret", "Prospect 6", "Prospect 5", "Prospect 4", "Prospect 3", "Prospect 2", "Prospect 1", "Prospect 0"]);
  });

  it("search by name, title and skill (prefix, accent-insensitive); filters by opening and stage", async () => {
    const { w, o } = await populated();
    const names = async (q: Parameters<typeof w.as.admin.candidates.list>[0]) => (await w.as.admin.candidates.list(q)).items.map((i) => i.candidate.fullName);
    expect(await names({ tab: "all", search: "rust dev" })).toEqual(["Prospect 5", "Prospect 3", "Prospect 1"]);
    expect(await names({ tab: "all", search: "kube" })).toEqual(["Prospect 3"]);
    expect(await names({ tab: "all", search: "hann" })).toEqual(["Hanna Hiring"]);
    expect(await names({ tab: "all", search: '"); DROP TABLE candidates; --' })).toEqual([]);
    expect(await names({ tab: "hiring", openingId: o.id, stageId: o.hiringStages[2]!.id })).toEqual(["Hanna Hiring"]);
    expect(await names({ tab: "all", openingId: o.id, stageId: o.hiringStages[0]!.id })).toEqual([]);
  });
});

describe("visibility inside the company", () => {
  it("a recruiter sees the candidate but not the applications or timeline of openings they are not on", async () => {
    const w = await makeWorld();
    const mine = await makeOpening(w);
    const secret = await w.as.admin.openings.create({ title: "Confidential VP search", prospectingEnabled: true });
    const r = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: mine.id, draft: draft({ emails: ["v@x.com"] }) });
    await w.as.admin.candidates.addToOpening({ candidateId: r.candidateId, openingId: secret.id, workflow: "prospecting" });
    const asRecruiter = (await w.as.recruiter.candidates.get({ candidateId: r.candidateId })).candidate!;
    expect(asRecruiter.applications.map((a) => a.openingTitle)).toEqual(["Backend Engineer"]);
    expect(JSON.stringify(asRecruiter.timeline)).not.toContain("Confidential");
    const asAdmin = (await w.as.admin.candidates.get({ candidateId: r.candidateId })).candidate!;
    expect(asAdmin.applications).toHaveLength(2);
  });
});

describe("search index", () => {
  it("finds people by their new name after an edit, not by the old one, and forgets merged-away records", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const a = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft({ fullName: "Zelda Oldname", emails: ["z@x.com"] }) });
    const b = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft({ fullName: "Zelda Twin", emails: ["t@x.com"] }) });
    const names = async (search: string) => (await w.as.admin.candidates.list({ tab: "all", search })).items.map((i) => i.candidate.fullName);
    expect(await names("zelda")).toEqual(["Zelda Twin", "Zelda Oldname"]);
    await w.as.recruiter.candidates.update({ candidateId: a.candidateId, fullName: "Zelda Newname" });
    expect(await names("oldname")).toEqual([]);
    expect(await names("newname")).toEqual(["Zelda Newname"]);
    await w.as.admin.candidates.merge({ targetId: a.candidateId, sourceId: b.candidateId });
    expect(await names("zelda")).toEqual(["Zelda Newname"]);
  });
});
