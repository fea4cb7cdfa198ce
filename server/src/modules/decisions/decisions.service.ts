import type { Executor } from "../../db/client";
import type { UserActor } from "../../lib/actor";
import type { Deps } from "../../lib/deps";
import { badRequest, conflict, notFound, precondition } from "../../lib/errors";
import * as repo from "./decisions.repo";

export type DecisionKind = repo.DecisionedStateRow["kind"];

/** Seeded for every new company; "Rejected by client" is the system state the client portal uses. */
export const DEFAULT_DECISIONED_STATES: { name: string; kind: DecisionKind; isSystem?: boolean }[] = [
  { name: "Rejected: not qualified", kind: "rejected" },
  { name: "Rejected: position filled", kind: "rejected" },
  { name: "Rejected: salary expectations", kind: "rejected" },
  { name: "Not interested", kind: "withdrawn" },
  { name: "Withdrew", kind: "withdrawn" },
  { name: "Hired", kind: "hired" },
  { name: "Rejected by client", kind: "rejected_by_client", isSystem: true },
];

export function seedDefaultStates(db: Executor, companyId: number, now: number) {
  DEFAULT_DECISIONED_STATES.forEach((s, i) =>
    repo.insertState(db, { companyId, name: s.name, kind: s.kind, isSystem: s.isSystem ?? false, position: i, createdAt: now }),
  );
}

export function publicState(s: repo.DecisionedStateRow) {
  return { id: s.id, name: s.name, kind: s.kind, isSystem: s.isSystem, position: s.position, retired: s.retiredAt !== null };
}

export function listStates(deps: Deps, actor: UserActor, includeRetired: boolean) {
  return repo
    .listStates(deps.db, actor.companyId)
    .filter((s) => includeRetired || s.retiredAt === null)
    .map(publicState);
}

function mustGet(db: Executor, actor: UserActor, id: number) {
  const s = repo.getState(db, actor.companyId, id);
  if (!s) throw notFound("Decisioned state");
  return s;
}

function assertFreeName(db: Executor, actor: UserActor, name: string, exceptId?: number) {
  const clash = repo.listStates(db, actor.companyId).find((s) => s.id !== exceptId && s.name.toLowerCase() === name.toLowerCase());
  if (clash) throw conflict(`There is already a state called "${clash.name}"`);
}

export function createState(deps: Deps, actor: UserActor, input: { name: string; kind: Exclude<DecisionKind, "rejected_by_client"> }) {
  return deps.db.transaction((tx) => {
    assertFreeName(tx, actor, input.name);
    // After the last one: removals leave gaps, so the count is not a free position.
    const position = Math.max(-1, ...repo.listStates(tx, actor.companyId).map((s) => s.position)) + 1;
    const id = repo.insertState(tx, { companyId: actor.companyId, name: input.name, kind: input.kind, position, createdAt: deps.clock.now() });
    return publicState(mustGet(tx, actor, id));
  });
}

export function renameState(deps: Deps, actor: UserActor, input: { stateId: number; name: string }) {
  return deps.db.transaction((tx) => {
    mustGet(tx, actor, input.stateId);
    assertFreeName(tx, actor, input.name, input.stateId);
    repo.updateState(tx, actor.companyId, input.stateId, { name: input.name });
    return publicState(mustGet(tx, actor, input.stateId));
  });
}

export function reorderStates(deps: Deps, actor: UserActor, input: { stateIds: number[] }) {
  deps.db.transaction((tx) => {
    const all = repo.listStates(tx, actor.companyId);
    const ok = all.length === input.stateIds.length && new Set(input.stateIds).size === all.length && input.stateIds.every((id) => all.some((s) => s.id === id));
    if (!ok) throw badRequest("The new order must list every state exactly once");
    input.stateIds.forEach((id, i) => repo.updateState(tx, actor.companyId, id, { position: i }));
  });
  return listStates(deps, actor, true);
}

/** A state in use is retired (kept for history, no longer offered); an unused one is deleted. */
export function removeState(deps: Deps, actor: UserActor, input: { stateId: number }) {
  return deps.db.transaction((tx) => {
    const s = mustGet(tx, actor, input.stateId);
    if (s.isSystem) throw precondition(`"${s.name}" is a system state and cannot be removed`);
    if (repo.stateInUse(tx, actor.companyId, s.id)) {
      repo.updateState(tx, actor.companyId, s.id, { retiredAt: deps.clock.now() });
      return { outcome: "retired" as const };
    }
    repo.deleteState(tx, actor.companyId, s.id);
    return { outcome: "deleted" as const };
  });
}

export function restoreState(deps: Deps, actor: UserActor, input: { stateId: number }) {
  mustGet(deps.db, actor, input.stateId);
  repo.updateState(deps.db, actor.companyId, input.stateId, { retiredAt: null });
  return publicState(mustGet(deps.db, actor, input.stateId));
}
