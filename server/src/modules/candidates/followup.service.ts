import { renderHtml, renderText } from "@prospector/shared/mail/template";
import type { Executor } from "../../db/client";
import type { UserActor } from "../../lib/actor";
import { whenWritable } from "../../db/write-gate";
import type { Deps } from "../../lib/deps";
import { badRequest, notFound } from "../../lib/errors";
import { type BusEvent, publish } from "../../lib/events";
import { recordActivity } from "../activities/activities.repo";
import * as conv from "../conversations/conversations.repo";
import { scheduleReminder, sendCompanyMessageTx } from "../conversations/conversations.service";
import { visibleOpening, visibleOpeningIds } from "../openings/openings.service";
import { applyLinkPreview, assertKnownPlaceholders, compose, ownTemplate } from "../templates/templates.service";
import * as repo from "./candidates.repo";

/** Most recipients one bulk send may have: more must be narrowed by filter (keeps one request bounded). */
export const MAX_BULK = 5_000;
const CHUNK = 250;

export interface ProspectFilter {
  openingId?: number;
  stageId?: number;
  needsFollowUp?: boolean;
  rating?: "shortlist" | "not_a_fit";
  search?: string;
  source?: repo.CandidateRow["source"];
  doNotContact?: boolean;
}

/** Either the ids the user ticked, or "all": every prospect the filter matches (not just the page shown). */
export type Selection = { applicationIds: number[]; filter?: undefined } | { filter: ProspectFilter; applicationIds?: undefined };

export type SkipReason = "no_email" | "do_not_contact" | "decisioned";

/** The application ids of a selection; any id the actor cannot see makes the whole call NOT_FOUND. */
function resolveSelection(db: Executor, actor: UserActor, sel: Selection): number[] {
  if (sel.applicationIds) {
    const ids = [...new Set(sel.applicationIds)];
    const visible = visibleOpeningIds(db, actor);
    for (const id of ids) {
      const a = repo.getApplication(db, actor.companyId, id);
      if (!a || (visible !== null && !visible.includes(a.openingId))) throw notFound("Application");
    }
    return ids;
  }
  const f = sel.filter;
  if (f.openingId !== undefined) visibleOpening(db, actor, f.openingId);
  const openingIds = visibleOpeningIds(db, actor) ?? undefined;
  const out: number[] = [];
  let cursor: number | undefined;
  for (;;) {
    const rows = repo.listApplications(db, { companyId: actor.companyId, workflow: "prospecting", ...f, openingIds, cursor, limit: 1000 });
    out.push(...rows.map((r) => r.applicationId));
    if (out.length > MAX_BULK) throw badRequest(`More than ${MAX_BULK} prospects match; narrow the filter`, { max: MAX_BULK });
    if (rows.length < 1000) return out;
    cursor = rows.at(-1)!.applicationId;
  }
}

/** How many prospects a filter matches (what "select all" would select), counted up to MAX_BULK + 1. */
export function countMatching(deps: Deps, actor: UserActor, filter: ProspectFilter): { count: number; tooMany: boolean } {
  const db = deps.db;
  if (filter.openingId !== undefined) visibleOpening(db, actor, filter.openingId);
  const openingIds = visibleOpeningIds(db, actor) ?? undefined;
  let count = 0;
  let cursor: number | undefined;
  for (;;) {
    const rows = repo.listApplications(db, { companyId: actor.companyId, workflow: "prospecting", ...filter, openingIds, cursor, limit: 1000 });
    count += rows.length;
    if (count > MAX_BULK) return { count: MAX_BULK, tooMany: true };
    if (rows.length < 1000) return { count, tooMany: false };
    cursor = rows.at(-1)!.applicationId;
  }
}

function classify(db: Executor, actor: UserActor, applicationId: number) {
  const ctx = conv.conversationContext(db, actor.companyId, applicationId)!;
  const reason: SkipReason | null =
    ctx.status !== "active" ? "decisioned" : ctx.doNotContact ? "do_not_contact" : conv.candidateAddress(db, actor.companyId, ctx.candidateId) ? null : "no_email";
  return { ctx, reason };
}

function templateText(db: Executor, actor: UserActor, input: { templateId?: number; subject?: string; body?: string }) {
  const t = input.templateId !== undefined ? ownTemplate(db, actor, input.templateId) : undefined;
  const subject = input.subject ?? t?.subject;
  const body = input.body ?? t?.body;
  if (subject === undefined || body === undefined) throw badRequest("Pick a template or write a subject and a message");
  assertKnownPlaceholders(subject, body);
  return { subject, body, templateId: t?.id ?? null };
}

const skipped = (ctx: conv.ApplicationContext, reason: SkipReason) => ({ applicationId: ctx.applicationId, candidateId: ctx.candidateId, candidateName: ctx.candidateName, reason });

