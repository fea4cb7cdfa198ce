import { companyKey, nameKey, normalizeText, splitName } from "@prospector/shared/normalize";
import { allowedMoves } from "@prospector/shared/workflow";
import type { Executor } from "../../db/client";
import { indexPendingCandidates } from "../../db/search-index";
import { isAdmin, type UserActor } from "../../lib/actor";
import type { Deps } from "../../lib/deps";
import { badRequest, conflict, forbidden, notFound } from "../../lib/errors";
import { clearBounce as clearBounceOf } from "../../mail/bounce";
import { blockQueuedMails } from "../../mail/outbound";
import { listCandidateActivities, recordActivity } from "../activities/activities.repo";
import { visibleOpening, visibleOpeningIds } from "../openings/openings.service";
import * as repo from "./candidates.repo";
import { identitiesOf } from "./identities";
import { safeHttpUrl, visibleApplications } from "./intake.service";

function ownCandidate(db: Executor, actor: UserActor, id: number) {
  const c = repo.getCandidate(db, actor.companyId, id);
  if (!c || c.mergedIntoId !== null) throw notFound("Candidate");
  return c;
}

export function getCandidate(deps: Deps, actor: UserActor, candidateId: number) {
  const c = repo.getCandidate(deps.db, actor.companyId, candidateId);
  if (!c) throw notFound("Candidate");
  if (c.mergedIntoId !== null) {
    return { mergedIntoId: c.mergedIntoId, candidate: null } as const;
  }
  const apps = visibleApplications(deps.db, actor, repo.applicationsOfCandidate(deps.db, actor.companyId, c.id));
  const visible = visibleOpeningIds(deps.db, actor);
  // A recruiter's timeline leaves out what happened on openings they are not on.
  const timeline = listCandidateActivities(deps.db, actor.companyId, c.id, 100).filter(
    (a) => visible === null || a.openingId === null || visible.includes(a.openingId),
  );
  return {
    mergedIntoId: null,
    candidate: {
      ...publicCandidate(c),
      ...repo.candidateIdentities(deps.db, actor.companyId, c.id),
      applications: apps.map((a) => ({
        ...a,
        allowedMoves: allowedMoves(a, { status: a.openingStatus, prospectingEnabled: a.prospectingEnabled }),
      })),
      timeline,
      possibleDuplicates: repo.possibleDuplicates(deps.db, c),
    },
  } as const;
}

