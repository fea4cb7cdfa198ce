import {
  DEFAULT_HIRING_STAGES,
  DEFAULT_PROSPECTING_STAGES,
  type OpeningStatus,
  type Workflow,
} from "@prospector/shared/workflow";
import type { Executor } from "../../db/client";
import { isAdmin, type UserActor } from "../../lib/actor";
import type { Deps } from "../../lib/deps";
import { AppError, badRequest, conflict, forbidden, notFound, precondition } from "../../lib/errors";
import { recordActivity } from "../activities/activities.repo";
import { getUser } from "../users/users.repo";
import * as repo from "./openings.repo";

/** An opening the actor may see: admins see all of their company's, recruiters those whose hiring team they are on. */
export function visibleOpening(db: Executor, actor: UserActor, openingId: number): repo.OpeningRow {
  const o = repo.getOpening(db, actor.companyId, openingId);
  if (!o) throw notFound("Opening");
  if (!isAdmin(actor) && !repo.isMember(db, actor.companyId, openingId, actor.userId)) throw notFound("Opening");
  return o;
}

/** Admins and the job owner change an opening's settings, workflows and team. */
export function manageableOpening(db: Executor, actor: UserActor, openingId: number): repo.OpeningRow {
  const o = visibleOpening(db, actor, openingId);
  if (!isAdmin(actor) && o.ownerId !== actor.userId) throw forbidden("Only admins and the job owner can change this opening");
  return o;
}

/** null for admins (every opening), else the ids the recruiter may see. */
export function visibleOpeningIds(db: Executor, actor: UserActor): number[] | null {
  return isAdmin(actor) ? null : repo.memberOpeningIds(db, actor.companyId, actor.userId);
}

