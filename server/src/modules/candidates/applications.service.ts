import { allowedMoves } from "@prospector/shared/workflow";
import type { Executor } from "../../db/client";
import type { Actor, UserActor } from "../../lib/actor";
import type { Deps } from "../../lib/deps";
import { AppError, badRequest, notFound } from "../../lib/errors";
import { recordActivity } from "../activities/activities.repo";
import { getState } from "../decisions/decisions.repo";
import { getStage, listStages, type OpeningRow, type StageRow } from "../openings/openings.repo";
import { visibleOpening } from "../openings/openings.service";
import * as repo from "./candidates.repo";
import { resolvePlacement, alreadyOnOpening, type Placement } from "./intake.service";

/** An application the actor may act on (its opening visible to them), with that opening. */
function ownApplication(db: Executor, actor: UserActor, applicationId: number) {
  const app = repo.getApplication(db, actor.companyId, applicationId);
  if (!app) throw notFound("Application");
  const opening = visibleOpening(db, actor, app.openingId);
  return { app, opening };
}

const refused = (message: string) => new AppError("PRECONDITION_FAILED", message);

/**
 * Moves an active application to a stage; the stage's workflow decides the kind of move:
 * within a workflow, prospecting → hiring (always), hiring → prospecting (only for prospecting-origin
 * applications, only while prospecting is on).
 */
export function moveApplication(deps: Deps, actor: UserActor, input: { applicationId: number; stageId: number }) {
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const { app, opening } = ownApplication(tx, actor, input.applicationId);
    const to = getStage(tx, actor.companyId, input.stageId);
    if (!to || to.openingId !== opening.id) throw notFound("Stage");
    moveTx(tx, actor, app, opening, to, now);
  });
}

/**
 * The move itself, for an application and a stage of its opening already resolved (also the careers page's
 * Apply form, whose actor is the candidate: a prospect who applies moves to hiring, origin unchanged).
 */
export function moveTx(tx: Executor, actor: Actor, app: repo.ApplicationRow, opening: OpeningRow, to: StageRow, now: number, data: Record<string, unknown> = {}) {
  const from = getStage(tx, actor.companyId, app.stageId)!;
  const allowed = allowedMoves(app, opening);
  if (app.status !== "active") throw refused("This application is decisioned; reopen it first");
  if (to.id === app.stageId) return;
  if (to.workflow === app.workflow && !allowed.withinWorkflow) throw refused("This move is not allowed");
  if (to.workflow === "hiring" && app.workflow === "prospecting" && !allowed.toHiring) throw refused("This move is not allowed");
  if (to.workflow === "prospecting" && app.workflow === "hiring" && !allowed.toProspecting) {
    throw refused(
      app.origin !== "prospecting"
        ? "This candidate started in the hiring workflow and cannot be moved to prospecting"
        : "Prospecting is switched off for this opening",
    );
  }
  repo.updateApplication(tx, actor.companyId, app.id, { workflow: to.workflow, stageId: to.id, updatedAt: now });
  recordActivity(
    tx,
    actor,
    {
      companyId: actor.companyId,
      candidateId: app.candidateId,
      applicationId: app.id,
      openingId: opening.id,
      type: "application.moved",
      data: { before: { workflow: app.workflow, stage: from.name }, after: { workflow: to.workflow, stage: to.name }, ...data },
    },
    now,
  );
}

/** Decisions an active application from either workflow with a (non-retired) decisioned state. */
export function decideApplication(deps: Deps, actor: UserActor, input: { applicationId: number; stateId: number; note?: string }) {
  const now = deps.clock.now();
  deps.db.transaction((tx) => decideTx(tx, actor, input, now));
}

/**
 * Also used by the client portal inside its own transaction: only it (`by: "portal"`) may decide with the system
 * state "Rejected by client"; staff pick one of the company's own states.
 */