export function publicCandidate(c: repo.CandidateRow) {
  return {
    id: c.id,
    fullName: c.fullName,
    firstName: c.firstName,
    lastName: c.lastName,
    headline: c.headline,
    title: c.title,
    companyName: c.companyName,
    location: c.location,
    photoUrl: c.photoUrl,
    summary: c.summary,
    links: c.links,
    skills: c.skills,
    tags: c.tags,
    source: c.source,
    sourceUrl: c.sourceUrl,
    sourcedById: c.sourcedById,
    doNotContact: c.doNotContact,
    doNotContactReason: c.doNotContactReason,
    doNotContactAt: c.doNotContactAt,
    lastActivityAt: c.lastActivityAt,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

export interface ListCandidates {
  tab: "all" | "hiring" | "prospects";
  search?: string;
  source?: repo.CandidateRow["source"];
  doNotContact?: boolean;
  openingId?: number;
  stageId?: number;
  needsFollowUp?: boolean;
  rating?: "shortlist" | "not_a_fit";
  /** Application tabs only: active (default) or decisioned applications. */
  status?: "active" | "decisioned";
  cursor?: number;
  limit: number;
}

/**
 * Candidate dashboard tabs. "all" lists people (the company's shared database); "hiring" and "prospects"
 * list applications (active ones unless `status` says decisioned) of openings the actor can see. Keyset-paged: pass back nextCursor.
 */
export function listCandidates(deps: Deps, actor: UserActor, input: ListCandidates) {
  if (input.openingId !== undefined) visibleOpening(deps.db, actor, input.openingId);
  // Search reads the full-text index, which catches up in batches: bring it up to date first so people
  // just added are found (a no-op when the background indexer is current).
  if (input.search) indexPendingCandidates(deps.db);
  const openingIds = visibleOpeningIds(deps.db, actor) ?? undefined;
  const base = { companyId: actor.companyId, ...input, openingIds, limit: input.limit + 1 };
  if (input.tab === "all") {
    const rows = repo.listAllCandidates(deps.db, base);
    const page = rows.slice(0, input.limit);
    return {
      items: page.map((c) => ({ candidate: c, application: null })),
      nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
    };
  }
  const rows = repo.listApplications(deps.db, { ...base, workflow: input.tab === "prospects" ? "prospecting" : "hiring" });
  const page = rows.slice(0, input.limit);
  return {
    items: page.map(({ candidate, ...application }) => ({ candidate, application })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.applicationId ?? null) : null,
  };
}

export interface UpdateCandidate {
  candidateId: number;
  fullName?: string;
  firstName?: string;
  lastName?: string;
  headline?: string;
  title?: string;
  companyName?: string;
  location?: string;
  photoUrl?: string | null;
  summary?: string;
  skills?: string[];
  tags?: string[];
  emails?: string[];
  phones?: string[];
  profileUrls?: string[];
}

/** Past titles: the new ones first, no duplicates (case aside), never the current title, at most 20. */
export function pastTitlesWith(past: string[], added: string[], current: string): string[] {
  const out: string[] = [];
  const seen = new Set([current.toLowerCase()]);
  for (const t of [...added, ...past]) {
    const k = t.trim().toLowerCase();
    if (!k || seen.has(k)) continue;
    seen.add(k);
    out.push(t.trim());
  }
  return out.slice(0, 20);
}

/** Edits fields; emails, phones and profile URLs, when given, replace the lists (and may not belong to someone else). */
export function updateCandidate(deps: Deps, actor: UserActor, input: UpdateCandidate) {
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const c = ownCandidate(tx, actor, input.candidateId);
    const set: Partial<repo.CandidateRow> = {};
    const t = (v: string | undefined) => (v === undefined ? undefined : normalizeText(v));
    if (input.fullName !== undefined) {
      const fullName = normalizeText(input.fullName);
      if (!fullName) throw badRequest("A name is required");
      const split = splitName(fullName);
      Object.assign(set, { fullName, nameKey: nameKey(fullName), firstName: split.firstName, lastName: split.lastName });
    }
    if (input.firstName !== undefined) set.firstName = t(input.firstName);
    if (input.lastName !== undefined) set.lastName = t(input.lastName);
    if (input.headline !== undefined) set.headline = t(input.headline);
    if (input.title !== undefined) {
      set.title = t(input.title);
      // The title it replaces is kept: "current or past title" still finds the person by it (re-engagement).
      if (set.title !== c.title) set.pastTitles = pastTitlesWith(c.pastTitles, [c.title], set.title ?? "");
    }
    if (input.companyName !== undefined) Object.assign(set, { companyName: t(input.companyName), companyKey: companyKey(t(input.companyName) ?? "") });
    if (input.location !== undefined) set.location = t(input.location);
    if (input.photoUrl !== undefined) set.photoUrl = safeHttpUrl(input.photoUrl);
    if (input.summary !== undefined) set.summary = input.summary.normalize("NFC").trim();
    if (input.skills !== undefined) set.skills = [...new Set(input.skills.map(normalizeText).filter(Boolean))];
    if (input.tags !== undefined) set.tags = [...new Set(input.tags.map(normalizeText).filter(Boolean))];

    const replacingIds = input.emails !== undefined || input.phones !== undefined || input.profileUrls !== undefined;
    if (replacingIds) {
      const current = repo.candidateIdentities(tx, actor.companyId, c.id);
      const { ids, invalid } = identitiesOf(
        {
          emails: input.emails ?? current.emails.map((e) => e.email),
          phones: input.phones ?? current.phones.map((p) => p.phone),
          links: input.profileUrls ?? current.profiles.map((p) => p.url),
        },
        { linksAreProfiles: true },
      );
      if (invalid.length) throw badRequest(invalid.join("; "), { invalid });
      repo.deleteIdentities(tx, actor.companyId, c.id);
      const taken = repo.addIdentities(tx, actor.companyId, c.id, ids);
      if (taken.length) {
        throw conflict(`${taken.map((t) => t.value).join(", ")} already belongs to another candidate; merge the two instead`, {
          candidateId: taken[0]?.ownerId ?? null,
          taken: taken.map((t) => t.value),
        });
      }
    }
    const before = Object.fromEntries(Object.keys(set).filter((k) => k !== "nameKey" && k !== "companyKey").map((k) => [k, c[k as keyof typeof c]]));
    const after = Object.fromEntries(Object.keys(before).map((k) => [k, set[k as keyof typeof set]]));
    if (Object.keys(set).length) repo.updateCandidate(tx, actor.companyId, c.id, { ...set, updatedAt: now });
    recordActivity(
      tx,
      actor,
      { companyId: actor.companyId, candidateId: c.id, type: "candidate.updated", data: { before, after, identitiesChanged: replacingIds } },
      now,
    );
  });
  return getCandidate(deps, actor, input.candidateId);
}