export function listOpenings(
  deps: Deps,
  actor: UserActor,
  input: { statuses?: OpeningStatus[]; search?: string; cursor?: number; limit: number; mine?: boolean; withCounts?: boolean },
) {
  const onlyIds = input.mine ? repo.memberOpeningIds(deps.db, actor.companyId, actor.userId) : (visibleOpeningIds(deps.db, actor) ?? undefined);
  const rows = repo.listOpenings(deps.db, actor.companyId, { ...input, onlyIds, limit: input.limit + 1 });
  const page = rows.slice(0, input.limit);
  const withCounts = input.withCounts ?? true;
  const counts = withCounts ? repo.countsByOpening(deps.db, actor.companyId, page.map((o) => o.id)) : [];
  return {
    items: page.map((o) => ({
      ...publicOpening(o),
      counts: withCounts
        ? {
            hiring: counts.find((c) => c.openingId === o.id && c.workflow === "hiring")?.n ?? 0,
            prospecting: counts.find((c) => c.openingId === o.id && c.workflow === "prospecting")?.n ?? 0,
          }
        : null,
    })),
    nextCursor: rows.length > input.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

export function getOpening(deps: Deps, actor: UserActor, openingId: number) {
  const o = visibleOpening(deps.db, actor, openingId);
  const stageCounts = repo.countsByStage(deps.db, actor.companyId, openingId);
  const stages = repo.listStages(deps.db, actor.companyId, openingId).map((s) => ({
    id: s.id,
    name: s.name,
    workflow: s.workflow,
    position: s.position,
    count: stageCounts.find((c) => c.stageId === s.id && c.status === "active")?.n ?? 0,
    decisionedCount: stageCounts.find((c) => c.stageId === s.id && c.status === "decisioned")?.n ?? 0,
  }));
  return {
    ...publicOpening(o),
    hiringStages: stages.filter((s) => s.workflow === "hiring"),
    prospectingStages: stages.filter((s) => s.workflow === "prospecting"),
    team: repo.listMembers(deps.db, actor.companyId, openingId),
    canManage: isAdmin(actor) || o.ownerId === actor.userId,
  };
}

export function publicOpening(o: repo.OpeningRow) {
  return {
    id: o.id,
    title: o.title,
    department: o.department,
    location: o.location,
    description: o.description,
    clientId: o.clientId,
    ownerId: o.ownerId,
    status: o.status,
    prospectingEnabled: o.prospectingEnabled,
    published: o.published,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

function activeCompanyUser(db: Executor, actor: UserActor, userId: number) {
  const u = getUser(db, actor.companyId, userId);
  if (!u) throw notFound("User");
  if (!u.active) throw badRequest("That user is deactivated");
  return u;
}

/** An opening's client must be one of the actor's company (the client portal shows the client's openings). */
function assertOwnClient(db: Executor, actor: UserActor, clientId: number | null | undefined) {
  if (clientId != null && !repo.clientExists(db, actor.companyId, clientId)) throw notFound("Client");
}

export interface CreateOpening {
  title: string;
  department?: string;
  location?: string;
  description?: string;
  clientId?: number | null;
  ownerId?: number;
  status?: OpeningStatus;
  prospectingEnabled?: boolean;
  hiringStages?: string[];
  prospectingStages?: string[];
  teamUserIds?: number[];
}

/** Creates an opening with its hiring workflow (and prospecting stages when switched on); the owner joins the team. */
export function createOpening(deps: Deps, actor: UserActor, input: CreateOpening): number {
  if (!isAdmin(actor)) throw forbidden("Only admins can create openings");
  const now = deps.clock.now();
  return deps.db.transaction((tx) => {
    const ownerId = input.ownerId ?? actor.userId;
    activeCompanyUser(tx, actor, ownerId);
    assertOwnClient(tx, actor, input.clientId);
    const id = repo.insertOpening(tx, {
      companyId: actor.companyId,
      title: input.title,
      department: input.department ?? "",
      location: input.location ?? "",
      description: input.description ?? "",
      clientId: input.clientId ?? null,
      ownerId,
      status: input.status ?? "open",
      prospectingEnabled: input.prospectingEnabled ?? false,
      createdAt: now,
      updatedAt: now,
    });
    insertStages(tx, actor.companyId, id, "hiring", uniqueNames(input.hiringStages ?? [...DEFAULT_HIRING_STAGES]));
    if (input.prospectingEnabled) {
      insertStages(tx, actor.companyId, id, "prospecting", uniqueNames(input.prospectingStages ?? [...DEFAULT_PROSPECTING_STAGES]));
    }
    for (const uid of new Set([ownerId, ...(input.teamUserIds ?? [])])) {
      activeCompanyUser(tx, actor, uid);
      repo.addMember(tx, actor.companyId, id, uid, now);
    }
    recordActivity(tx, actor, { companyId: actor.companyId, openingId: id, type: "opening.created", data: { title: input.title } }, now);
    return id;
  });
}

function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  for (const n of names) {
    const k = n.trim().toLowerCase();
    if (!k) throw badRequest("A stage needs a name");
    if (seen.has(k)) throw conflict(`Two stages are called "${n.trim()}"`);
    seen.add(k);
  }
  if (names.length === 0) throw badRequest("A workflow keeps at least one stage");
  return names.map((n) => n.trim());
}

function insertStages(tx: Executor, companyId: number, openingId: number, workflow: Workflow, names: string[]) {
  names.forEach((name, i) => repo.insertStage(tx, { companyId, openingId, workflow, name, position: i }));
}

export function updateOpening(
  deps: Deps,
  actor: UserActor,
  input: { openingId: number; title?: string; department?: string; location?: string; description?: string; clientId?: number | null; ownerId?: number },
) {
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const o = manageableOpening(tx, actor, input.openingId);
    const { openingId, ...set } = input;
    assertOwnClient(tx, actor, set.clientId);
    if (set.ownerId !== undefined && set.ownerId !== o.ownerId) {
      activeCompanyUser(tx, actor, set.ownerId);
      repo.addMember(tx, actor.companyId, openingId, set.ownerId, now);
    }
    repo.updateOpening(tx, actor.companyId, openingId, { ...set, updatedAt: now });
    const before = Object.fromEntries(Object.keys(set).map((k) => [k, o[k as keyof typeof o]]));
    recordActivity(tx, actor, { companyId: actor.companyId, openingId, type: "opening.updated", data: { before, after: set } }, now);
  });
  return getOpening(deps, actor, input.openingId);
}

export function setStatus(deps: Deps, actor: UserActor, input: { openingId: number; status: OpeningStatus }) {
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const o = manageableOpening(tx, actor, input.openingId);
    if (o.status === input.status) return;
    repo.updateOpening(tx, actor.companyId, o.id, { status: input.status, updatedAt: now });
    recordActivity(tx, actor, { companyId: actor.companyId, openingId: o.id, type: "opening.status_changed", data: { before: o.status, after: input.status } }, now);
  });
  return getOpening(deps, actor, input.openingId);
}

