import type { UserActor } from "../../lib/actor";
import { DUMMY_PASSWORD_HASH, hashPassword, hashToken, randomToken, verifyPassword } from "../../lib/crypto";
import type { Deps } from "../../lib/deps";
import { AppError } from "../../lib/errors";
import * as repo from "./auth.repo";

/** Failed attempts before an account is locked, and for how long. */
export const ACCOUNT_LOCK_AFTER = 5;
export const ACCOUNT_LOCK_MS = 15 * 60_000;
const TOKEN_TOUCH_EVERY_MS = 60_000;

const lookups = new WeakMap<object, ReturnType<typeof repo.prepareCredentialLookups>>();
function credentialLookups(deps: Deps) {
  let l = lookups.get(deps.db);
  if (!l) {
    l = repo.prepareCredentialLookups(deps.db);
    lookups.set(deps.db, l);
  }
  return l;
}

/** A one-time password opens the web app's change-password screen and nothing else. */
export const mustChangeFirst = () =>
  new AppError("PRECONDITION_FAILED", "Your password is a one-time password: sign in to the web app and choose your own first", {
    reason: "must_change_password",
  });

const invalid = () => new AppError("UNAUTHORIZED", "Wrong email or password");
const ipLimited = () => new AppError("TOO_MANY_REQUESTS", "Too many failed sign-ins from this address; try again later");

/** Checks email + password with per-IP and per-account limits; returns the user or throws. */
async function checkCredentials(deps: Deps, emailRaw: string, password: string, ip: string) {
  const now = deps.clock.now();
  const ipKey = `ip:${ip}`;
  if (deps.signInLimiter.isLimited(ipKey, now)) throw ipLimited();
  const email = emailRaw.trim().toLowerCase();
  const stored = repo.findUserByEmail(deps.db, email);
  // Hash even for unknown emails so the response time does not tell which addresses exist.
  const ok = await verifyPassword(password, stored?.passwordHash ?? DUMMY_PASSWORD_HASH);
  // Check the limits and read the counters again after the slow hash: parallel attempts must not all
  // pass on the state from before the others failed (no await from here on, so the update is atomic).
  if (deps.signInLimiter.isLimited(ipKey, now)) throw ipLimited();
  const user = stored && repo.findUserByEmail(deps.db, email);
  // A password changed while we hashed: the one just checked is no longer the user's.
  const valid = ok && user?.passwordHash === stored?.passwordHash;
  if (user?.lockedUntil && user.lockedUntil > now) {
    throw new AppError("TOO_MANY_REQUESTS", "This account is locked after too many failed sign-ins; try again in 15 minutes", {
      lockedUntil: user.lockedUntil,
    });
  }
  if (!user || !valid || !user.active) {
    deps.signInLimiter.hit(ipKey, now);
    if (user && !valid) {
      const failed = user.failedSignIns + 1;
      repo.recordFailedSignIn(deps.db, user.id, failed >= ACCOUNT_LOCK_AFTER ? 0 : failed, failed >= ACCOUNT_LOCK_AFTER ? now + ACCOUNT_LOCK_MS : null);
      deps.log.warn({ userId: user.id, ip }, "failed sign-in");
    }
    throw invalid();
  }
  if (user.failedSignIns > 0 || user.lockedUntil) repo.clearFailedSignIns(deps.db, user.id);
  return user;
}

export async function signIn(
  deps: Deps,
  input: { email: string; password: string },
  ip: string,
) {
  const user = await checkCredentials(deps, input.email, input.password, ip);
  const token = randomToken();
  const now = deps.clock.now();
  const expiresAt = now + deps.config.sessionTtlMs;
  repo.deleteExpiredSessions(deps.db, now);
  repo.insertSession(deps.db, {
    companyId: user.companyId,
    userId: user.id,
    tokenHash: hashToken(token),
    createdAt: now,
    expiresAt,
  });
  deps.log.info({ userId: user.id }, "signed in");
  return { token, expiresAt, user: publicUser(user) };
}

