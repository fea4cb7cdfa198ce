import type { Executor } from "../../db/client";
import type { TASK_SOURCES } from "../../db/schema/portal";
import type { UserActor } from "../../lib/actor";
import type { Deps } from "../../lib/deps";
import { badRequest, notFound } from "../../lib/errors";
import { recordActivity } from "../activities/activities.repo";
import * as candidatesRepo from "../candidates/candidates.repo";
import { visibleOpening } from "../openings/openings.service";
import { getUser } from "../users/users.repo";
import * as repo from "./tasks.repo";

export type TaskSource = (typeof TASK_SOURCES)[number];

export interface NewTaskInput {
  companyId: number;
  /** The user who has to do it (for client actions: the job owner). Must be an active user of the company. */
  assigneeId: number;
  applicationId?: number | null;
  /** Taken from the application when it is given. */
  openingId?: number | null;
  candidateId?: number | null;
  title: string;
  details?: string;
  source: TaskSource;
  dueAt?: number | null;
  createdById?: number | null;
  createdByContactId?: number | null;
}

/**
 * Creates a task inside the caller's transaction (client portal actions, the follow-up reminder job, a user).
 * The caller has checked what the actor may do; this checks that the ids belong to the company.
 */
export function create(tx: Executor, input: NewTaskInput, now: number): number {
  const title = input.title.trim();
  if (!title) throw badRequest("A task needs a title");
  const assignee = getUser(tx, input.companyId, input.assigneeId);
  if (!assignee) throw notFound("User");
  let { openingId = null, candidateId = null } = input;
  if (input.applicationId) {
    const a = candidatesRepo.getApplication(tx, input.companyId, input.applicationId);
    if (!a) throw notFound("Application");
    openingId = a.openingId;
    candidateId = a.candidateId;
  }
  return repo.insertTask(tx, {
    companyId: input.companyId,
    assigneeId: input.assigneeId,
    applicationId: input.applicationId ?? null,
    openingId,
    candidateId,
    title: title.slice(0, 300),
    details: (input.details ?? "").slice(0, 5000),
    source: input.source,
    dueAt: input.dueAt ?? null,
    createdById: input.createdById ?? null,
    createdByContactId: input.createdByContactId ?? null,
    createdAt: now,
  });
}

/** The actor's own tasks, open or done. */
export function listMine(deps: Deps, actor: UserActor, input: { done: boolean; offset: number; limit: number }) {
  const rows = repo.listTasks(deps.db, actor.companyId, actor.userId, { ...input, limit: input.limit + 1 });
  return {
    items: rows.slice(0, input.limit).map((t) => ({ ...t, createdBy: t.createdByContactName ?? t.createdByName ?? null })),
    nextOffset: rows.length > input.limit ? input.offset + input.limit : null,
  };
}

export function openCount(deps: Deps, actor: UserActor): number {
  return repo.openCount(deps.db, actor.companyId, actor.userId);
}

/**
 * A task the user writes for themselves or a colleague, optionally about an application they may see
 * (a recruiter only on openings they are on; the assignee must be an active user of the company).
 */
export function createManual(
  deps: Deps,
  actor: UserActor,
  input: { title: string; details?: string; dueAt?: number | null; applicationId?: number; assigneeId?: number },
) {
  const now = deps.clock.now();
  return deps.db.transaction((tx) => {
    const assigneeId = input.assigneeId ?? actor.userId;
    const assignee = getUser(tx, actor.companyId, assigneeId);
    if (!assignee) throw notFound("User");
    if (!assignee.active) throw badRequest("That user is deactivated");
    if (input.applicationId !== undefined) {
      const a = candidatesRepo.getApplication(tx, actor.companyId, input.applicationId);
      if (!a) throw notFound("Application");
      visibleOpening(tx, actor, a.openingId);
    }
    const id = create(tx, { companyId: actor.companyId, ...input, assigneeId, source: "manual", createdById: actor.userId }, now);
    const t = repo.getTask(tx, actor.companyId, id)!;
    if (t.candidateId) {
      recordActivity(tx, actor, { companyId: actor.companyId, candidateId: t.candidateId, applicationId: t.applicationId, openingId: t.openingId, type: "task.created", data: { taskId: id, title: t.title, assigneeId } }, now);
    }
    return { id };
  });
}

/** Marks one of the actor's own tasks done or open again (anyone else's is NOT_FOUND). */
export function setDone(deps: Deps, actor: UserActor, input: { taskId: number; done: boolean }) {
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const t = repo.getTask(tx, actor.companyId, input.taskId);
    if (!t || t.assigneeId !== actor.userId) throw notFound("Task");
    if ((t.doneAt !== null) === input.done) return;
    repo.setDone(tx, actor.companyId, t.id, input.done ? now : null);
  });
  return { open: openCount(deps, actor) };
}