/** Switching prospecting on creates the default stages the first time; switching it off keeps prospects where they are. */
export function setProspecting(deps: Deps, actor: UserActor, input: { openingId: number; enabled: boolean }) {
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const o = manageableOpening(tx, actor, input.openingId);
    if (o.prospectingEnabled === input.enabled) return;
    if (input.enabled && repo.listStages(tx, actor.companyId, o.id, "prospecting").length === 0) {
      insertStages(tx, actor.companyId, o.id, "prospecting", [...DEFAULT_PROSPECTING_STAGES]);
    }
    repo.updateOpening(tx, actor.companyId, o.id, { prospectingEnabled: input.enabled, updatedAt: now });
    recordActivity(tx, actor, { companyId: actor.companyId, openingId: o.id, type: input.enabled ? "opening.prospecting_on" : "opening.prospecting_off" }, now);
  });
  return getOpening(deps, actor, input.openingId);
}

/**
 * Lists the opening on the company's public careers page (while it is open) and lets people apply to it there.
 * An archived opening cannot be published; unpublishing is always allowed (it takes the page down at once).
 */
export function setPublished(deps: Deps, actor: UserActor, input: { openingId: number; published: boolean }) {
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const o = manageableOpening(tx, actor, input.openingId);
    if (o.published === input.published) return;
    if (input.published && o.status === "archived") throw precondition("An archived opening cannot be published on the careers page");
    repo.updateOpening(tx, actor.companyId, o.id, { published: input.published, updatedAt: now });
    recordActivity(tx, actor, { companyId: actor.companyId, openingId: o.id, type: input.published ? "opening.published" : "opening.unpublished" }, now);
  });
  return getOpening(deps, actor, input.openingId);
}

export function addTeamMember(deps: Deps, actor: UserActor, input: { openingId: number; userId: number }) {
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const o = manageableOpening(tx, actor, input.openingId);
    activeCompanyUser(tx, actor, input.userId);
    repo.addMember(tx, actor.companyId, o.id, input.userId, now);
    recordActivity(tx, actor, { companyId: actor.companyId, openingId: o.id, type: "opening.team_added", data: { userId: input.userId } }, now);
  });
  return getOpening(deps, actor, input.openingId);
}

export function removeTeamMember(deps: Deps, actor: UserActor, input: { openingId: number; userId: number }) {
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const o = manageableOpening(tx, actor, input.openingId);
    if (o.ownerId === input.userId) throw precondition("The job owner is always on the hiring team; change the owner first");
    if (!repo.isMember(tx, actor.companyId, o.id, input.userId)) throw notFound("Team member");
    repo.removeMember(tx, actor.companyId, o.id, input.userId);
    recordActivity(tx, actor, { companyId: actor.companyId, openingId: o.id, type: "opening.team_removed", data: { userId: input.userId } }, now);
  });
  return getOpening(deps, actor, input.openingId);
}

/** Prospecting stages are frozen while prospecting is off (prospects already there stay where they are). */
function assertEditable(o: repo.OpeningRow, workflow: Workflow) {
  if (workflow === "prospecting" && !o.prospectingEnabled) throw precondition("Switch prospecting on before editing its stages");
}

function ownStage(tx: Executor, actor: UserActor, openingId: number, stageId: number) {
  const s = repo.getStage(tx, actor.companyId, stageId);
  if (!s || s.openingId !== openingId) throw notFound("Stage");
  return s;
}

function assertFreeName(tx: Executor, actor: UserActor, openingId: number, workflow: Workflow, name: string, exceptId?: number) {
  const clash = repo
    .listStages(tx, actor.companyId, openingId, workflow)
    .find((s) => s.id !== exceptId && s.name.toLowerCase() === name.toLowerCase());
  if (clash) throw conflict(`There is already a stage called "${clash.name}"`);
}

export function addStage(deps: Deps, actor: UserActor, input: { openingId: number; workflow: Workflow; name: string; position?: number }) {
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const o = manageableOpening(tx, actor, input.openingId);
    assertEditable(o, input.workflow);
    assertFreeName(tx, actor, o.id, input.workflow, input.name);
    const list = repo.listStages(tx, actor.companyId, o.id, input.workflow);
    const at = Math.min(Math.max(input.position ?? list.length, 0), list.length);
    const id = repo.insertStage(tx, { companyId: actor.companyId, openingId: o.id, workflow: input.workflow, name: input.name, position: at });
    const ordered = [...list.slice(0, at).map((s) => s.id), id, ...list.slice(at).map((s) => s.id)];
    ordered.forEach((sid, i) => repo.updateStage(tx, actor.companyId, sid, { position: i }));
    recordActivity(tx, actor, { companyId: actor.companyId, openingId: o.id, type: "stage.added", data: { workflow: input.workflow, name: input.name } }, now);
  });
  return getOpening(deps, actor, input.openingId);
}

