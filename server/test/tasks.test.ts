import { describe, expect, it } from "vitest";
import * as tasksService from "../src/modules/tasks/tasks.service";
import { rejects } from "./expect-error";
import { makeWorld, snapshot } from "./factory";
import { withProspects } from "./support/mail";

describe("tasks", () => {
  it("a user creates, completes and reopens their own tasks; open ones by due date; counts on the dashboard", async () => {
    const w = await makeWorld();
    const { jane } = await withProspects(w);
    const day = 24 * 3600_000;
    const now = w.deps.clock.now();
    await w.as.recruiter.tasks.create({ title: "Undated" });
    const late = await w.as.recruiter.tasks.create({ title: "Call Jane", dueAt: now + 2 * day, applicationId: jane.applicationId! });
    await w.as.recruiter.tasks.create({ title: "Soon", dueAt: now + day });
    const open = (await w.as.recruiter.tasks.mine({})).items;
    expect(open.map((t) => t.title)).toEqual(["Soon", "Call Jane", "Undated"]);
    expect(open[1]).toMatchObject({ candidateName: "Jane Doe", openingTitle: "Backend Engineer", source: "manual", createdBy: "Rita Recruiter" });
    expect(await w.as.recruiter.tasks.openCount()).toEqual({ open: 3 });
    expect((await w.as.recruiter.dashboard.summary()).openTasks).toBe(3);

    expect(await w.as.recruiter.tasks.setDone({ taskId: late.id, done: true })).toEqual({ open: 2 });
    expect((await w.as.recruiter.tasks.mine({ done: true })).items).toMatchObject([{ id: late.id, doneAt: now }]);
    expect(await w.as.recruiter.tasks.setDone({ taskId: late.id, done: false })).toEqual({ open: 3 });
    const c = await w.as.recruiter.candidates.get({ candidateId: jane.candidateId });
    expect(JSON.stringify(c.candidate?.timeline)).toContain("task.created");
  });

  it("tasks of another user or company are NOT_FOUND and nothing changes; applications must be visible", async () => {
    const w = await makeWorld();
    const { jane } = await withProspects(w);
    const t = await w.as.recruiter.tasks.create({ title: "Mine" });
    const before = snapshot(w.deps.db);
    await rejects(w.as.admin.tasks.setDone({ taskId: t.id, done: true }), "NOT_FOUND");
    await rejects(w.as.otherCompany.tasks.setDone({ taskId: t.id, done: true }), "NOT_FOUND");
    // The outsider is on no hiring team: the application is not theirs to see.
    await rejects(w.as.outsider.tasks.create({ title: "x", applicationId: jane.applicationId! }), "NOT_FOUND");
    await rejects(w.as.otherCompany.tasks.create({ title: "x", applicationId: jane.applicationId! }), "NOT_FOUND");
    await rejects(w.as.otherCompany.tasks.create({ title: "x", assigneeId: w.recruiter.userId }), "NOT_FOUND");
    await rejects(w.as.recruiter.tasks.create({ title: "   " }), "BAD_REQUEST");
    await rejects(w.as.anonymous.tasks.mine({}), "UNAUTHORIZED");
    expect(snapshot(w.deps.db)).toBe(before);
    expect((await w.as.admin.tasks.mine({})).items).toEqual([]);
    expect((await w.as.otherCompany.tasks.mine({})).items).toEqual([]);
  });

  it("a task for a colleague lands on their list; the service's create (for portal actions) takes the caller's transaction", async () => {
    const w = await makeWorld();
    const { jane } = await withProspects(w);
    await w.as.recruiter.tasks.create({ title: "Please review", assigneeId: w.admin.userId });
    expect((await w.as.admin.tasks.mine({})).items.map((t) => t.title)).toEqual(["Please review"]);
    const id = w.deps.db.transaction((tx) =>
      tasksService.create(tx, { companyId: w.companyId, assigneeId: w.admin.userId, applicationId: jane.applicationId!, title: "Arrange interview", source: "client_interview" }, w.deps.clock.now()),
    );
    const mine = (await w.as.admin.tasks.mine({})).items;
    expect(mine.find((t) => t.id === id)).toMatchObject({ source: "client_interview", candidateId: jane.candidateId });
    // Ids of another company are refused there too.
    expect(() =>
      w.deps.db.transaction((tx) => tasksService.create(tx, { companyId: w.otherCompany.companyId, assigneeId: w.otherCompany.userId, applicationId: jane.applicationId!, title: "x", source: "manual" }, 1)),
    ).toThrow(/not found/);
  });
});
