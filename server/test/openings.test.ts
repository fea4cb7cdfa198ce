import { describe, expect, it } from "vitest";
import { type Caller, draft, makeOpening, makeWorld, newRequestId, snapshot, type World } from "./factory";

type Detail = Awaited<ReturnType<Caller["openings"]["get"]>>;

const names = (stages: { name: string }[]) => stages.map((s) => s.name);
const stage = (o: Detail, name: string) => {
  const s = [...o.hiringStages, ...o.prospectingStages].find((x) => x.name === name);
  if (!s) throw new Error(`no stage called ${name}`);
  return s;
};

/** Puts a new person into a prospecting stage of the opening (as the recruiter on its team). */
async function prospect(w: World, openingId: number, fullName: string, stageId?: number) {
  const slug = fullName.toLowerCase().replace(/\W+/g, "-");
  const r = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId, stageId, draft: draft({ fullName, profileUrl: `https://www.linkedin.com/in/${slug}` }) });
  return { candidateId: r.candidateId, applicationId: r.applicationId! };
}

/** The stage a candidate's application on this opening is in, as the candidate page shows it. */
async function whereIs(w: World, candidateId: number, openingId: number) {
  const c = await w.as.admin.candidates.get({ candidateId });
  const a = c.candidate?.applications.find((x) => x.openingId === openingId);
  return a && { stageName: a.stageName, workflow: a.workflow, status: a.status };
}

