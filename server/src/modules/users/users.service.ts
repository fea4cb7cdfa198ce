import type { Executor } from "../../db/client";
import type { Role, UserActor } from "../../lib/actor";
import { hashPassword, randomToken } from "../../lib/crypto";
import type { Deps } from "../../lib/deps";
import { AppError, conflict, notFound } from "../../lib/errors";
import { deleteUserSessions, revokeUserApiTokens } from "../auth/auth.repo";
import * as repo from "./users.repo";

export function listUsers(deps: Deps, actor: UserActor) {
  return repo.listUsers(deps.db, actor.companyId);
}

export function listDirectory(deps: Deps, actor: UserActor) {
  return repo.listDirectory(deps.db, actor.companyId);
}

/** Creates a user with a one-time password, returned once; they must change it at first sign-in. */
export async function createUser(deps: Deps, actor: UserActor, input: { email: string; name: string; role: Role }) {
  const email = input.email.trim().toLowerCase();
  if (repo.emailTaken(deps.db, email)) throw conflict("A user with this email already exists");
  const oneTimePassword = randomToken(12);
  const passwordHash = await hashPassword(oneTimePassword);
  // Checked again after the slow hash: a double-submitted form must get CONFLICT, not a constraint error.
  const id = deps.db.transaction((tx) => {
    if (repo.emailTaken(tx, email)) throw conflict("A user with this email already exists");
    return repo.insertUser(tx, {
      companyId: actor.companyId,
      email,
      name: input.name,
      role: input.role,
      passwordHash,
      mustChangePassword: true,
      createdAt: deps.clock.now(),
    });
  });
  deps.log.info({ userId: id, by: actor.userId }, "user created");
  return { user: mustGet(deps, actor, id), oneTimePassword };
}

function mustGet(deps: Deps, actor: UserActor, id: number) {
  const u = repo.getUser(deps.db, actor.companyId, id);
  if (!u) throw notFound("User");
  return u;
}

function guardLastSuperAdmin(db: Executor, companyId: number, target: { role: Role; active: boolean }) {
  if (target.role === "super_admin" && target.active && repo.countActiveSuperAdmins(db, companyId) <= 1) {
    throw new AppError("PRECONDITION_FAILED", "A company needs at least one active super admin");
  }
}

export function changeRole(deps: Deps, actor: UserActor, input: { userId: number; role: Role }) {
  const target = mustGet(deps, actor, input.userId);
  if (target.role === input.role) return target;
  deps.db.transaction((tx) => {
    guardLastSuperAdmin(tx, actor.companyId, target);
    repo.updateUser(tx, actor.companyId, target.id, { role: input.role });
  });
  return mustGet(deps, actor, target.id);
}

/** Deactivated users keep their history but lose every session and API token at once. */
export function setActive(deps: Deps, actor: UserActor, input: { userId: number; active: boolean }) {
  const target = mustGet(deps, actor, input.userId);
  if (!input.active && target.id === actor.userId) {
    throw new AppError("PRECONDITION_FAILED", "You cannot deactivate yourself");
  }
  deps.db.transaction((tx) => {
    if (!input.active) {
      guardLastSuperAdmin(tx, actor.companyId, target);
      deleteUserSessions(tx, actor.companyId, target.id);
      revokeUserApiTokens(tx, actor.companyId, target.id, deps.clock.now());
    }
    repo.updateUser(tx, actor.companyId, target.id, { active: input.active });
  });
  return mustGet(deps, actor, target.id);
}

/** A new one-time password for a user who lost theirs (their sessions end). */
export async function resetPassword(deps: Deps, actor: UserActor, input: { userId: number }) {
  const target = mustGet(deps, actor, input.userId);
  const oneTimePassword = randomToken(12);
  const passwordHash = await hashPassword(oneTimePassword);
  deps.db.transaction((tx) => {
    repo.updateUser(tx, actor.companyId, target.id, { passwordHash, mustChangePassword: true, failedSignIns: 0, lockedUntil: null });
    deleteUserSessions(tx, actor.companyId, target.id);
    // A reset means the old credentials are not to be trusted: the extension's tokens go too.
    revokeUserApiTokens(tx, actor.companyId, target.id, deps.clock.now());
  });
  return { oneTimePassword };
}
