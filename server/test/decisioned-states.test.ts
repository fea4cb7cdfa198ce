import { describe, expect, it } from "vitest";
import { draft, makeOpening, makeWorld, newRequestId, snapshot, type World } from "./factory";

const DEFAULTS = [
  "Rejected: not qualified",
  "Rejected: position filled",
  "Rejected: salary expectations",
  "Not interested",
  "Withdrew",
  "Hired",
  "Rejected by client",
];

async function stateNamed(w: World, name: string) {
  const s = (await w.as.superAdmin.decisionedStates.list({ includeRetired: true })).find((x) => x.name === name);
  if (!s) throw new Error(`no state called ${name}`);
  return s;
}

/** A prospect on a fresh opening, ready to be decisioned. */
async function application(w: World, fullName = "Jane Doe") {
  const o = await makeOpening(w);
  const r = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft({ fullName }) });
  return { openingId: o.id, candidateId: r.candidateId, applicationId: r.applicationId! };
}

async function decisionOf(w: World, candidateId: number) {
  const c = await w.as.admin.candidates.get({ candidateId });
  const a = c.candidate!.applications[0]!;
  return { status: a.status, state: a.decisionedStateName };
}

describe("decisioned states", () => {
  it("every company starts with the default states, including the system state \"Rejected by client\"", async () => {
    const w = await makeWorld();
    const list = await w.as.recruiter.decisionedStates.list({});
    expect(list.map((s) => s.name)).toEqual(DEFAULTS);
    expect(list.filter((s) => s.isSystem).map((s) => [s.name, s.kind])).toEqual([["Rejected by client", "rejected_by_client"]]);
    expect(new Set(list.map((s) => s.kind))).toEqual(new Set(["rejected", "withdrawn", "hired", "rejected_by_client"]));
    expect((await w.as.otherCompany.decisionedStates.list({})).map((s) => s.name)).toEqual(DEFAULTS);
  });

  it("the super admin creates a state, which is offered last and can be used at once", async () => {
    const w = await makeWorld();
    const s = await w.as.superAdmin.decisionedStates.create({ name: "Ghosted us", kind: "withdrawn" });
    expect(s).toMatchObject({ name: "Ghosted us", kind: "withdrawn", isSystem: false, retired: false });
    expect((await w.as.recruiter.decisionedStates.list({})).map((x) => x.name).at(-1)).toBe("Ghosted us");
    const a = await application(w);
    await w.as.recruiter.applications.decide({ applicationId: a.applicationId, stateId: s.id });
    expect(await decisionOf(w, a.candidateId)).toEqual({ status: "decisioned", state: "Ghosted us" });
    // Another company's list is its own.
    expect((await w.as.otherCompany.decisionedStates.list({})).map((x) => x.name)).not.toContain("Ghosted us");
  });

  it("a new state is offered last, also after other states were removed", async () => {
    const w = await makeWorld();
    for (const name of ["Rejected: not qualified", "Rejected: position filled"]) {
      await w.as.superAdmin.decisionedStates.remove({ stateId: (await stateNamed(w, name)).id });
    }
    await w.as.superAdmin.decisionedStates.create({ name: "Ghosted us", kind: "withdrawn" });
    expect((await w.as.recruiter.decisionedStates.list({})).map((x) => x.name).at(-1)).toBe("Ghosted us");
  });

  it("two states cannot share a name (ignoring case)", async () => {
    const w = await makeWorld();
    const before = snapshot(w.deps.db);
    await expect(w.as.superAdmin.decisionedStates.create({ name: "hired", kind: "hired" })).rejects.toMatchObject({ code: "CONFLICT" });
    const withdrew = await stateNamed(w, "Withdrew");
    await expect(w.as.superAdmin.decisionedStates.rename({ stateId: withdrew.id, name: "NOT INTERESTED" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(snapshot(w.deps.db)).toBe(before);
  });

  it("a state is renamed, and decisions already made show the new name", async () => {
    const w = await makeWorld();
    const a = await application(w);
    const s = await stateNamed(w, "Rejected: salary expectations");
    await w.as.recruiter.applications.decide({ applicationId: a.applicationId, stateId: s.id });
    const r = await w.as.superAdmin.decisionedStates.rename({ stateId: s.id, name: "Rejected: compensation" });
    expect(r.name).toBe("Rejected: compensation");
    expect(await decisionOf(w, a.candidateId)).toEqual({ status: "decisioned", state: "Rejected: compensation" });
  });

  it("states are reordered by listing every state exactly once", async () => {
    const w = await makeWorld();
    const ids = (await w.as.superAdmin.decisionedStates.list({})).map((s) => s.id);
    const reversed = await w.as.superAdmin.decisionedStates.reorder({ stateIds: [...ids].reverse() });
    expect(reversed.map((s) => s.name)).toEqual([...DEFAULTS].reverse());
    expect((await w.as.recruiter.decisionedStates.list({})).map((s) => s.name)).toEqual([...DEFAULTS].reverse());
    const before = snapshot(w.deps.db);
    for (const stateIds of [ids.slice(1), [...ids, ids[0]!]]) {
      await expect(w.as.superAdmin.decisionedStates.reorder({ stateIds })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    expect(snapshot(w.deps.db)).toBe(before);
  });

  it("removing a state nobody used deletes it", async () => {
    const w = await makeWorld();
    const s = await stateNamed(w, "Rejected: position filled");
    expect(await w.as.superAdmin.decisionedStates.remove({ stateId: s.id })).toEqual({ outcome: "deleted" });
    expect((await w.as.superAdmin.decisionedStates.list({ includeRetired: true })).map((x) => x.name)).not.toContain("Rejected: position filled");
    await expect(w.as.superAdmin.decisionedStates.restore({ stateId: s.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("removing a state in use retires it: kept for history, no longer offered", async () => {
    const w = await makeWorld();
    const a = await application(w);
    const s = await stateNamed(w, "Not interested");
    await w.as.recruiter.applications.decide({ applicationId: a.applicationId, stateId: s.id });
    expect(await w.as.superAdmin.decisionedStates.remove({ stateId: s.id })).toEqual({ outcome: "retired" });
    expect((await w.as.recruiter.decisionedStates.list({})).map((x) => x.name)).not.toContain("Not interested");
    expect((await w.as.superAdmin.decisionedStates.list({ includeRetired: true })).find((x) => x.id === s.id)).toMatchObject({ name: "Not interested", retired: true });
    expect(await decisionOf(w, a.candidateId)).toEqual({ status: "decisioned", state: "Not interested" });
  });

  it("a retired state cannot be used for a new decision, until it is restored", async () => {
    const w = await makeWorld();
    const first = await application(w, "First Person");
    const s = await stateNamed(w, "Withdrew");
    await w.as.recruiter.applications.decide({ applicationId: first.applicationId, stateId: s.id });
    await w.as.superAdmin.decisionedStates.remove({ stateId: s.id });

    const second = await application(w, "Second Person");
    const before = snapshot(w.deps.db);
    await expect(w.as.recruiter.applications.decide({ applicationId: second.applicationId, stateId: s.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(snapshot(w.deps.db)).toBe(before);
    expect(await decisionOf(w, second.candidateId)).toEqual({ status: "active", state: null });

    const restored = await w.as.superAdmin.decisionedStates.restore({ stateId: s.id });
    expect(restored.retired).toBe(false);
    expect((await w.as.recruiter.decisionedStates.list({})).map((x) => x.name)).toContain("Withdrew");
    await w.as.recruiter.applications.decide({ applicationId: second.applicationId, stateId: s.id });
    expect(await decisionOf(w, second.candidateId)).toEqual({ status: "decisioned", state: "Withdrew" });
  });

  it("staff cannot decide with \"Rejected by client\": it is the client portal's", async () => {
    const w = await makeWorld();
    const a = await application(w);
    const s = await stateNamed(w, "Rejected by client");
    const before = snapshot(w.deps.db);
    await expect(w.as.recruiter.applications.decide({ applicationId: a.applicationId, stateId: s.id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("client portal"),
    });
    await expect(w.as.superAdmin.applications.decide({ applicationId: a.applicationId, stateId: s.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(snapshot(w.deps.db)).toBe(before);
    expect(await decisionOf(w, a.candidateId)).toEqual({ status: "active", state: null });
  });

  it("the system state \"Rejected by client\" cannot be removed", async () => {
    const w = await makeWorld();
    const s = await stateNamed(w, "Rejected by client");
    const before = snapshot(w.deps.db);
    await expect(w.as.superAdmin.decisionedStates.remove({ stateId: s.id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(snapshot(w.deps.db)).toBe(before);
    expect((await w.as.recruiter.decisionedStates.list({})).map((x) => x.name)).toContain("Rejected by client");
  });

  it("the system state \"Rejected by client\" cannot be created a second time", async () => {
    const w = await makeWorld();
    const before = snapshot(w.deps.db);
    // The kind is not accepted from users at all; only the product itself uses it.
    await expect(
      w.as.superAdmin.decisionedStates.create({ name: "Client said no", kind: "rejected_by_client" as "rejected" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(snapshot(w.deps.db)).toBe(before);
  });
});
