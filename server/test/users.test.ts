import { describe, expect, it } from "vitest";
import { actorFromApiToken, actorFromSession } from "../src/modules/auth/auth.service";
import { callerFor, type Caller, fakeMeta, makeOpening, makeWorld, snapshot, type World } from "./factory";
import { createCallerFactory } from "../src/trpc/init";
import { appRouter } from "../src/trpc/router";

/** Signs in from a fresh anonymous browser; returns the session token, or throws. */
async function signIn(w: World, email: string, password: string) {
  const meta = fakeMeta({ authVia: null });
  const r = await createCallerFactory(appRouter)({ deps: w.deps, actor: null, meta }).auth.signIn({ email, password });
  return { user: r.user, token: meta.cookies.token! };
}

describe("users: the super admin manages the company's users", () => {
  it("a super admin creates a user with a one-time password that must be changed at first sign-in", async () => {
    const w = await makeWorld();
    const r = await w.as.superAdmin.users.create({ email: "New.Person@Acme.test", name: "New Person", role: "admin" });
    expect(r.user).toMatchObject({ email: "new.person@acme.test", name: "New Person", role: "admin", active: true, mustChangePassword: true });
    expect(r.oneTimePassword.length).toBeGreaterThanOrEqual(12);
    expect((await w.as.admin.users.list()).map((u) => u.email)).toContain("new.person@acme.test");
    const s = await signIn(w, "new.person@acme.test", r.oneTimePassword);
    expect(s.user).toMatchObject({ role: "admin", mustChangePassword: true, companyId: w.companyId });
    // The password is never shown again.
    expect(JSON.stringify(await w.as.superAdmin.users.list())).not.toContain(r.oneTimePassword);
  });

  it("an email names one user: a second user with the same email (any case, any company) is a CONFLICT", async () => {
    const w = await makeWorld();
    const before = snapshot(w.deps.db);
    await expect(w.as.superAdmin.users.create({ email: "Ada.Admin@ACME.test", name: "Ada Again", role: "recruiter" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(w.as.otherCompany.users.create({ email: "boss@acme.test", name: "Boss Again", role: "recruiter" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(snapshot(w.deps.db)).toBe(before);
  });

  it("creating the same user twice at once (a double click) creates one user and reports a CONFLICT for the other", async () => {
    const w = await makeWorld();
    const input = { email: "twice@acme.test", name: "Twice", role: "recruiter" as const };
    const [first, second] = await Promise.allSettled([w.as.superAdmin.users.create(input), w.as.superAdmin.users.create(input)]);
    expect([first.status, second.status].sort()).toEqual(["fulfilled", "rejected"]);
    const failed = [first, second].find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failed.reason).toMatchObject({ code: "CONFLICT" });
    expect((await w.as.superAdmin.users.list()).filter((u) => u.email === "twice@acme.test")).toHaveLength(1);
  });

  it("changing a role takes effect at once, also for the user's open sessions", async () => {
    const w = await makeWorld();
    await makeOpening(w, { teamUserIds: [] });
    const { user, oneTimePassword } = await w.as.superAdmin.users.create({ email: "rex@acme.test", name: "Rex", role: "recruiter" });
    const { token } = await signIn(w, "rex@acme.test", oneTimePassword);
    await callerFor(w.deps, actorFromSession(w.deps, token)!).auth.changePassword({ currentPassword: oneTimePassword, newPassword: "rex-own-password" });
    const asRecruiter = actorFromSession(w.deps, token)!;
    expect((await callerFor(w.deps, asRecruiter).openings.list({})).items).toHaveLength(0);

    const u = await w.as.superAdmin.users.changeRole({ userId: user.id, role: "admin" });
    expect(u.role).toBe("admin");
    const asAdmin = actorFromSession(w.deps, token)!;
    expect(asAdmin.role).toBe("admin");
    expect((await callerFor(w.deps, asAdmin).openings.list({})).items).toHaveLength(1);
    expect((await w.as.superAdmin.users.list()).find((x) => x.id === user.id)?.role).toBe("admin");
  });

  it("a deactivated user is listed as inactive, cannot sign in, and can be reactivated", async () => {
    const w = await makeWorld();
    const { user, oneTimePassword } = await w.as.superAdmin.users.create({ email: "temp@acme.test", name: "Temp", role: "recruiter" });
    const off = await w.as.superAdmin.users.setActive({ userId: user.id, active: false });
    expect(off.active).toBe(false);
    expect((await w.as.admin.users.list()).find((u) => u.id === user.id)?.active).toBe(false);
    await expect(signIn(w, "temp@acme.test", oneTimePassword)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await w.as.superAdmin.users.setActive({ userId: user.id, active: true });
    await expect(signIn(w, "temp@acme.test", oneTimePassword)).resolves.toBeDefined();
  });

  it("a deactivated user cannot be put on a hiring team or own an opening", async () => {
    const w = await makeWorld();
    await w.as.superAdmin.users.setActive({ userId: w.outsider.userId, active: false });
    const o = await makeOpening(w);
    await expect(w.as.admin.openings.team.add({ openingId: o.id, userId: w.outsider.userId })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(w.as.admin.openings.create({ title: "X", ownerId: w.outsider.userId })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("resetting a password gives a new one-time password, ends the user's sessions, revokes their API tokens and unlocks the account", async () => {
    const w = await makeWorld();
    const { user, oneTimePassword } = await w.as.superAdmin.users.create({ email: "lost@acme.test", name: "Lost", role: "recruiter" });
    const first = await signIn(w, "lost@acme.test", oneTimePassword);
    const lost = callerFor(w.deps, actorFromSession(w.deps, first.token)!);
    await lost.auth.changePassword({ currentPassword: oneTimePassword, newPassword: "lost-own-password" });
    const extension = await callerFor(w.deps, actorFromSession(w.deps, first.token)!).auth.tokens.create({ name: "Chrome extension" });
    expect(actorFromApiToken(w.deps, extension.token)).not.toBeNull();
    const { token } = await signIn(w, "lost@acme.test", "lost-own-password");
    for (let i = 0; i < 5; i++) await expect(signIn(w, "lost@acme.test", `wrong ${i}`)).rejects.toThrow();
    await expect(signIn(w, "lost@acme.test", oneTimePassword)).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });

    const r = await w.as.superAdmin.users.resetPassword({ userId: user.id });
    expect(r.oneTimePassword).not.toBe(oneTimePassword);
    expect(actorFromSession(w.deps, token)).toBeNull();
    expect(actorFromApiToken(w.deps, extension.token)).toBeNull();
    await expect(signIn(w, "lost@acme.test", "lost-own-password")).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const s = await signIn(w, "lost@acme.test", r.oneTimePassword);
    expect(s.user.mustChangePassword).toBe(true);
  });
});

describe("users: the company keeps an active super admin", () => {
  it("the last active super admin cannot be demoted", async () => {
    const w = await makeWorld();
    const before = snapshot(w.deps.db);
    await expect(w.as.superAdmin.users.changeRole({ userId: w.superAdmin.userId, role: "admin" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(snapshot(w.deps.db)).toBe(before);
  });

  it("with a second super admin, one of them can be demoted, and then the other is the last again", async () => {
    const w = await makeWorld();
    await w.as.superAdmin.users.changeRole({ userId: w.admin.userId, role: "super_admin" });
    const demoted = await w.as.superAdmin.users.changeRole({ userId: w.superAdmin.userId, role: "admin" });
    expect(demoted.role).toBe("admin");
    const ada = callerFor(w.deps, { ...w.admin, role: "super_admin" });
    await expect(ada.users.changeRole({ userId: w.admin.userId, role: "recruiter" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });

  it("a deactivated super admin does not count: the last active one still cannot be demoted", async () => {
    const w = await makeWorld();
    await w.as.superAdmin.users.changeRole({ userId: w.admin.userId, role: "super_admin" });
    await w.as.superAdmin.users.setActive({ userId: w.admin.userId, active: false });
    await expect(w.as.superAdmin.users.changeRole({ userId: w.superAdmin.userId, role: "admin" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });

  it("the last active super admin cannot be deactivated", async () => {
    const w = await makeWorld();
    const before = snapshot(w.deps.db);
    await expect(w.as.superAdmin.users.setActive({ userId: w.superAdmin.userId, active: false })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(snapshot(w.deps.db)).toBe(before);
    expect((await w.as.superAdmin.users.list()).find((u) => u.id === w.superAdmin.userId)?.active).toBe(true);
  });

  it("nobody can deactivate themselves, even when another super admin remains", async () => {
    const w = await makeWorld();
    await w.as.superAdmin.users.changeRole({ userId: w.admin.userId, role: "super_admin" });
    const before = snapshot(w.deps.db);
    const err = await w.as.superAdmin.users.setActive({ userId: w.superAdmin.userId, active: false }).catch((e) => e);
    expect(err).toMatchObject({ code: "PRECONDITION_FAILED", message: "You cannot deactivate yourself" });
    expect(snapshot(w.deps.db)).toBe(before);
    // The other super admin may do it.
    const ada = callerFor(w.deps, { ...w.admin, role: "super_admin" });
    await expect(ada.users.setActive({ userId: w.superAdmin.userId, active: false })).resolves.toMatchObject({ active: false });
  });
});

describe("users: only a super admin edits company settings", () => {
  const settingsCalls: [string, (c: Caller, w: World, stateId: number) => Promise<unknown>][] = [
    ["users.create", (c) => c.users.create({ email: "x@acme.test", name: "X", role: "super_admin" })],
    ["users.changeRole", (c, w) => c.users.changeRole({ userId: w.recruiter.userId, role: "super_admin" })],
    ["users.setActive", (c, w) => c.users.setActive({ userId: w.outsider.userId, active: false })],
    ["users.resetPassword", (c, w) => c.users.resetPassword({ userId: w.superAdmin.userId })],
    ["company.update", (c) => c.company.update({ name: "Hijacked" })],
    ["decisionedStates.create", (c) => c.decisionedStates.create({ name: "Ghosted", kind: "withdrawn" })],
    ["decisionedStates.rename", (c, _w, id) => c.decisionedStates.rename({ stateId: id, name: "Renamed" })],
    ["decisionedStates.reorder", async (c, w) => c.decisionedStates.reorder({ stateIds: (await w.as.superAdmin.decisionedStates.list({ includeRetired: true })).map((s) => s.id).reverse() })],
    ["decisionedStates.remove", (c, _w, id) => c.decisionedStates.remove({ stateId: id })],
    ["decisionedStates.restore", (c, _w, id) => c.decisionedStates.restore({ stateId: id })],
  ];

  for (const role of ["admin", "recruiter"] as const) {
    for (const [name, call] of settingsCalls) {
      it(`${name} is FORBIDDEN for ${role === "admin" ? "an admin" : "a recruiter"}`, async () => {
        const w = await makeWorld();
        const stateId = (await w.as.superAdmin.decisionedStates.list({}))[0]!.id;
        const before = snapshot(w.deps.db);
        await expect(call(w.as[role], w, stateId)).rejects.toMatchObject({ code: "FORBIDDEN" });
        expect(snapshot(w.deps.db)).toBe(before);
      });
    }
  }

  it("the super admin updates the company settings", async () => {
    const w = await makeWorld();
    const c = await w.as.superAdmin.company.update({ name: "Acme Talent", publicContactEmail: "jobs@acme.test" });
    expect(c).toMatchObject({ name: "Acme Talent", publicContactEmail: "jobs@acme.test" });
    expect(await w.as.recruiter.company.get()).toMatchObject({ name: "Acme Talent", publicContactEmail: "jobs@acme.test" });
    expect((await w.as.otherCompany.company.get()).name).toBe("Rival Talent");
  });
});

describe("users: who may read the company's user list", () => {
  it("the full list (emails, roles) is for admins; a recruiter gets FORBIDDEN and only the names directory", async () => {
    const w = await makeWorld();
    await expect(w.as.recruiter.users.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await w.as.admin.users.list()).length).toBeGreaterThan(1);
    const dir = await w.as.recruiter.users.directory();
    expect(dir.map((u) => u.name)).toEqual((await w.as.admin.users.list()).map((u) => u.name));
    for (const u of dir) expect(Object.keys(u).sort()).toEqual(["active", "id", "name"]);
    expect(JSON.stringify(dir)).not.toContain("@");
  });

  it("the directory is the caller's company only", async () => {
    const w = await makeWorld();
    const mine = new Set((await w.as.admin.users.list()).map((u) => u.id));
    for (const u of await w.as.otherCompany.users.directory()) expect(mine.has(u.id)).toBe(false);
    await expect(w.as.anonymous.users.directory()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