export function renameStage(deps: Deps, actor: UserActor, input: { openingId: number; stageId: number; name: string }) {
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const o = manageableOpening(tx, actor, input.openingId);
    const s = ownStage(tx, actor, o.id, input.stageId);
    assertEditable(o, s.workflow);
    assertFreeName(tx, actor, o.id, s.workflow, input.name, s.id);
    repo.updateStage(tx, actor.companyId, s.id, { name: input.name });
    recordActivity(tx, actor, { companyId: actor.companyId, openingId: o.id, type: "stage.renamed", data: { before: s.name, after: input.name } }, now);
  });
  return getOpening(deps, actor, input.openingId);
}

/** Takes the complete new order of one workflow's stages. */
export function reorderStages(deps: Deps, actor: UserActor, input: { openingId: number; workflow: Workflow; stageIds: number[] }) {
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const o = manageableOpening(tx, actor, input.openingId);
    assertEditable(o, input.workflow);
    const current = repo.listStages(tx, actor.companyId, o.id, input.workflow);
    const same =
      current.length === input.stageIds.length &&
      new Set(input.stageIds).size === input.stageIds.length &&
      input.stageIds.every((id) => current.some((s) => s.id === id));
    if (!same) throw badRequest("The new order must list every stage of the workflow exactly once");
    input.stageIds.forEach((sid, i) => repo.updateStage(tx, actor.companyId, sid, { position: i }));
    recordActivity(tx, actor, { companyId: actor.companyId, openingId: o.id, type: "stage.reordered", data: { workflow: input.workflow, before: current.map((s) => s.id), after: input.stageIds } }, now);
  });
  return getOpening(deps, actor, input.openingId);
}

/** Removes a stage; when it holds candidates they move to `moveToStageId` (same workflow) in the same transaction. */
export function removeStage(deps: Deps, actor: UserActor, input: { openingId: number; stageId: number; moveToStageId?: number }) {
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const o = manageableOpening(tx, actor, input.openingId);
    const s = ownStage(tx, actor, o.id, input.stageId);
    assertEditable(o, s.workflow);
    const siblings = repo.listStages(tx, actor.companyId, o.id, s.workflow);
    if (siblings.length <= 1) throw precondition("A workflow keeps at least one stage");
    const held = repo.countApplicationsInStage(tx, actor.companyId, s.id);
    let moved: { id: number; candidateId: number }[] = [];
    let target: repo.StageRow | undefined;
    if (held > 0) {
      if (input.moveToStageId === undefined) {
        throw new AppError("PRECONDITION_FAILED", `This stage holds ${held} candidate(s); choose where they go`, { held });
      }
      target = ownStage(tx, actor, o.id, input.moveToStageId);
      if (target.workflow !== s.workflow || target.id === s.id) throw badRequest("Candidates must go to another stage of the same workflow");
      moved = repo.moveApplicationsBetweenStages(tx, actor.companyId, s.id, target.id, now);
    }
    const heir = target ?? siblings.find((x) => x.id !== s.id)!;
    repo.repointImportBatches(tx, actor.companyId, s.id, heir.id);
    repo.deleteStage(tx, actor.companyId, s.id);
    siblings.filter((x) => x.id !== s.id).forEach((x, i) => repo.updateStage(tx, actor.companyId, x.id, { position: i }));
    recordActivity(tx, actor, { companyId: actor.companyId, openingId: o.id, type: "stage.removed", data: { name: s.name, workflow: s.workflow, movedTo: target?.name ?? null, moved: moved.length } }, now);
    for (const m of moved) {
      recordActivity(
        tx,
        actor,
        { companyId: actor.companyId, candidateId: m.candidateId, applicationId: m.id, openingId: o.id, type: "application.moved", data: { before: { stage: s.name }, after: { stage: target?.name }, reason: "stage removed" } },
        now,
      );
    }
  });
  return getOpening(deps, actor, input.openingId);
}