/** Do-not-contact on or off; on records the reason and date (and later blocks every outgoing message). */
export function setDoNotContact(deps: Deps, actor: UserActor, input: { candidateId: number; doNotContact: boolean; reason?: string }) {
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const c = ownCandidate(tx, actor, input.candidateId);
    if (c.doNotContact === input.doNotContact) return;
    const reason = input.doNotContact ? normalizeText(input.reason) || "No reason given" : null;
    repo.updateCandidate(tx, actor.companyId, c.id, {
      doNotContact: input.doNotContact,
      doNotContactReason: reason,
      doNotContactAt: input.doNotContact ? now : null,
      updatedAt: now,
    });
    const blocked = input.doNotContact ? blockQueuedMails(tx, actor.companyId, c.id) : 0;
    recordActivity(
      tx,
      actor,
      { companyId: actor.companyId, candidateId: c.id, type: input.doNotContact ? "candidate.dnc_set" : "candidate.dnc_cleared", data: { reason, blockedMails: blocked } },
      now,
    );
  });
  return getCandidate(deps, actor, input.candidateId);
}

/**
 * Clears the bounce of one of the candidate's addresses (a recruiter fixed it, or the mailbox works again): it is
 * mailed again. Its soft-bounce count starts over. An address that has not bounced is left as it is.
 */
export function clearBounce(deps: Deps, actor: UserActor, input: { candidateId: number; emailId: number }) {
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const c = ownCandidate(tx, actor, input.candidateId);
    const e = repo.candidateIdentities(tx, actor.companyId, c.id).emails.find((x) => x.id === input.emailId);
    if (!e) throw notFound("Email address");
    if (!e.bounced) return;
    clearBounceOf(tx, actor.companyId, c.id, e.email);
    recordActivity(
      tx,
      actor,
      { companyId: actor.companyId, candidateId: c.id, type: "candidate.bounce_cleared", data: { email: e.email, reason: e.bounceReason, bouncedAt: e.bouncedAt } },
      now,
    );
  });
  return getCandidate(deps, actor, input.candidateId);
}

/** "Keep both": the pair is no longer offered as a possible duplicate. */
export function dismissDuplicate(deps: Deps, actor: UserActor, input: { candidateId: number; otherCandidateId: number }) {
  if (input.candidateId === input.otherCandidateId) throw badRequest("Pick two different candidates");
  deps.db.transaction((tx) => {
    ownCandidate(tx, actor, input.candidateId);
    ownCandidate(tx, actor, input.otherCandidateId);
    repo.insertDismissal(tx, actor.companyId, input.candidateId, input.otherCandidateId, actor.userId, deps.clock.now());
  });
}

/**
 * Merges `sourceId` into `targetId` (admins): identities, applications and timeline move to the target;
 * empty fields are filled from the source; do-not-contact wins. When both are on one opening the target's
 * application stays and the source's is recorded in the merge activity; what named the folded application (its
 * portal share, tasks, careers submission, invitation) names the kept one. The source row is kept, marked merged.
 */
export function mergeCandidates(deps: Deps, actor: UserActor, input: { targetId: number; sourceId: number }) {
  if (!isAdmin(actor)) throw forbidden("Only admins can merge candidates");
  if (input.targetId === input.sourceId) throw badRequest("Pick two different candidates");
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const target = ownCandidate(tx, actor, input.targetId);
    const source = ownCandidate(tx, actor, input.sourceId);
    const dropped = repo.mergeInto(tx, actor.companyId, source.id, target.id);
    const fill: Partial<repo.CandidateRow> = {};
    for (const k of ["headline", "title", "companyName", "companyKey", "location", "summary", "firstName", "lastName"] as const) {
      if (!target[k] && source[k]) fill[k] = source[k];
    }
    if (!target.photoUrl && source.photoUrl) fill.photoUrl = source.photoUrl;
    // The source's title (and its own past ones) become past titles of the person, unless it is the current one.
    const past = pastTitlesWith(target.pastTitles, [source.title, ...source.pastTitles], fill.title ?? target.title);
    if (past.join("\n") !== target.pastTitles.join("\n")) fill.pastTitles = past;
    fill.skills = [...new Set([...target.skills, ...source.skills])];
    fill.tags = [...new Set([...target.tags, ...source.tags])];
    fill.links = [...target.links, ...source.links.filter((l) => !target.links.some((t) => t.url === l.url))];
    if (source.doNotContact && !target.doNotContact) {
      Object.assign(fill, { doNotContact: true, doNotContactReason: source.doNotContactReason, doNotContactAt: source.doNotContactAt });
    }
    repo.updateCandidate(tx, actor.companyId, target.id, { ...fill, updatedAt: now });
    repo.updateCandidate(tx, actor.companyId, source.id, { mergedIntoId: target.id, updatedAt: now });
    recordActivity(
      tx,
      actor,
      { companyId: actor.companyId, candidateId: target.id, type: "candidate.merged", data: { mergedId: source.id, mergedName: source.fullName, droppedApplications: dropped } },
      now,
    );
  });
  return getCandidate(deps, actor, input.targetId);
}
