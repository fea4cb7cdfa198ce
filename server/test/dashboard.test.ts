import { describe, expect, it } from "vitest";
import { rejects } from "./expect-error";
import { draft, makeOpening, makeWorld, newRequestId } from "./factory";

describe("dashboard.summary", () => {
  it("counts active prospects that need follow-up on openings the user can see", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const hidden = await w.as.admin.openings.create({ title: "Hidden from Rita", prospectingEnabled: true });
    for (const name of ["Ann One", "Bob Two", "Cy Three"]) {
      await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft({ fullName: name }) });
    }
    await w.as.admin.prospects.add({ requestId: newRequestId(), openingId: hidden.id, draft: draft({ fullName: "Dee Four" }) });
    // A prospect moved to hiring and a decisioned one no longer need prospect follow-up.
    const list = await w.as.recruiter.candidates.list({ tab: "prospects", openingId: o.id });
    const [first, second] = list.items;
    await w.as.recruiter.applications.move({ applicationId: first!.application!.applicationId, stageId: o.hiringStages[0]!.id });
    const state = (await w.as.recruiter.decisionedStates.list())[0]!;
    await w.as.recruiter.applications.decide({ applicationId: second!.application!.applicationId, stateId: state.id });

    expect(await w.as.recruiter.dashboard.summary()).toMatchObject({ needsFollowUp: 1, needsFollowUpCapped: false });
    expect((await w.as.admin.dashboard.summary()).needsFollowUp).toBe(2);
    expect((await w.as.outsider.dashboard.summary()).needsFollowUp).toBe(0);
    expect((await w.as.otherCompany.dashboard.summary()).needsFollowUp).toBe(0);
  });

  it("lists recent activity newest first with names, scoped to what the user may see", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    const hidden = await w.as.admin.openings.create({ title: "Secret search" });
    await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft({ fullName: "Jana Nováková" }) });
    await w.as.admin.candidates.create({ draft: draft({ fullName: "Hidden Person" }), placement: { openingId: hidden.id, workflow: "hiring" } });

    const admin = await w.as.admin.dashboard.summary({ recentLimit: 50 });
    expect(admin.recent[0]).toMatchObject({ type: "candidate.created", candidateName: "Hidden Person", openingTitle: "Secret search", actorName: "Ada Admin" });
    expect(admin.recent.map((a) => a.id)).toEqual([...admin.recent.map((a) => a.id)].sort((a, b) => b - a));

    const rita = await w.as.recruiter.dashboard.summary({ recentLimit: 50 });
    expect(rita.recent.some((a) => a.candidateName === "Jana Nováková" && a.actorName === "Rita Recruiter")).toBe(true);
    expect(rita.recent.some((a) => a.openingTitle === "Secret search" || a.candidateName === "Hidden Person")).toBe(false);

    const outsider = await w.as.outsider.dashboard.summary();
    expect(outsider.recent).toEqual([]);
    const rival = await w.as.otherCompany.dashboard.summary();
    expect(rival.recent.some((a) => a.candidateName === "Jana Nováková" || a.candidateName === "Hidden Person")).toBe(false);
  });

  it("asks super admins for the public contact email until it is set (candidates see it when replies are refused)", async () => {
    const w = await makeWorld();
    expect((await w.as.superAdmin.dashboard.summary()).setupNeeded).toEqual(["public_contact_email"]);
    // Only those who can set it are asked.
    expect((await w.as.admin.dashboard.summary()).setupNeeded).toEqual([]);
    expect((await w.as.recruiter.dashboard.summary()).setupNeeded).toEqual([]);
    await w.as.superAdmin.company.update({ publicContactEmail: "jobs@acme.test" });
    expect((await w.as.superAdmin.dashboard.summary()).setupNeeded).toEqual([]);
    // Another company's setting is its own.
    expect((await w.as.otherCompany.dashboard.summary()).setupNeeded).toEqual(["public_contact_email"]);
  });

  it("limits the feed and refuses anonymous callers", async () => {
    const w = await makeWorld();
    const o = await makeOpening(w);
    for (let i = 0; i < 5; i++) {
      await w.as.admin.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft({ fullName: `Person ${i}` }) });
    }
    expect((await w.as.admin.dashboard.summary({ recentLimit: 3 })).recent).toHaveLength(3);
    await rejects(w.as.anonymous.dashboard.summary(), "UNAUTHORIZED");
  });
});
