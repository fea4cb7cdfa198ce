import { companyKey, nameKey, normalizeText, splitName } from "@prospector/shared/normalize";
import type { ProfileDraft } from "@prospector/shared/profile";
import { addRefusal, type Workflow } from "@prospector/shared/workflow";
import type { Executor } from "../../db/client";
import { actorRef, type SystemActor, type UserActor } from "../../lib/actor";
import type { Deps } from "../../lib/deps";
import { AppError, badRequest, conflict, notFound } from "../../lib/errors";
import type { OpeningRow, StageRow } from "../openings/openings.repo";
import { firstStage, getStage } from "../openings/openings.repo";
import { visibleOpening, visibleOpeningIds } from "../openings/openings.service";
import * as repo from "./candidates.repo";
import { identitiesOf } from "./identities";

export type CandidateSource = repo.CandidateRow["source"];

/** Where a person is put: an opening, a workflow and (optionally) a stage; the first stage by default. */
export interface Placement {
  openingId: number;
  workflow: Workflow;
  stageId?: number;
}

export interface IntakeResult {
  candidateId: number;
  applicationId: number | null;
  /** created: a new candidate; linked: an existing candidate (matched) put on the opening; existing: matched, nothing placed. */
  outcome: "created" | "linked" | "existing";
  matchedBy: repo.IdentityMatch["matchedBy"] | null;
  openingId: number | null;
  stageId: number | null;
  stageName: string | null;
}

/** Checks once (per request or per import) that people may be added to this opening, workflow and stage. */
export function resolvePlacement(db: Executor, actor: UserActor, p: Placement): { opening: OpeningRow; stage: StageRow } {
  const opening = visibleOpening(db, actor, p.openingId);
  const refusal = addRefusal(opening, p.workflow);
  if (refusal) {
    throw new AppError("PRECONDITION_FAILED", refusal, {
      reason: opening.status === "archived" ? "opening_archived" : "prospecting_off",
    });
  }
  let stage: StageRow | undefined;
  if (p.stageId !== undefined) {
    stage = getStage(db, actor.companyId, p.stageId);
    if (!stage || stage.openingId !== opening.id) throw notFound("Stage");
    if (stage.workflow !== p.workflow) throw badRequest(`That stage is not in the ${p.workflow} workflow`);
  } else {
    stage = firstStage(db, actor.companyId, opening.id, p.workflow);
    if (!stage) throw new AppError("PRECONDITION_FAILED", `This opening has no ${p.workflow} stages`);
  }
  return { opening, stage };
}

/** Thrown when the person is already on the opening: says where, so the user can go there. */
export function alreadyOnOpening(candidateId: number, opening: OpeningRow, app: repo.ApplicationBrief, matchedBy: string | null) {
  return new AppError(
    "CONFLICT",
    `Already on "${opening.title}" — ${app.status === "active" ? app.stageName : "decisioned"} (${app.workflow})`,
    {
      candidateId,
      applicationId: app.id,
      openingId: opening.id,
      openingTitle: opening.title,
      workflow: app.workflow,
      stageId: app.stageId,
      stageName: app.stageName,
      status: app.status,
      matchedBy,
    },
  );
}

/** What a caller already worked out about a draft in this transaction's snapshot (the CSV commit's check). */
export interface KnownIdentity {
  ids: repo.Identities;
  links: { url: string; label: string }[];
  match: repo.IdentityMatch | null;
}

/** The derived name fields of a new candidate: splitting and folding names cost ~15 µs a row, a sixth of an import's write. */
export interface NameFields {
  firstName: string;
  lastName: string;
  nameKey: string;
  companyKey: string;
}

export function nameFieldsOf(draft: Pick<ProfileDraft, "fullName" | "firstName" | "lastName" | "company">): NameFields {
  const fullName = normalizeText(draft.fullName);
  let firstName = normalizeText(draft.firstName);
  let lastName = normalizeText(draft.lastName);
  if (!firstName || !lastName) {
    const split = splitName(fullName);
    firstName ||= split.firstName;
    lastName ||= split.lastName;
  }
  return { firstName, lastName, nameKey: nameKey(fullName), companyKey: companyKey(normalizeText(draft.company)) };
}

/**
 * The one way a person enters the database (extension, manual, CSV): duplicate detection first, then
 * either link to the match or create, then (optionally) an application. Runs inside the caller's transaction.
 */