/** Who would get the message and who would be skipped (and why), with the first recipient's message. */
export function previewBulk(deps: Deps, actor: UserActor, input: { selection: Selection; templateId?: number; subject?: string; body?: string }) {
  const t = templateText(deps.db, actor, input);
  const ids = resolveSelection(deps.db, actor, input.selection);
  const all = ids.map((id) => classify(deps.db, actor, id));
  const ok = all.filter((x) => x.reason === null);
  const first = ok[0]?.ctx;
  const sample = first
    ? (() => {
        const c = compose(deps.db, actor, first, t);
        const links = { conversation_link: `${deps.config.publicUrl}/c/…`, apply_link: applyLinkPreview(deps, actor.companyId, first.openingId) };
        return { applicationId: first.applicationId, candidateName: first.candidateName, subject: c.subject, text: renderText(c.body, links), html: renderHtml(c.body, links) };
      })()
    : null;
  return {
    total: ids.length,
    willSend: ok.length,
    skipped: all.filter((x) => x.reason !== null).map((x) => skipped(x.ctx, x.reason!)),
    sample,
  };
}

/**
 * Sends a template (or an edited text) to every selected prospect that can be written to, marks them as
 * followed up unless told not to, and optionally schedules a no-reply reminder for the sender.
 */
export async function bulkSend(
  deps: Deps,
  actor: UserActor,
  input: { selection: Selection; templateId?: number; subject?: string; body?: string; markFollowedUp?: boolean; remindAfterDays?: number },
) {
  const t = templateText(deps.db, actor, input);
  const ids = resolveSelection(deps.db, actor, input.selection);
  const sent: { applicationId: number; messageId: number; emailed: boolean }[] = [];
  const skips: ReturnType<typeof skipped>[] = [];
  // Bounded transactions, with a turn of the event loop (and a wait for an import's write lock) between them:
  // a send to thousands holds neither the lock nor the server for the whole run.
  for (let i = 0; i < ids.length; i += CHUNK) {
    if (i > 0) {
      await new Promise((r) => setImmediate(r));
      await whenWritable(deps.db);
    }
    const events: BusEvent[] = [];
    const now = deps.clock.now();
    deps.db.transaction((tx) => {
      for (const id of ids.slice(i, i + CHUNK)) {
        const { ctx, reason } = classify(tx, actor, id);
        if (reason) {
          skips.push(skipped(ctx, reason));
          continue;
        }
        const composed = compose(tx, actor, ctx, t);
        const r = sendCompanyMessageTx(tx, deps, actor, ctx, { ...composed, templateId: t.templateId }, now);
        events.push(...r.events);
        sent.push({ applicationId: id, messageId: r.messageId, emailed: r.mailId !== null });
        if (input.markFollowedUp !== false) setFollowUpTx(tx, actor, id, true, now);
        if (input.remindAfterDays) scheduleReminder(tx, actor, ctx, r.conversationId, input.remindAfterDays, now);
      }
    });
    publish(deps.db, dedupeJobs(events));
  }
  return { sent: sent.length, messages: sent, skipped: skips };
}

function dedupeJobs(events: BusEvent[]): BusEvent[] {
  let jobs = false;
  return events.filter((e) => (e.type === "jobs" ? !jobs && (jobs = true) : true));
}

function setFollowUpTx(tx: Executor, actor: UserActor, applicationId: number, followedUp: boolean, now: number) {
  const a = repo.getApplication(tx, actor.companyId, applicationId)!;
  if (a.followedUp === followedUp) return;
  repo.updateApplication(tx, actor.companyId, a.id, { followedUp, updatedAt: now });
  recordActivity(
    tx,
    actor,
    { companyId: actor.companyId, candidateId: a.candidateId, applicationId: a.id, openingId: a.openingId, type: followedUp ? "application.followed_up" : "application.follow_up_cleared" },
    now,
  );
}

function visibleApplications(db: Executor, actor: UserActor, ids: number[]) {
  return resolveSelection(db, actor, { applicationIds: ids });
}

/** The follow-up flag, on or off, for one or several applications. */
export function setFollowUp(deps: Deps, actor: UserActor, input: { applicationIds: number[]; followedUp: boolean }) {
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    for (const id of visibleApplications(tx, actor, input.applicationIds)) setFollowUpTx(tx, actor, id, input.followedUp, now);
  });
}

/** Shortlist / Not a fit for this job (null clears the rating). */
export function rate(deps: Deps, actor: UserActor, input: { applicationIds: number[]; rating: "shortlist" | "not_a_fit" | null }) {
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    for (const id of visibleApplications(tx, actor, input.applicationIds)) {
      const a = repo.getApplication(tx, actor.companyId, id)!;
      if (a.rating === input.rating) continue;
      repo.updateApplication(tx, actor.companyId, a.id, { rating: input.rating, updatedAt: now });
      recordActivity(
        tx,
        actor,
        { companyId: actor.companyId, candidateId: a.candidateId, applicationId: a.id, openingId: a.openingId, type: "application.rated", data: { before: a.rating, after: input.rating } },
        now,
      );
    }
  });
}
