import { describe, expect, it } from "vitest";
import type { UserActor } from "../src/lib/actor";
import { actorFromApiToken, actorFromSession } from "../src/modules/auth/auth.service";
import type { RequestMeta } from "../src/trpc/context";
import { createCallerFactory } from "../src/trpc/init";
import { appRouter } from "../src/trpc/router";
import { rejects } from "./expect-error";
import { callerFor, fakeMeta, makeWorld, snapshot, TEST_PASSWORD, type World } from "./factory";

const BOSS = { email: "boss@acme.test", password: TEST_PASSWORD };
const MINUTE = 60_000;

/** An anonymous caller whose fake cookie jar the test can read (what the browser would keep). */
function browser(w: World, over: Partial<RequestMeta> = {}) {
  const meta = fakeMeta({ authVia: null, ...over });
  const caller = createCallerFactory(appRouter)({ deps: w.deps, actor: null, meta });
  return { caller, cookies: meta.cookies };
}

async function signedInToken(w: World, credentials = BOSS) {
  const b = browser(w);
  await b.caller.auth.signIn(credentials);
  if (!b.cookies.token) throw new Error("no session cookie was set");
  return b.cookies.token;
}

/** A fresh recruiter, created by the super admin, with the one-time password they were given. */
async function newRecruiter(w: World, email = "sam@acme.test") {
  const { user, oneTimePassword } = await w.as.superAdmin.users.create({ email, name: "Sam Sourcer", role: "recruiter" });
  const actor: UserActor = { type: "user", userId: user.id, companyId: w.companyId, role: "recruiter", name: user.name };
  const caller = callerFor(w.deps, actor);
  // As at a first sign-in: the one-time password is replaced by the user's own.
  const password = "sams-own-password-1";
  await caller.auth.changePassword({ currentPassword: oneTimePassword, newPassword: password });
  return { user, actor, password, caller, oneTimePassword };
}