export function intakeTx(
  tx: Executor,
  /** A system actor for people who come in by themselves (the careers page's Apply form). */
  actor: UserActor | SystemActor,
  draft: ProfileDraft,
  opts: {
    source: CandidateSource;
    placement?: { opening: OpeningRow; stage: StageRow };
    tags?: string[];
    importBatchId?: number;
    now: number;
    /** Identities and match already computed on the same database state; skips doing them again. */
    known?: KnownIdentity;
    /** The draft's name fields, when worked out beforehand (the CSV preview does, outside the commit's transaction). */
    names?: NameFields;
  },
): IntakeResult {
  const companyId = actor.companyId;
  const now = opts.now;
  let ids: repo.Identities;
  let links: KnownIdentity["links"];
  let match: repo.IdentityMatch | null;
  if (opts.known) {
    ({ ids, links, match } = opts.known);
  } else {
    const found = identitiesOf(draft);
    if (found.invalid.length) throw badRequest(found.invalid.join("; "), { invalid: found.invalid });
    ({ ids, links } = found);
    match = repo.findIdentityMatch(tx, companyId, ids);
  }
  const pl = opts.placement;
  const who = actorRef(actor);
  const userId = actor.type === "user" ? actor.userId : null;

  let candidateId: number;
  let fullName = "";
  if (match) {
    candidateId = match.candidateId;
    if (pl) {
      const existing = repo.applicationOn(tx, companyId, pl.opening.id, candidateId);
      if (existing) throw alreadyOnOpening(candidateId, pl.opening, existing, match.matchedBy);
    }
    // What the page or file knows beyond the match (a new email, a GitHub link) is added, never overwritten.
    repo.addIdentities(tx, companyId, candidateId, ids);
  } else {
    fullName = normalizeText(draft.fullName);
    const names = opts.names ?? nameFieldsOf(draft);
    const headline = normalizeText(draft.headline);
    candidateId = repo.insertCandidate(
      tx,
      {
        companyId,
        fullName,
        firstName: names.firstName,
        lastName: names.lastName,
        nameKey: names.nameKey,
        headline,
        title: normalizeText(draft.title),
        companyName: normalizeText(draft.company),
        companyKey: names.companyKey,
        location: normalizeText(draft.location),
        photoUrl: safeHttpUrl(draft.photoUrl),
        summary: draft.summary.normalize("NFC").trim(),
        links,
        skills: uniq(draft.skills.map(normalizeText).filter(Boolean)),
        tags: uniq((opts.tags ?? []).map(normalizeText).filter(Boolean)),
        source: opts.source,
        sourceUrl: safeHttpUrl(draft.sourceUrl),
        sourcedById: userId,
        validEmail: ids.emails.length > 0,
      },
      now,
    );
    repo.addIdentities(tx, companyId, candidateId, ids, { isNew: true });
  }

  let applicationId: number | null = null;
  if (pl) {
    applicationId = repo.insertApplication(
      tx,
      { companyId, candidateId, openingId: pl.opening.id, workflow: pl.stage.workflow, stageId: pl.stage.id, createdById: userId, importBatchId: opts.importBatchId ?? null },
      now,
    );
  }
  const placed = pl ? { workflow: pl.stage.workflow, stage: pl.stage.name, opening: pl.opening.title } : null;
  if (!match) {
    // A new person gets one timeline entry that also says where they were put (one write per add, not two:
    // this is the hot path of the extension and of 50,000-row imports).
    repo.insertActivityFast(
      tx,
      { companyId, candidateId, applicationId, openingId: pl?.opening.id ?? null, ...who, type: "candidate.created", data: { source: opts.source, fullName, ...placed } },
      now,
      { candidateIsNew: true },
    );
  } else if (pl) {
    repo.insertActivityFast(
      tx,
      { companyId, candidateId, applicationId, openingId: pl.opening.id, ...who, type: "application.created", data: { ...placed, source: opts.source, matchedBy: match.matchedBy } },
      now,
    );
  }
  return {
    candidateId,
    applicationId,
    outcome: match ? (pl ? "linked" : "existing") : "created",
    matchedBy: match?.matchedBy ?? null,
    openingId: pl?.opening.id ?? null,
    stageId: pl?.stage.id ?? null,
    stageName: pl?.stage.name ?? null,
  };
}