export function decideTx(
  tx: Executor,
  actor: UserActor,
  input: { applicationId: number; stateId: number; note?: string },
  now: number,
  by: "staff" | "portal" = "staff",
) {
  const { app, opening } = ownApplication(tx, actor, input.applicationId);
  const state = getState(tx, actor.companyId, input.stateId);
  if (!state) throw notFound("Decisioned state");
  if (state.kind === "rejected_by_client" && by !== "portal") throw badRequest(`"${state.name}" is set by the client from the client portal; pick another state`);
  if (state.retiredAt !== null) throw badRequest(`"${state.name}" is retired; pick another state`);
  if (app.status !== "active") throw refused("This application is already decisioned");
  repo.updateApplication(tx, actor.companyId, app.id, {
    status: "decisioned",
    decisionedStateId: state.id,
    decisionedById: actor.userId,
    decisionedAt: now,
    updatedAt: now,
  });
  recordActivity(
    tx,
    actor,
    {
      companyId: actor.companyId,
      candidateId: app.candidateId,
      applicationId: app.id,
      openingId: opening.id,
      type: "application.decisioned",
      data: { state: state.name, kind: state.kind, workflow: app.workflow, note: input.note ?? null },
    },
    now,
  );
}

/** Puts a decisioned application back into a stage of the workflow it was in (its last stage by default). */
export function reopenApplication(deps: Deps, actor: UserActor, input: { applicationId: number; stageId?: number }) {
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const { app, opening } = ownApplication(tx, actor, input.applicationId);
    if (app.status !== "decisioned") throw refused("This application is not decisioned");
    const allowed = allowedMoves(app, opening);
    if (!allowed.reopen) throw refused(allowed.reasons.reopen ?? "This application cannot be reopened");
    let stage = getStage(tx, actor.companyId, input.stageId ?? app.stageId);
    if (input.stageId !== undefined && (!stage || stage.openingId !== opening.id)) throw notFound("Stage");
    if (stage && stage.workflow !== app.workflow) throw badRequest(`Reopen into a stage of the ${app.workflow} workflow`);
    stage ??= listStages(tx, actor.companyId, opening.id, app.workflow)[0];
    if (!stage) throw refused(`This opening has no ${app.workflow} stages`);
    const previous = app.decisionedStateId ? getState(tx, actor.companyId, app.decisionedStateId) : undefined;
    repo.updateApplication(tx, actor.companyId, app.id, {
      status: "active",
      stageId: stage.id,
      decisionedStateId: null,
      decisionedById: null,
      decisionedAt: null,
      updatedAt: now,
    });
    recordActivity(
      tx,
      actor,
      {
        companyId: actor.companyId,
        candidateId: app.candidateId,
        applicationId: app.id,
        openingId: opening.id,
        type: "application.reopened",
        data: { before: { state: previous?.name ?? null }, after: { workflow: app.workflow, stage: stage.name } },
      },
      now,
    );
  });
}

/** Puts a known candidate on another opening (hiring or prospecting). */
export function addToOpening(deps: Deps, actor: UserActor, input: { candidateId: number } & Placement) {
  const now = deps.clock.now();
  return deps.db.transaction((tx) => {
    const c = repo.getCandidate(tx, actor.companyId, input.candidateId);
    if (!c || c.mergedIntoId !== null) throw notFound("Candidate");
    const { opening, stage } = resolvePlacement(tx, actor, input);
    const existing = repo.applicationOn(tx, actor.companyId, opening.id, c.id);
    if (existing) throw alreadyOnOpening(c.id, opening, existing, null);
    const applicationId = repo.insertApplication(
      tx,
      { companyId: actor.companyId, candidateId: c.id, openingId: opening.id, workflow: stage.workflow, stageId: stage.id, createdById: actor.userId },
      now,
    );
    recordActivity(
      tx,
      actor,
      { companyId: actor.companyId, candidateId: c.id, applicationId, openingId: opening.id, type: "application.created", data: { workflow: stage.workflow, stage: stage.name, opening: opening.title, source: "manual" } },
      now,
    );
    return { applicationId, stageId: stage.id, stageName: stage.name };
  });
}