describe("auth: sessions", () => {
  it("signing in sets a session cookie that resolves to the user", async () => {
    const w = await makeWorld();
    const b = browser(w);
    const r = await b.caller.auth.signIn({ email: "  Boss@ACME.test ", password: TEST_PASSWORD });
    expect(r.user).toMatchObject({ id: w.superAdmin.userId, email: "boss@acme.test", role: "super_admin" });
    expect(b.cookies.token).toEqual(expect.any(String));
    expect(actorFromSession(w.deps, b.cookies.token!)).toMatchObject({ userId: w.superAdmin.userId, companyId: w.companyId, role: "super_admin" });
    expect(actorFromSession(w.deps, "not-a-session")).toBeNull();
  });

  it("a wrong password is refused with the same message as an unknown email", async () => {
    const w = await makeWorld();
    const b = browser(w);
    const wrong = await b.caller.auth.signIn({ email: BOSS.email, password: "not the password" }).catch((e) => e);
    const unknown = await b.caller.auth.signIn({ email: "nobody@acme.test", password: "not the password" }).catch((e) => e);
    expect(wrong).toMatchObject({ code: "UNAUTHORIZED" });
    expect(unknown).toMatchObject({ code: "UNAUTHORIZED" });
    expect(wrong.message).toBe(unknown.message);
    expect(b.cookies.token).toBeNull();
  });

  it("five wrong passwords lock the account for 15 minutes, even against the right password", async () => {
    const w = await makeWorld();
    const b = browser(w);
    for (let i = 0; i < 5; i++) {
      await expect(b.caller.auth.signIn({ email: BOSS.email, password: `wrong ${i}` })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    await expect(b.caller.auth.signIn(BOSS)).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    // The lock is on the account, not the address.
    await expect(browser(w, { ip: "198.51.100.20" }).caller.auth.signIn(BOSS)).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    w.deps.clock.advance(14 * MINUTE);
    await expect(b.caller.auth.signIn(BOSS)).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    w.deps.clock.advance(1 * MINUTE);
    await expect(b.caller.auth.signIn(BOSS)).resolves.toMatchObject({ user: { id: w.superAdmin.userId } });
    expect(b.cookies.token).not.toBeNull();
  });

  it("four wrong passwords followed by the right one do not lock the account", async () => {
    const w = await makeWorld();
    const b = browser(w);
    for (let i = 0; i < 4; i++) await expect(b.caller.auth.signIn({ email: BOSS.email, password: `wrong ${i}` })).rejects.toThrow();
    await b.caller.auth.signIn(BOSS);
    // The count starts again after a success: four more mistakes still do not lock.
    for (let i = 0; i < 4; i++) await expect(b.caller.auth.signIn({ email: BOSS.email, password: `wrong ${i}` })).rejects.toThrow();
    await expect(b.caller.auth.signIn(BOSS)).resolves.toBeDefined();
  });

  it("an address with 20 failed sign-ins is refused for 15 minutes, while other addresses are not", async () => {
    const w = await makeWorld();
    const attacker = browser(w, { ip: "192.0.2.66" });
    for (let i = 0; i < 20; i++) {
      await expect(attacker.caller.auth.signIn({ email: `guess${i}@acme.test`, password: "password123" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    await expect(attacker.caller.auth.signIn(BOSS)).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    await expect(attacker.caller.auth.createExtensionToken(BOSS)).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    await expect(browser(w, { ip: "192.0.2.67" }).caller.auth.signIn(BOSS)).resolves.toBeDefined();
    w.deps.clock.advance(15 * MINUTE);
    await expect(attacker.caller.auth.signIn(BOSS)).resolves.toBeDefined();
  });

  it("wrong passwords sent in parallel still lock the account after five", async () => {
    const w = await makeWorld();
    const b = browser(w);
    const attempts = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => b.caller.auth.signIn({ email: BOSS.email, password: `wrong ${i}` })));
    expect(attempts.every((a) => a.status === "rejected")).toBe(true);
    await expect(b.caller.auth.signIn(BOSS)).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });

  it("failed sign-ins sent in parallel from one address are still limited to 20", async () => {
    const w = await makeWorld();
    const attacker = browser(w, { ip: "192.0.2.66" });
    const attempts = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => attacker.caller.auth.signIn({ email: `guess${i}@acme.test`, password: "password123" })),
    );
    const codes = attempts.map((a) => (a.status === "rejected" ? (a.reason as { code: string }).code : "ok"));
    expect(codes.filter((c) => c === "UNAUTHORIZED").length).toBeLessThanOrEqual(20);
    expect(codes.filter((c) => c === "TOO_MANY_REQUESTS").length).toBeGreaterThanOrEqual(10);
    await expect(attacker.caller.auth.signIn(BOSS)).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });

  it("a session expires after the configured lifetime", async () => {
    const w = await makeWorld();
    const token = await signedInToken(w);
    w.deps.clock.advance(w.deps.config.sessionTtlMs - 1);
    expect(actorFromSession(w.deps, token)).not.toBeNull();
    w.deps.clock.advance(1);
    expect(actorFromSession(w.deps, token)).toBeNull();
  });

  it("signing out ends the session and clears the cookie", async () => {
    const w = await makeWorld();
    const token = await signedInToken(w);
    const other = await signedInToken(w);
    const actor = actorFromSession(w.deps, token);
    const meta = fakeMeta({ authVia: "cookie", sessionToken: token });
    meta.cookies.token = token;
    await createCallerFactory(appRouter)({ deps: w.deps, actor, meta }).auth.signOut();
    expect(meta.cookies.token).toBeNull();
    expect(actorFromSession(w.deps, token)).toBeNull();
    // Only this browser's session ends.
    expect(actorFromSession(w.deps, other)).not.toBeNull();
  });

  it("changing the password needs the current one; the new one signs in and the old one no longer does", async () => {
    const w = await makeWorld();
    const newPassword = "a much longer new password";
    await expect(w.as.superAdmin.auth.changePassword({ currentPassword: "wrong password", newPassword })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(w.as.superAdmin.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: "short" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(browser(w).caller.auth.signIn(BOSS)).resolves.toBeDefined();
    await w.as.superAdmin.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword });
    await expect(browser(w).caller.auth.signIn(BOSS)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(browser(w).caller.auth.signIn({ email: BOSS.email, password: newPassword })).resolves.toBeDefined();
  });

  it("a user created with a one-time password must change it, and changing it clears that", async () => {
    const w = await makeWorld();
    const { user, oneTimePassword } = await w.as.superAdmin.users.create({ email: "sam@acme.test", name: "Sam Sourcer", role: "recruiter" });
    const sam = { caller: callerFor(w.deps, { type: "user", userId: user.id, companyId: w.companyId, role: "recruiter", name: user.name }) };
    const first = await browser(w).caller.auth.signIn({ email: "sam@acme.test", password: oneTimePassword });
    expect(first.user.mustChangePassword).toBe(true);
    await sam.caller.auth.changePassword({ currentPassword: oneTimePassword, newPassword: "my own secret password" });
    expect((await sam.caller.auth.me()).mustChangePassword).toBe(false);
    const again = await browser(w).caller.auth.signIn({ email: "sam@acme.test", password: "my own secret password" });
    expect(again.user.mustChangePassword).toBe(false);
  });
});

describe("auth: API tokens", () => {
  it("the extension exchanges email and password for a token that authenticates as the user", async () => {
    const w = await makeWorld();
    const r = await browser(w).caller.auth.createExtensionToken(BOSS);
    expect(r.user.id).toBe(w.superAdmin.userId);
    expect(r.token.startsWith(r.prefix)).toBe(true);
    expect(actorFromApiToken(w.deps, r.token)).toMatchObject({ userId: w.superAdmin.userId, companyId: w.companyId });
    expect(actorFromApiToken(w.deps, `${r.token}x`)).toBeNull();
    await expect(browser(w).caller.auth.createExtensionToken({ ...BOSS, password: "wrong password" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("tokens are stored only as a hash: no column holds the token", async () => {
    const w = await makeWorld();
    const a = await browser(w).caller.auth.createExtensionToken(BOSS);
    const b = await w.as.superAdmin.auth.tokens.create({ name: "CLI" });
    const rows = w.deps.db.$client.prepare("SELECT * FROM api_tokens").all() as Record<string, unknown>[];
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      for (const value of Object.values(row)) {
        expect(String(value)).not.toContain(a.token);
        expect(String(value)).not.toContain(b.token);
      }
    }
  });

  it("a user lists their tokens (without the secret) and a revoked token stops working", async () => {
    const w = await makeWorld();
    const t1 = await w.as.superAdmin.auth.tokens.create({ name: "Laptop" });
    const t2 = await w.as.superAdmin.auth.tokens.create({ name: "Desktop" });
    await w.as.admin.auth.tokens.create({ name: "Ada's" });
    const list = await w.as.superAdmin.auth.tokens.list();
    expect(list.map((t) => t.name).sort()).toEqual(["Desktop", "Laptop"]);
    expect(JSON.stringify(list)).not.toContain(t1.token);
    await w.as.superAdmin.auth.tokens.revoke({ id: t1.id });
    expect(actorFromApiToken(w.deps, t1.token)).toBeNull();
    expect(actorFromApiToken(w.deps, t2.token)).not.toBeNull();
    expect((await w.as.superAdmin.auth.tokens.list()).map((t) => t.name)).toEqual(["Desktop"]);
    await expect(w.as.superAdmin.auth.tokens.revoke({ id: t1.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("revoking another user's token is NOT_FOUND and leaves it working", async () => {
    const w = await makeWorld();
    const theirs = await w.as.admin.auth.tokens.create({ name: "Ada's" });
    const before = snapshot(w.deps.db);
    await expect(w.as.superAdmin.auth.tokens.revoke({ id: theirs.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(snapshot(w.deps.db)).toBe(before);
    expect(actorFromApiToken(w.deps, theirs.token)).toMatchObject({ userId: w.admin.userId });
  });
});

describe("auth: deactivated users", () => {
  it("deactivating a user ends their sessions and tokens at once, and they cannot sign in again", async () => {
    const w = await makeWorld();
    const sam = await newRecruiter(w);
    const creds = { email: "sam@acme.test", password: sam.password };
    const session = await signedInToken(w, creds);
    const { token } = await browser(w).caller.auth.createExtensionToken(creds);
    expect(actorFromSession(w.deps, session)).not.toBeNull();
    expect(actorFromApiToken(w.deps, token)).not.toBeNull();

    await w.as.superAdmin.users.setActive({ userId: sam.user.id, active: false });
    expect(actorFromSession(w.deps, session)).toBeNull();
    expect(actorFromApiToken(w.deps, token)).toBeNull();
    const refused = await browser(w).caller.auth.signIn(creds).catch((e) => e);
    expect(refused).toMatchObject({ code: "UNAUTHORIZED", message: "Wrong email or password" });

    // Reactivation lets them sign in again, but the old credentials stay dead.
    await w.as.superAdmin.users.setActive({ userId: sam.user.id, active: true });
    expect(actorFromSession(w.deps, session)).toBeNull();
    expect(actorFromApiToken(w.deps, token)).toBeNull();
    await expect(browser(w).caller.auth.signIn(creds)).resolves.toBeDefined();
  });
});

describe("auth: one-time passwords", () => {
  it("a one-time password allows only choosing a new one: other calls and extension tokens are refused until then", async () => {
    const w = await makeWorld();
    const { user, oneTimePassword } = await w.as.superAdmin.users.create({ email: "otto@acme.test", name: "Otto", role: "recruiter" });
    const creds = { email: "otto@acme.test", password: oneTimePassword };
    const session = await signedInToken(w, creds);
    const actor = actorFromSession(w.deps, session)!;
    expect(actor.mustChangePassword).toBe(true);
    const otto = callerFor(w.deps, actor);
    expect(await otto.auth.me()).toMatchObject({ id: user.id, mustChangePassword: true });
    await rejects(otto.openings.list({}), "PRECONDITION_FAILED");
    await rejects(otto.candidates.list({ tab: "all" }), "PRECONDITION_FAILED");
    await rejects(otto.auth.tokens.create({ name: "sneaky" }), "PRECONDITION_FAILED");
    const refused = await rejects(browser(w).caller.auth.createExtensionToken(creds), "PRECONDITION_FAILED");
    expect(refused.message).toMatch(/one-time password/);
    await rejects(otto.auth.changePassword({ currentPassword: oneTimePassword, newPassword: oneTimePassword }), "BAD_REQUEST");

    await otto.auth.changePassword({ currentPassword: oneTimePassword, newPassword: "ottos-own-password" });
    const after = callerFor(w.deps, actorFromSession(w.deps, session)!);
    expect((await after.auth.me()).mustChangePassword).toBe(false);
    await expect(after.openings.list({})).resolves.toBeDefined();
    await expect(browser(w).caller.auth.createExtensionToken({ email: creds.email, password: "ottos-own-password" })).resolves.toMatchObject({ token: expect.any(String) });
  });
});

describe("auth: cross-site request protection", () => {
  it("a cookie-authenticated mutation without CSRF proof is FORBIDDEN and changes nothing", async () => {
    const w = await makeWorld();
    const before = snapshot(w.deps.db);
    const forged = callerFor(w.deps, w.superAdmin, { authVia: "cookie", csrfOk: false });
    await expect(forged.openings.create({ title: "Forged" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(forged.users.create({ email: "evil@acme.test", name: "Evil", role: "super_admin" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(forged.auth.tokens.create({ name: "stolen" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(snapshot(w.deps.db)).toBe(before);
    // Reading is harmless and still works.
    await expect(forged.openings.list({})).resolves.toBeDefined();
  });

  it("a cross-site sign-in attempt is refused (login CSRF)", async () => {
    const w = await makeWorld();
    const b = browser(w, { csrfOk: false });
    await expect(b.caller.auth.signIn(BOSS)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(b.cookies.token).toBeNull();
  });

  it("a Bearer-authenticated mutation needs no CSRF proof", async () => {
    const w = await makeWorld();
    const ext = callerFor(w.deps, w.admin, { authVia: "bearer", csrfOk: false });
    const o = await ext.openings.create({ title: "From the extension" });
    expect((await w.as.admin.openings.get({ openingId: o.id })).title).toBe("From the extension");
  });
});