export function signOut(deps: Deps, sessionToken: string | null) {
  if (sessionToken) repo.deleteSession(deps.db, hashToken(sessionToken));
}

/** email + password → a personal API token, so the extension can connect without the web UI. */
export async function createExtensionToken(
  deps: Deps,
  input: { email: string; password: string; name: string },
  ip: string,
) {
  const user = await checkCredentials(deps, input.email, input.password, ip);
  if (user.mustChangePassword) throw mustChangeFirst();
  const actor: UserActor = { type: "user", userId: user.id, companyId: user.companyId, role: user.role, name: user.name };
  return { ...createApiToken(deps, actor, input.name), user: publicUser(user) };
}

export function createApiToken(deps: Deps, actor: UserActor, name: string) {
  const token = `pro_${randomToken()}`;
  const now = deps.clock.now();
  const row = repo.insertApiToken(deps.db, {
    companyId: actor.companyId,
    userId: actor.userId,
    name,
    prefix: token.slice(0, 10),
    tokenHash: hashToken(token),
    createdAt: now,
  });
  return { id: row.id, name, token, prefix: token.slice(0, 10), createdAt: now };
}

export function listApiTokens(deps: Deps, actor: UserActor) {
  return repo.listApiTokens(deps.db, actor.companyId, actor.userId);
}

export function revokeApiToken(deps: Deps, actor: UserActor, id: number) {
  const changed = repo.revokeApiToken(deps.db, actor.companyId, actor.userId, id, deps.clock.now());
  if (changed === 0) throw new AppError("NOT_FOUND", "Token not found");
}

export async function changePassword(deps: Deps, actor: UserActor, input: { currentPassword: string; newPassword: string }) {
  const user = repo.findUserById(deps.db, actor.companyId, actor.userId);
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new AppError("BAD_REQUEST", "The current password is wrong");
  }
  if (input.newPassword === input.currentPassword) throw new AppError("BAD_REQUEST", "Choose a new password, not the current one");
  const passwordHash = await hashPassword(input.newPassword);
  repo.setPassword(deps.db, user.id, passwordHash, false);
}

/** Resolves a session cookie to its user, or null when unknown, expired or the user is deactivated. */
export function actorFromSession(deps: Deps, token: string): UserActor | null {
  const row = credentialLookups(deps).session(hashToken(token));
  if (!row || row.expiresAt <= deps.clock.now() || !row.active) return null;
  return { type: "user", userId: row.userId, companyId: row.companyId, role: row.role, name: row.name, mustChangePassword: Boolean(row.mustChangePassword) };
}

/** Resolves a Bearer API token to its user, or null when unknown, revoked or the user is deactivated. */
export function actorFromApiToken(deps: Deps, token: string): UserActor | null {
  const l = credentialLookups(deps);
  const row = l.token(hashToken(token));
  if (!row || row.revokedAt !== null || !row.active) return null;
  const now = deps.clock.now();
  if (row.lastUsedAt === null || now - row.lastUsedAt > TOKEN_TOUCH_EVERY_MS) l.touchToken(row.tokenId, now);
  return { type: "user", userId: row.userId, companyId: row.companyId, role: row.role, name: row.name, mustChangePassword: Boolean(row.mustChangePassword) };
}

export function me(deps: Deps, actor: UserActor) {
  const user = repo.findUserById(deps.db, actor.companyId, actor.userId);
  if (!user) throw new AppError("UNAUTHORIZED", "Sign in first");
  return publicUser(user);
}

export function publicUser(u: { id: number; companyId: number; email: string; name: string; role: UserActor["role"]; mustChangePassword: boolean; active: boolean }) {
  return { id: u.id, companyId: u.companyId, email: u.email, name: u.name, role: u.role, mustChangePassword: u.mustChangePassword, active: u.active };
}