describe("openings: creating", () => {
  it("a new opening gets the default hiring stages, and no prospecting stages while prospecting is off", async () => {
    const w = await makeWorld();
    const o = await w.as.admin.openings.create({ title: "Data Analyst", department: "Data", location: "Prague" });
    expect(o).toMatchObject({ title: "Data Analyst", department: "Data", location: "Prague", status: "open", ownerId: w.admin.userId, prospectingEnabled: false });
    expect(names(o.hiringStages)).toEqual(["New", "Phone screen", "Interview", "Offer"]);
    expect(o.prospectingStages).toEqual([]);
  });

  it("with prospecting on, a new opening also gets the default prospecting stages", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    expect(names(o.hiringStages)).toEqual(["New", "Phone screen", "Interview", "Offer"]);
    expect(names(o.prospectingStages)).toEqual(["Identified", "Contacted", "Replied", "Interested"]);
  });

  it("an opening can be created with its own stages, but not with two stages of the same name", async () => {
    const w = await makeWorld();
    const o = await w.as.admin.openings.create({ title: "Designer", hiringStages: ["Applied", "Portfolio review", "Offer"] });
    expect(names(o.hiringStages)).toEqual(["Applied", "Portfolio review", "Offer"]);
    const before = snapshot(w.deps.db);
    await expect(w.as.admin.openings.create({ title: "Designer 2", hiringStages: ["Applied", "applied "] })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(snapshot(w.deps.db)).toBe(before);
  });

  it("an opening's client is one of the agency's own clients", async () => {
    const w = await makeWorld();
    const insert = w.deps.db.$client.prepare("INSERT INTO clients (company_id, name, created_at) VALUES (?, ?, 0)");
    const ours = Number(insert.run(w.companyId, "Globex").lastInsertRowid);
    const theirs = Number(insert.run(w.otherCompany.companyId, "Initech").lastInsertRowid);
    const o = await w.as.admin.openings.create({ title: "For Globex", clientId: ours });
    expect(o.clientId).toBe(ours);
    const before = snapshot(w.deps.db);
    await expect(w.as.admin.openings.create({ title: "For Initech", clientId: theirs })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(w.as.admin.openings.update({ openingId: o.id, clientId: theirs })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(snapshot(w.deps.db)).toBe(before);
    expect((await w.as.admin.openings.update({ openingId: o.id, clientId: null })).clientId).toBeNull();
  });

  it("a recruiter cannot create openings", async () => {
    const w = await makeWorld();
    const before = snapshot(w.deps.db);
    await expect(w.as.recruiter.openings.create({ title: "Mine", ownerId: w.recruiter.userId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(snapshot(w.deps.db)).toBe(before);
  });
});

describe("openings: hiring team and visibility", () => {
  it("the owner is always on the hiring team and cannot be removed from it", async () => {
    const w = await makeWorld();
    const o = await w.as.admin.openings.create({ title: "QA", ownerId: w.recruiter.userId });
    expect(o.ownerId).toBe(w.recruiter.userId);
    expect(o.team.map((m) => m.id)).toEqual([w.recruiter.userId]);
    const before = snapshot(w.deps.db);
    await expect(w.as.admin.openings.team.remove({ openingId: o.id, userId: w.recruiter.userId })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(snapshot(w.deps.db)).toBe(before);
    expect((await w.as.recruiter.openings.get({ openingId: o.id })).title).toBe("QA");
  });

  it("a new owner joins the hiring team, and the previous owner can then be removed", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w, { teamUserIds: [] });
    const moved = await w.as.admin.openings.update({ openingId: o.id, ownerId: w.outsider.userId });
    expect(moved.ownerId).toBe(w.outsider.userId);
    expect(moved.team.map((m) => m.id).sort()).toEqual([w.admin.userId, w.outsider.userId].sort());
    await expect(w.as.outsider.openings.get({ openingId: o.id })).resolves.toMatchObject({ canManage: true });
    const after = await w.as.admin.openings.team.remove({ openingId: o.id, userId: w.admin.userId });
    expect(after.team.map((m) => m.id)).toEqual([w.outsider.userId]);
  });

  it("a recruiter sees only the openings whose hiring team they are on", async () => {
    const w = await makeWorld();
    const theirs = await makeOpening(w, { title: "On the team" });
    const other = await makeOpening(w, { title: "Not on the team", teamUserIds: [w.outsider.userId] });
    expect((await w.as.recruiter.openings.list({})).items.map((o) => o.title)).toEqual(["On the team"]);
    expect((await w.as.recruiter.openings.get({ openingId: theirs.id })).title).toBe("On the team");
    await expect(w.as.recruiter.openings.get({ openingId: other.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Not being able to see it means not being able to put people on it either.
    await expect(
      w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: other.id, draft: draft({ fullName: "Sneaky Add" }) }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("admins see every opening of their company, whether or not they are on its team", async () => {
    const w = await makeWorld();
    await makeOpening(w, { title: "A" });
    await w.as.superAdmin.openings.create({ title: "B", ownerId: w.outsider.userId });
    for (const admin of [w.as.admin, w.as.superAdmin]) {
      expect((await admin.openings.list({})).items.map((o) => o.title).sort()).toEqual(["A", "B"]);
    }
    const b = (await w.as.superAdmin.openings.list({ search: "B" })).items[0]!;
    await expect(w.as.admin.openings.get({ openingId: b.id })).resolves.toMatchObject({ title: "B", canManage: true });
    // "mine" narrows an admin's list to the openings whose team they are on.
    expect((await w.as.admin.openings.list({ mine: true })).items.map((o) => o.title)).toEqual(["A"]);
  });

  it("adding a recruiter to the team shows them the opening; removing them hides it again", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    await expect(w.as.outsider.openings.get({ openingId: o.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const added = await w.as.admin.openings.team.add({ openingId: o.id, userId: w.outsider.userId });
    expect(added.team.map((m) => m.name)).toContain("Otto Outsider");
    await expect(w.as.outsider.openings.get({ openingId: o.id })).resolves.toMatchObject({ id: o.id, canManage: false });
    await w.as.admin.openings.team.remove({ openingId: o.id, userId: w.outsider.userId });
    await expect(w.as.outsider.openings.get({ openingId: o.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await w.as.outsider.openings.list({})).items).toEqual([]);
  });

  it("a recruiter on the team who does not own the opening cannot change it", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const hiring = o.hiringStages.map((s) => s.id);
    const calls: [string, () => Promise<unknown>][] = [
      ["update", () => w.as.recruiter.openings.update({ openingId: o.id, title: "Renamed" })],
      ["setStatus", () => w.as.recruiter.openings.setStatus({ openingId: o.id, status: "closed" })],
      ["archive", () => w.as.recruiter.openings.archive({ openingId: o.id })],
      ["setProspecting", () => w.as.recruiter.openings.setProspecting({ openingId: o.id, enabled: false })],
      ["team.add", () => w.as.recruiter.openings.team.add({ openingId: o.id, userId: w.outsider.userId })],
      ["team.remove", () => w.as.recruiter.openings.team.remove({ openingId: o.id, userId: w.recruiter.userId })],
      ["stages.add", () => w.as.recruiter.openings.stages.add({ openingId: o.id, workflow: "hiring", name: "Extra" })],
      ["stages.rename", () => w.as.recruiter.openings.stages.rename({ openingId: o.id, stageId: hiring[0]!, name: "Fresh" })],
      ["stages.reorder", () => w.as.recruiter.openings.stages.reorder({ openingId: o.id, workflow: "hiring", stageIds: [...hiring].reverse() })],
      ["stages.remove", () => w.as.recruiter.openings.stages.remove({ openingId: o.id, stageId: hiring[3]! })],
    ];
    expect((await w.as.recruiter.openings.get({ openingId: o.id })).canManage).toBe(false);
    const before = snapshot(w.deps.db);
    for (const [name, call] of calls) {
      await expect(call(), name).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(snapshot(w.deps.db)).toBe(before);
  });

  it("a recruiter who owns the opening can change it", async () => {
    const w = await makeWorld();
    const o = await w.as.admin.openings.create({ title: "Owned", ownerId: w.recruiter.userId });
    expect((await w.as.recruiter.openings.get({ openingId: o.id })).canManage).toBe(true);
    const u = await w.as.recruiter.openings.update({ openingId: o.id, title: "Owned and renamed", location: "Brno" });
    expect(u).toMatchObject({ title: "Owned and renamed", location: "Brno" });
    const s = await w.as.recruiter.openings.stages.add({ openingId: o.id, workflow: "hiring", name: "Take-home" });
    expect(names(s.hiringStages)).toContain("Take-home");
    await expect(w.as.recruiter.openings.team.add({ openingId: o.id, userId: w.outsider.userId })).resolves.toBeDefined();
  });
});

describe("openings: the list", () => {
  it("filters by status", async () => {
    const w = await makeWorld();
    await w.as.admin.openings.create({ title: "Open one" });
    await w.as.admin.openings.create({ title: "Draft one", status: "draft" });
    const held = await w.as.admin.openings.create({ title: "Held one" });
    await w.as.admin.openings.setStatus({ openingId: held.id, status: "on_hold" });
    const titles = async (statuses: ("draft" | "open" | "on_hold" | "closed" | "archived")[]) =>
      (await w.as.admin.openings.list({ statuses })).items.map((o) => o.title).sort();
    expect(await titles(["open"])).toEqual(["Open one"]);
    expect(await titles(["draft", "on_hold"])).toEqual(["Draft one", "Held one"]);
    expect(await titles(["closed"])).toEqual([]);
    expect(await titles([])).toEqual(["Draft one", "Held one", "Open one"]);
  });

  it("searches titles, ignoring case", async () => {
    const w = await makeWorld();
    for (const title of ["Senior Backend Engineer", "Frontend engineer", "Office Manager"]) await w.as.admin.openings.create({ title });
    expect((await w.as.admin.openings.list({ search: "ENGINEER" })).items.map((o) => o.title).sort()).toEqual(["Frontend engineer", "Senior Backend Engineer"]);
    expect((await w.as.admin.openings.list({ search: "backend" })).items.map((o) => o.title)).toEqual(["Senior Backend Engineer"]);
    expect((await w.as.admin.openings.list({ search: "nurse" })).items).toEqual([]);
  });

  it("search takes % and _ literally", async () => {
    const w = await makeWorld();
    for (const title of ["Sales Lead (100% remote)", "Sales Lead (1000 EUR bonus)", "QA_Automation", "QA Manual"]) await w.as.admin.openings.create({ title });
    expect((await w.as.admin.openings.list({ search: "100%" })).items.map((o) => o.title)).toEqual(["Sales Lead (100% remote)"]);
    expect((await w.as.admin.openings.list({ search: "QA_" })).items.map((o) => o.title)).toEqual(["QA_Automation"]);
  });

  it("pages newest first by cursor, each opening exactly once", async () => {
    const w = await makeWorld();
    for (let i = 1; i <= 5; i++) await w.as.admin.openings.create({ title: `Opening ${i}` });
    const seen: string[][] = [];
    let cursor: number | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = await w.as.admin.openings.list({ limit: 2, cursor });
      seen.push(page.items.map((o) => o.title));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([["Opening 5", "Opening 4"], ["Opening 3", "Opening 2"], ["Opening 1"]]);
    // An exact multiple of the page size ends without an empty extra page.
    const four = await w.as.admin.openings.list({ limit: 4, cursor: undefined });
    const rest = await w.as.admin.openings.list({ limit: 4, cursor: four.nextCursor! });
    expect(rest).toEqual({ items: [expect.objectContaining({ title: "Opening 1" })], nextCursor: null });
  });

  it("shows how many active candidates each opening has in each workflow", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const empty = await makeOpening(w, { title: "Empty" });
    const a = await prospect(w, o.id, "Anna Alpha");
    await prospect(w, o.id, "Bob Beta");
    const c = await prospect(w, o.id, "Cyril Gamma");
    await w.as.recruiter.applications.move({ applicationId: a.applicationId, stageId: o.hiringStages[0]!.id });
    const rejected = (await w.as.superAdmin.decisionedStates.list({}))[0]!;
    await w.as.recruiter.applications.decide({ applicationId: c.applicationId, stateId: rejected.id });
    const items = (await w.as.admin.openings.list({})).items;
    expect(items.find((x) => x.id === o.id)?.counts).toEqual({ hiring: 1, prospecting: 1 });
    expect(items.find((x) => x.id === empty.id)?.counts).toEqual({ hiring: 0, prospecting: 0 });
    const detail = await w.as.admin.openings.get({ openingId: o.id });
    expect(stage(detail, "Identified").count).toBe(1);
    expect(stage(detail, "New").count).toBe(1);
  });
});

describe("openings: status", () => {
  it("an opening moves between statuses and can be archived", async () => {
    const w = await makeWorld();
    const o = await w.as.admin.openings.create({ title: "Lifecycle", status: "draft" });
    for (const status of ["open", "on_hold", "closed", "open"] as const) {
      expect((await w.as.admin.openings.setStatus({ openingId: o.id, status })).status).toBe(status);
    }
    expect((await w.as.admin.openings.archive({ openingId: o.id })).status).toBe("archived");
    expect((await w.as.admin.openings.list({ statuses: ["archived"] })).items.map((x) => x.title)).toEqual(["Lifecycle"]);
    expect((await w.as.admin.openings.list({ statuses: ["open"] })).items).toEqual([]);
  });

  it("an archived opening accepts no new candidates, but its candidates can still be moved", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const p = await prospect(w, o.id, "Stays Here");
    await w.as.admin.openings.archive({ openingId: o.id });
    const before = snapshot(w.deps.db);
    await expect(prospect(w, o.id, "Too Late")).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(snapshot(w.deps.db)).toBe(before);
    await w.as.recruiter.applications.move({ applicationId: p.applicationId, stageId: stage(o, "Contacted").id });
    expect(await whereIs(w, p.candidateId, o.id)).toMatchObject({ stageName: "Contacted", status: "active" });
  });
});

describe("openings: prospecting switch", () => {
  it("switching prospecting on creates the default prospecting stages once; switching it off keeps them", async () => {
    const w = await makeWorld();
    const o = await w.as.admin.openings.create({ title: "Later prospecting" });
    const on = await w.as.admin.openings.setProspecting({ openingId: o.id, enabled: true });
    expect(on.prospectingEnabled).toBe(true);
    expect(names(on.prospectingStages)).toEqual(["Identified", "Contacted", "Replied", "Interested"]);
    await w.as.admin.openings.stages.rename({ openingId: o.id, stageId: stage(on, "Replied").id, name: "Answered" });

    const off = await w.as.admin.openings.setProspecting({ openingId: o.id, enabled: false });
    expect(off.prospectingEnabled).toBe(false);
    expect(names(off.prospectingStages)).toEqual(["Identified", "Contacted", "Answered", "Interested"]);

    const again = await w.as.admin.openings.setProspecting({ openingId: o.id, enabled: true });
    expect(names(again.prospectingStages)).toEqual(["Identified", "Contacted", "Answered", "Interested"]);
  });

  it("with prospecting off nobody can be added as a prospect, and those already there stay", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const p = await prospect(w, o.id, "Early Bird");
    await w.as.admin.openings.setProspecting({ openingId: o.id, enabled: false });
    await expect(prospect(w, o.id, "Late Comer")).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(await whereIs(w, p.candidateId, o.id)).toMatchObject({ stageName: "Identified", workflow: "prospecting", status: "active" });
    expect(stage(await w.as.admin.openings.get({ openingId: o.id }), "Identified").count).toBe(1);
  });
});

describe("openings: editing stages", () => {
  it("a stage is added at the chosen position, or at the end", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const a = await w.as.admin.openings.stages.add({ openingId: o.id, workflow: "hiring", name: "Tech test", position: 2 });
    expect(names(a.hiringStages)).toEqual(["New", "Phone screen", "Tech test", "Interview", "Offer"]);
    expect(a.hiringStages.map((s) => s.position)).toEqual([0, 1, 2, 3, 4]);
    const b = await w.as.admin.openings.stages.add({ openingId: o.id, workflow: "hiring", name: "Reference check" });
    expect(names(b.hiringStages).at(-1)).toBe("Reference check");
    const c = await w.as.admin.openings.stages.add({ openingId: o.id, workflow: "prospecting", name: "Sourced", position: 0 });
    expect(names(c.prospectingStages)).toEqual(["Sourced", "Identified", "Contacted", "Replied", "Interested"]);
    // New prospects land in the first prospecting stage.
    const p = await prospect(w, o.id, "First Stage");
    expect(await whereIs(w, p.candidateId, o.id)).toMatchObject({ stageName: "Sourced" });
  });

  it("a stage is renamed, but not to the name of another stage of the same workflow", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const r = await w.as.admin.openings.stages.rename({ openingId: o.id, stageId: stage(o, "Phone screen").id, name: "Intro call" });
    expect(names(r.hiringStages)).toEqual(["New", "Intro call", "Interview", "Offer"]);
    const before = snapshot(w.deps.db);
    await expect(w.as.admin.openings.stages.rename({ openingId: o.id, stageId: stage(o, "New").id, name: "interview" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(w.as.admin.openings.stages.add({ openingId: o.id, workflow: "hiring", name: "OFFER" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(snapshot(w.deps.db)).toBe(before);
    // The other workflow is another namespace.
    const p = await w.as.admin.openings.stages.rename({ openingId: o.id, stageId: stage(o, "Interested").id, name: "Interview" });
    expect(names(p.prospectingStages)).toContain("Interview");
  });

  it("stages are reordered by listing every stage of the workflow exactly once", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const ids = o.hiringStages.map((s) => s.id);
    const r = await w.as.admin.openings.stages.reorder({ openingId: o.id, workflow: "hiring", stageIds: [ids[0]!, ids[2]!, ids[1]!, ids[3]!] });
    expect(names(r.hiringStages)).toEqual(["New", "Interview", "Phone screen", "Offer"]);

    const before = snapshot(w.deps.db);
    const bad: number[][] = [
      ids.slice(0, 3), // one missing
      [ids[0]!, ids[0]!, ids[1]!, ids[2]!, ids[3]!], // one twice
      [ids[0]!, ids[1]!, ids[2]!, o.prospectingStages[0]!.id], // one of the other workflow
    ];
    for (const stageIds of bad) {
      await expect(w.as.admin.openings.stages.reorder({ openingId: o.id, workflow: "hiring", stageIds })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    expect(snapshot(w.deps.db)).toBe(before);
  });

  it("an empty stage is removed and the others close up", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const r = await w.as.admin.openings.stages.remove({ openingId: o.id, stageId: stage(o, "Phone screen").id });
    expect(names(r.hiringStages)).toEqual(["New", "Interview", "Offer"]);
    expect(r.hiringStages.map((s) => s.position)).toEqual([0, 1, 2]);
  });

  it("removing a stage that holds candidates needs to be told where they go, and then moves them", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const identified = stage(o, "Identified");
    const contacted = stage(o, "Contacted");
    const a = await prospect(w, o.id, "Ann Active");
    const d = await prospect(w, o.id, "Dan Decided");
    await w.as.recruiter.applications.decide({ applicationId: d.applicationId, stateId: (await w.as.admin.decisionedStates.list({}))[0]!.id });

    const before = snapshot(w.deps.db);
    const err = await w.as.admin.openings.stages.remove({ openingId: o.id, stageId: identified.id }).catch((e) => e);
    expect(err).toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(snapshot(w.deps.db)).toBe(before);

    const r = await w.as.admin.openings.stages.remove({ openingId: o.id, stageId: identified.id, moveToStageId: contacted.id });
    expect(names(r.prospectingStages)).toEqual(["Contacted", "Replied", "Interested"]);
    expect(stage(r, "Contacted").count).toBe(1);
    expect(await whereIs(w, a.candidateId, o.id)).toMatchObject({ stageName: "Contacted", status: "active" });
    // A decisioned candidate who was in the removed stage is reopened into the stage that replaced it.
    await w.as.recruiter.applications.reopen({ applicationId: d.applicationId });
    expect(await whereIs(w, d.candidateId, o.id)).toMatchObject({ stageName: "Contacted", status: "active" });
    // The move is on the candidate's timeline.
    const timeline = (await w.as.admin.candidates.get({ candidateId: a.candidateId })).candidate!.timeline;
    expect(timeline.some((t) => t.type === "application.moved")).toBe(true);
  });

  it("candidates of a removed stage cannot be sent to the other workflow or another opening", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const other = await makeOpening(w, { title: "Other" });
    await prospect(w, o.id, "Pat Prospect");
    const identified = stage(o, "Identified").id;
    const before = snapshot(w.deps.db);
    await expect(w.as.admin.openings.stages.remove({ openingId: o.id, stageId: identified, moveToStageId: stage(o, "New").id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(w.as.admin.openings.stages.remove({ openingId: o.id, stageId: identified, moveToStageId: identified })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(w.as.admin.openings.stages.remove({ openingId: o.id, stageId: identified, moveToStageId: stage(other, "Contacted").id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(snapshot(w.deps.db)).toBe(before);
  });

  it("the last stage of a workflow cannot be removed", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    for (const s of o.hiringStages.slice(1)) await w.as.admin.openings.stages.remove({ openingId: o.id, stageId: s.id });
    const last = o.hiringStages[0]!;
    const before = snapshot(w.deps.db);
    await expect(w.as.admin.openings.stages.remove({ openingId: o.id, stageId: last.id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(snapshot(w.deps.db)).toBe(before);
    expect(names((await w.as.admin.openings.get({ openingId: o.id })).hiringStages)).toEqual(["New"]);
  });

  it("a stage of another opening cannot be edited through this one", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const other = await makeOpening(w, { title: "Other" });
    const foreign = stage(other, "New").id;
    const before = snapshot(w.deps.db);
    await expect(w.as.admin.openings.stages.rename({ openingId: o.id, stageId: foreign, name: "Hijacked" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(w.as.admin.openings.stages.remove({ openingId: o.id, stageId: foreign })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(snapshot(w.deps.db)).toBe(before);
  });

  it("prospecting stages cannot be edited while prospecting is off", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    await w.as.admin.openings.setProspecting({ openingId: o.id, enabled: false });
    const ids = o.prospectingStages.map((s) => s.id);
    const calls: [string, () => Promise<unknown>][] = [
      ["add", () => w.as.admin.openings.stages.add({ openingId: o.id, workflow: "prospecting", name: "Sourced" })],
      ["rename", () => w.as.admin.openings.stages.rename({ openingId: o.id, stageId: ids[0]!, name: "Found" })],
      ["reorder", () => w.as.admin.openings.stages.reorder({ openingId: o.id, workflow: "prospecting", stageIds: [...ids].reverse() })],
      ["remove", () => w.as.admin.openings.stages.remove({ openingId: o.id, stageId: ids[3]! })],
    ];
    const before = snapshot(w.deps.db);
    for (const [name, call] of calls) await expect(call(), name).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(snapshot(w.deps.db)).toBe(before);
    // The hiring workflow stays editable.
    await expect(w.as.admin.openings.stages.add({ openingId: o.id, workflow: "hiring", name: "Extra" })).resolves.toBeDefined();
  });
});

describe("stage removal after a bulk upload", () => {
  it("a stage an import used can still be removed; the import then points at the stage its candidates went to", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const stage = o.prospectingStages[1]!;
    const p = await w.as.admin.imports.preview({ openingId: o.id, workflow: "prospecting", stageId: stage.id, csv: "name,email\nAda Lovelace,ada@example.com\n" });
    await w.as.admin.imports.commit({ batchId: p.batchId, skipInvalid: false });
    const after = await w.as.admin.openings.stages.remove({ openingId: o.id, stageId: stage.id, moveToStageId: o.prospectingStages[2]!.id });
    expect(after.prospectingStages.map((s) => s.name)).toEqual(["Identified", "Replied", "Interested"]);
    expect((await w.as.admin.imports.get({ batchId: p.batchId })).stageId).toBe(o.prospectingStages[2]!.id);
  });
});

describe("openings.list for pickers", () => {
  it("leaves the counts out when asked (a filter or picker needs none, and counting walks every application)", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const full = await w.as.admin.openings.list({});
    expect(full.items.find((x) => x.id === o.id)?.counts).toEqual({ hiring: 0, prospecting: 0 });
    const bare = await w.as.admin.openings.list({ withCounts: false });
    expect(bare.items.find((x) => x.id === o.id)).toMatchObject({ id: o.id, title: o.title, counts: null });
  });
});