/** Only http(s) URLs are kept: a javascript: or data: URL from a page must never reach a link or an img. */
export function safeHttpUrl(raw: string | null | undefined): string | null {
  const s = normalizeText(raw);
  if (!s) return null;
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:" ? u.toString() : null;
  } catch {
    return null;
  }
}

function uniq(xs: string[]) {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const k = x.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export interface AddProspectInput {
  requestId: string;
  openingId: number;
  stageId?: number;
  draft: ProfileDraft;
  tags?: string[];
  note?: string;
}

/**
 * The extension's add: idempotent by requestId (a retry returns the first result and creates nothing),
 * duplicate-aware, one transaction.
 */
export function addProspect(deps: Deps, actor: UserActor, input: AddProspectInput): IntakeResult & { replayed: boolean } {
  const now = deps.clock.now();
  return deps.db.transaction((tx) => {
    const previous = repo.getRequestResult(tx, actor.companyId, input.requestId);
    if (previous) {
      // Only the user who sent the request gets its result back; a reused id from anyone else tells nothing.
      if (previous.userId !== actor.userId) throw conflict("This requestId was already used; send a new one");
      return { ...(previous.result as IntakeResult), replayed: true };
    }
    const placement = resolvePlacement(tx, actor, { openingId: input.openingId, workflow: "prospecting", stageId: input.stageId });
    const result = intakeTx(tx, actor, input.draft, { source: "extension", placement, tags: input.tags, now });
    if (input.note?.trim()) {
      repo.insertActivityFast(
        tx,
        { companyId: actor.companyId, candidateId: result.candidateId, applicationId: result.applicationId, openingId: input.openingId, ...actorRef(actor), type: "note.added", data: { text: input.note.trim() } },
        now,
      );
    }
    repo.saveRequestResult(tx, actor.companyId, input.requestId, actor.userId, result, now);
    return { ...result, replayed: false };
  });
}

/** A person typed in by hand, optionally straight onto an opening. A match links instead of creating. */
export function createCandidate(deps: Deps, actor: UserActor, input: { draft: ProfileDraft; placement?: Placement; tags?: string[] }) {
  const now = deps.clock.now();
  return deps.db.transaction((tx) => {
    const placement = input.placement ? resolvePlacement(tx, actor, input.placement) : undefined;
    return intakeTx(tx, actor, input.draft, { source: "manual", placement, tags: input.tags, now });
  });
}

/** The duplicate check without writing: who this person already is, and where they are. */
export function lookupDuplicates(deps: Deps, actor: UserActor, input: { profileUrl?: string | null; emails?: string[]; phones?: string[]; fullName?: string; company?: string; openingId?: number }) {
  const { ids } = identitiesOf({ emails: input.emails, phones: input.phones, profileUrl: input.profileUrl });
  const m = repo.findIdentityMatch(deps.db, actor.companyId, ids);
  let match = null;
  if (m) {
    const c = repo.getCandidate(deps.db, actor.companyId, m.candidateId)!;
    const apps = visibleApplications(deps.db, actor, repo.applicationsOfCandidate(deps.db, actor.companyId, c.id));
    match = {
      candidateId: c.id,
      fullName: c.fullName,
      title: c.title,
      companyName: c.companyName,
      matchedBy: m.matchedBy,
      doNotContact: c.doNotContact,
      applications: apps.map((a) => ({ applicationId: a.id, openingId: a.openingId, openingTitle: a.openingTitle, workflow: a.workflow, stageName: a.stageName, status: a.status })),
      onOpening: input.openingId !== undefined ? apps.some((a) => a.openingId === input.openingId) : null,
    };
  }
  let possible: ReturnType<typeof repo.possibleDuplicates> = [];
  if (!m && input.fullName) {
    const probe = { id: -1, companyId: actor.companyId, nameKey: nameKey(input.fullName), companyKey: companyKey(input.company ?? ""), location: "" } as repo.CandidateRow;
    possible = repo.possibleDuplicates(deps.db, probe);
  }
  return { match, possible };
}

/** Recruiters see the applications of openings they are on; admins see all. */
export function visibleApplications<T extends { openingId: number }>(db: Executor, actor: UserActor, apps: T[]): T[] {
  const ids = visibleOpeningIds(db, actor);
  return ids === null ? apps : apps.filter((a) => ids.includes(a.openingId));
}
