import { renderHtml, renderText } from "@prospector/shared/mail/template";
import type { Executor, Tx } from "../../db/client";
import { whenWritable } from "../../db/write-gate";
import { type UserActor, isAdmin } from "../../lib/actor";
import type { Deps } from "../../lib/deps";
import { badRequest, conflict, notFound, precondition } from "../../lib/errors";
import { type BusEvent, publish } from "../../lib/events";
import { recordActivity } from "../activities/activities.repo";
import * as candidatesRepo from "../candidates/candidates.repo";
import { getCompany } from "../companies/companies.repo";
import * as conv from "../conversations/conversations.repo";
import { sendCompanyMessageTx } from "../conversations/conversations.service";
import { firstStage, type OpeningRow } from "../openings/openings.repo";
import { visibleOpening, visibleOpeningIds } from "../openings/openings.service";
import * as templatesRepo from "../templates/templates.repo";
import { applyLinkPreview, assertKnownPlaceholders, DEFERRED_LINKS, ownTemplate } from "../templates/templates.service";
import * as repo from "./reengage.repo";
import { allMatchingIds, MAX_ALL_MATCHING, type SearchFilters } from "./reengage.service";

/**
 * Re-engagement invitations. A send takes a selection (ticked people, or every match of a search), a target (an
 * open opening, or "our careers page") and a text (a template, "Invitation to re-apply" by default), and for each
 * person either skips them with a reason or invites them: an activity and a message in a conversation — on an
 * opening with prospecting on, in a new prospecting application in its first prospecting stage (origin
 * prospecting); otherwise in the candidate's general conversation — whose mail goes through the durable queue,
 * spread out by the company's "mails per minute".
 */

export type InviteSelection = { candidateIds: number[]; filters?: undefined } | { filters: SearchFilters; candidateIds?: undefined };
export type InviteTarget = { openingId: number; careersPage?: undefined } | { careersPage: true; openingId?: undefined };
export type SkipReason = repo.SkipReason;

export interface InviteText {
  templateId?: number;
  subject?: string;
  body?: string;
}

const DAY = 24 * 3600_000;
/** Time spent in one transaction before giving the event loop (and other requests) a turn, and most people in one. */
const SLICE_MS = 8;
const SLICE_MAX = 500;
/** People whose "already on the opening" is read in one query. */
const PREFETCH = 32;
const INVITE_TEMPLATE_KEY = "invite_to_reapply";
/** What {{opening_title}} says in an invitation to the careers page (there is no one opening). */
export const CAREERS_PAGE_TITLE = "our open positions";

interface Target {
  opening: OpeningRow | null;
  /** The first prospecting stage when the invitation creates a prospecting application there. */
  prospectingStage: { id: number; name: string } | null;
}

/** The opening must be one the actor sees, open, and so accepting candidates; null is the careers page. */
function resolveTarget(db: Executor, actor: UserActor, target: InviteTarget): Target {
  if (target.careersPage) return { opening: null, prospectingStage: null };
  const opening = visibleOpening(db, actor, target.openingId);
  if (opening.status !== "open") throw precondition(`"${opening.title}" is not open: only an open opening can receive invitations`, { reason: "opening_not_open" });
  return { opening, prospectingStage: prospectingStageOf(db, actor, opening) };
}

function prospectingStageOf(db: Executor, actor: UserActor, opening: OpeningRow) {
  const stage = opening.prospectingEnabled ? firstStage(db, actor.companyId, opening.id, "prospecting") : undefined;
  return stage ? { id: stage.id, name: stage.name } : null;
}

/** The text: a template (the company's "Invitation to re-apply" when none is named), or one written for this send. */
function resolveText(db: Executor, actor: UserActor, input: InviteText) {
  const t =
    input.templateId !== undefined
      ? ownTemplate(db, actor, input.templateId)
      : input.subject === undefined || input.body === undefined
        ? templatesRepo.listTemplates(db, actor.companyId).find((x) => x.defaultKey === INVITE_TEMPLATE_KEY)
        : undefined;
  const subject = input.subject ?? t?.subject;
  const body = input.body ?? t?.body;
  if (subject === undefined || body === undefined) throw badRequest("Pick a template or write a subject and a message");
  if (!subject.trim() || !body.trim()) throw badRequest("The subject and the message cannot be empty");
  assertKnownPlaceholders(subject, body);
  return { subject, body, templateId: t?.id ?? null };
}

/**
 * The people of a selection: ticked ids (each must be the company's, else NOT_FOUND) or every match of a search.
 * Ids are checked in slices, with a turn for other requests between them.
 */
async function resolveSelection(deps: Deps, actor: UserActor, sel: InviteSelection): Promise<number[]> {
  if (sel.filters) return allMatchingIds(deps, actor, sel.filters);
  const ids = [...new Set(sel.candidateIds)];
  if (ids.length > MAX_ALL_MATCHING) throw badRequest(`At most ${MAX_ALL_MATCHING.toLocaleString("en")} people in one send`);
  for (let i = 0; i < ids.length; i += 500) {
    if (i > 0) await new Promise((r) => setImmediate(r));
    const part = ids.slice(i, i + 500);
    const known = repo.existingCandidates(deps.db, actor.companyId, part);
    if (part.some((id) => !known.has(id))) throw notFound("Candidate");
  }
  return ids;
}

/**
 * Why a person is not invited, or null: do-not-contact, no address, every address bounced, already there, written to
 * lately. `onOpening`: who of a slice is already on the target opening, read at once (else looked up for this person).
 */
function skipReasonOf(
  db: Executor,
  actor: UserActor,
  facts: repo.InviteeFacts,
  target: Target,
  recentDays: number,
  now: number,
  onOpening?: Set<number>,
): SkipReason | null {
  if (facts.doNotContact) return "do_not_contact";
  if (facts.emails === 0) return "no_email";
  if (facts.validEmails === 0) return "bounced";
  if (target.opening && (onOpening ? onOpening.has(facts.id) : candidatesRepo.applicationOn(db, actor.companyId, target.opening.id, facts.id))) return "already_on_opening";
  if (recentDays > 0 && repo.contactedSince(db, actor.companyId, facts.id, now - recentDays * DAY)) return "recently_contacted";
  return null;
}

/** The placeholders of a send, the same for every person but their first name (links are filled at delivery). */
function sendValues(db: Executor, actor: UserActor, target: Target) {
  const company = getCompany(db, actor.companyId);
  return {
    opening_title: target.opening?.title ?? CAREERS_PAGE_TITLE,
    sender_name: actor.name,
    company_name: company?.name ?? "",
    ...DEFERRED_LINKS,
  };
}

function composeFor(values: ReturnType<typeof sendValues>, person: { firstName: string; fullName: string }, text: { subject: string; body: string }) {
  const v = { ...values, candidate_first_name: person.firstName || person.fullName };
  return { subject: renderText(text.subject, v).replace(/[\r\n]+/g, " ").trim(), body: renderText(text.body, v) };
}

/** Lets other requests run between slices, and waits out an import's write lock. */
async function yieldTurn(deps: Deps) {
  await new Promise((r) => setImmediate(r));
  await whenWritable(deps.db);
}

// ---- preview ---------------------------------------------------------------------------------------

export interface PreviewInput {
  selection: InviteSelection;
  target: InviteTarget;
  text: InviteText;
  recentDays: number;
  /** Preview as this person (one of the selection); else the first who would get it. */
  previewCandidateId?: number;
}

/** Who would be invited and who skipped (and why), with the mail as a real person of the selection would get it. */
export async function previewInvitation(deps: Deps, actor: UserActor, input: PreviewInput) {
  const target = resolveTarget(deps.db, actor, input.target);
  const text = resolveText(deps.db, actor, input.text);
  const ids = await resolveSelection(deps, actor, input.selection);
  if (input.previewCandidateId !== undefined && !ids.includes(input.previewCandidateId)) throw notFound("Candidate");
  const now = deps.clock.now();
  const skipped: Record<string, number> = {};
  const people: { candidateId: number; candidateName: string; reason: SkipReason }[] = [];
  let willSend = 0;
  let first: repo.InviteeFacts | undefined;
  let chosen: { facts: repo.InviteeFacts; reason: SkipReason | null } | undefined;
  let sliceStart = performance.now();
  for (const id of ids) {
    if (performance.now() - sliceStart > SLICE_MS) {
      await yieldTurn(deps);
      sliceStart = performance.now();
    }
    const facts = repo.inviteeFacts(deps.db, actor.companyId, id);
    if (!facts) continue;
    const reason = skipReasonOf(deps.db, actor, facts, target, input.recentDays, now);
    if (id === input.previewCandidateId) chosen = { facts, reason };
    if (reason) {
      skipped[reason] = (skipped[reason] ?? 0) + 1;
      if (people.length < 100) people.push({ candidateId: id, candidateName: facts.fullName, reason });
    } else {
      willSend++;
      first ??= facts;
    }
  }
  const sampleOf = chosen?.facts ?? first;
  const values = sendValues(deps.db, actor, target);
  const sample = sampleOf
    ? (() => {
        const c = composeFor(values, sampleOf, text);
        const links = { conversation_link: `${deps.config.publicUrl}/c/…`, apply_link: applyLinkPreview(deps, actor.companyId, target.opening?.id ?? null) };
        return {
          candidateId: sampleOf.id,
          candidateName: sampleOf.fullName,
          to: conv.candidateAddress(deps.db, actor.companyId, sampleOf.id),
          /** Set when the person previewed would be skipped (they were picked by hand). */
          skipReason: chosen?.facts === sampleOf ? chosen.reason : null,
          subject: c.subject,
          text: renderText(c.body, links),
          html: renderHtml(c.body, links),
        };
      })()
    : null;
  return {
    total: ids.length,
    willSend,
    skipped,
    skippedPeople: people,
    /** What happens on the target: a new prospecting application per person, or their general conversation. */
    createsProspects: target.prospectingStage !== null,
    throttle: throttleOf(deps.db, actor.companyId, now, willSend),
    sample,
  };
}

/** When a send of `count` mails starting now would start and end, at the company's mails per minute. */
function throttleOf(db: Executor, companyId: number, now: number, count: number) {
  const perMinute = getCompany(db, companyId)?.mailsPerMinute ?? 60;
  const intervalMs = Math.ceil(60_000 / perMinute);
  const startsAt = Math.max(now, repo.throttleHorizon(db, companyId));
  return { mailsPerMinute: perMinute, intervalMs, startsAt, lastMailAt: startsAt + Math.max(0, count - 1) * intervalMs };
}

// ---- send ------------------------------------------------------------------------------------------

export interface SendInput {
  /** Idempotency key: the same send retried (a double click, a lost answer) is one set of mails. */
  requestId: string;
  selection: InviteSelection;
  target: InviteTarget;
  text: InviteText;
  recentDays: number;
}

/** Sends being processed by this process: a retry that arrives meanwhile waits for the same work. */
const running = new Map<string, Promise<void>>();

/**
 * Invites everyone of the selection who can be written to, in bounded slices (a send to 10,000 neither holds the
 * write lock nor the server for its whole run). Idempotent by requestId; a send interrupted by a crash is resumed by
 * its retry (each person is invited at most once per send: invitations has one row per send and person).
 */
export async function sendInvitation(deps: Deps, actor: UserActor, input: SendInput) {
  let send = repo.sendByRequest(deps.db, actor.companyId, input.requestId);
  if (send && send.userId !== actor.userId) throw conflict("This request id belongs to another send");
  const fresh = !send;
  if (!send) {
    const target = resolveTarget(deps.db, actor, input.target);
    const text = resolveText(deps.db, actor, input.text);
    const ids = await resolveSelection(deps, actor, input.selection);
    if (ids.length === 0) throw badRequest("Nobody is selected");
    await whenWritable(deps.db);
    const now = deps.clock.now();
    send = deps.db.transaction((tx) => {
      // Read again in the transaction: a concurrent first try with the same key may have just created it.
      const again = repo.sendByRequest(tx, actor.companyId, input.requestId);
      if (again) return again;
      const t = throttleOf(tx, actor.companyId, now, ids.length);
      const id = repo.insertSend(
        tx,
        {
          companyId: actor.companyId,
          userId: actor.userId,
          openingId: target.opening?.id ?? null,
          templateId: text.templateId,
          requestId: input.requestId,
          candidateIds: ids,
          filters: input.selection.filters ?? null,
          subject: text.subject,
          body: text.body,
          recentDays: input.recentDays,
          startsAt: t.startsAt,
          intervalMs: t.intervalMs,
          // Reserved for everyone selected: the company's next send starts after this one, never between its mails.
          reservedUntil: t.startsAt + ids.length * t.intervalMs,
        },
        now,
      );
      recordActivity(
        tx,
        actor,
        { companyId: actor.companyId, openingId: target.opening?.id ?? null, type: "reengage.send_started", data: { sendId: id, selected: ids.length, opening: target.opening?.title ?? null } },
        now,
      );
      return repo.getSend(tx, actor.companyId, id)!;
    });
  }
  if (send.status === "queueing") {
    const key = `${actor.companyId}:${send.id}`;
    let work = running.get(key);
    if (!work) {
      work = processSend(deps, actor, send, fresh).finally(() => running.delete(key));
      running.set(key, work);
    }
    await work;
  }
  // A send just queued has delivered, bounced, replied nothing yet: its summary needs no report query (which reads
  // every invitation's mail and thread); a retry of an older one answers its report as it stands.
  return fresh ? queuedSummary(deps, actor, send.id) : sendSummary(deps, actor, send.id);
}

function queuedSummary(deps: Deps, actor: UserActor, sendId: number) {
  const s = repo.getSend(deps.db, actor.companyId, sendId)!;
  const invited = s.invited;
  const outcome = { invited, delivered: 0, pending: invited, kept: 0, bounced: 0, failed: 0, replied: 0, applied: 0 };
  return { ...publicSend(deps.db, s, outcome), skippedPeople: repo.skippedPeople(deps.db, actor.companyId, s.id, 100) };
}

/** Invites the send's people not invited yet. `fresh`: created by this call, so nobody of it has a row yet. */
async function processSend(deps: Deps, actor: UserActor, send: repo.SendRow, fresh: boolean) {
  const ids = JSON.parse(send.candidateIds) as number[];
  const target: Target = { opening: null, prospectingStage: null };
  if (send.openingId !== null) {
    // The opening as it is now (a resumed send): closed meanwhile, nobody more is invited to it.
    const o = visibleOpening(deps.db, actor, send.openingId);
    if (o.status !== "open") {
      finish(deps, actor, send.id);
      throw precondition(`"${o.title}" is not open any more: the rest of this send was not invited`);
    }
    target.opening = o;
    target.prospectingStage = prospectingStageOf(deps.db, actor, o);
  }
  const text = { subject: send.subject, body: send.body };
  const values = sendValues(deps.db, actor, target);
  const company = getCompany(deps.db, actor.companyId)!;
  // Resumed after an interruption: the mails already queued keep their slots. The counts go on from there, kept
  // here (reading them back at the end would scan every invitation of the send in one go).
  const progress = fresh ? { invited: 0, skipped: {} as Record<string, number> } : repo.sendProgress(deps.db, send.id);
  let invited = progress.invited;
  let i = 0;
  while (i < ids.length) {
    if (i > 0) await yieldTurn(deps);
    const events: BusEvent[] = [];
    const sliceStart = performance.now();
    const now = deps.clock.now();
    deps.db.transaction((tx) => {
      const sliceFirst = i;
      const sliceEnd = Math.min(ids.length, i + SLICE_MAX);
      // Who is already on the opening, read for the next few people at once (a slice holds a few dozen).
      let window = { end: i, on: new Set<number>() };
      // At least one person a slice, however late it started (a busy machine must not stall the send).
      while (i < sliceEnd && (i === sliceFirst || performance.now() - sliceStart < SLICE_MS)) {
        if (target.opening && i >= window.end) {
          const end = Math.min(sliceEnd, i + PREFETCH);
          window = { end, on: repo.onOpening(tx, actor.companyId, target.opening.id, ids.slice(i, end)) };
        }
        const candidateId = ids[i++]!;
        if (!fresh && repo.invitationOf(tx, send.id, candidateId)) continue;
        const facts = repo.inviteeFacts(tx, actor.companyId, candidateId);
        // Merged away since the search: their record lives on in the one they were merged into.
        if (!facts || facts.mergedIntoId !== null) continue;
        const reason = skipReasonOf(tx, actor, facts, target, send.recentDays, now, window.on);
        if (reason) {
          repo.insertInvitation(tx, { companyId: actor.companyId, sendId: send.id, candidateId, skipReason: reason }, now);
          progress.skipped[reason] = (progress.skipped[reason] ?? 0) + 1;
          continue;
        }
        const runAt = send.startsAt + invited * send.intervalMs;
        events.push(...inviteOne(tx, deps, actor, send, target, company, facts, composeFor(values, facts, text), runAt, now));
        invited++;
      }
    });
    publish(deps.db, onceJobs(events));
  }
  finish(deps, actor, send.id, { invited, skipped: progress.skipped });
}

function finish(deps: Deps, actor: UserActor, sendId: number, counted?: { invited: number; skipped: Record<string, number> }) {
  const done = counted ?? repo.sendProgress(deps.db, sendId);
  const now = deps.clock.now();
  deps.db.transaction((tx) => repo.finishSend(tx, actor.companyId, sendId, done.invited, done.skipped, now));
}

/** One person invited: maybe a prospecting application, then the message (its activity and queued mail) and the invitation row. */
function inviteOne(
  tx: Tx,
  deps: Deps,
  actor: UserActor,
  send: repo.SendRow,
  target: Target,
  company: { name: string; publicContactEmail: string | null },
  facts: repo.InviteeFacts,
  composed: { subject: string; body: string },
  runAt: number,
  now: number,
): BusEvent[] {
  let ctx: conv.ConversationContext;
  let applicationId: number | null = null;
  if (target.opening && target.prospectingStage) {
    const stage = target.prospectingStage;
    applicationId = candidatesRepo.insertApplication(
      tx,
      { companyId: actor.companyId, candidateId: facts.id, openingId: target.opening.id, workflow: "prospecting", stageId: stage.id, createdById: actor.userId },
      now,
    );
    // Everything the conversation needs is known here: no read back of what was just written.
    ctx = {
      kind: "application",
      applicationId,
      candidateId: facts.id,
      openingId: target.opening.id,
      status: "active",
      decisionKind: null,
      candidateName: facts.fullName,
      candidateFirstName: facts.firstName,
      doNotContact: false,
      openingTitle: target.opening.title,
      companyName: company.name,
      publicContactEmail: company.publicContactEmail,
    };
  } else {
    ctx = conv.generalContext(tx, actor.companyId, facts.id)!;
  }
  const sent = sendCompanyMessageTx(
    tx,
    deps,
    actor,
    ctx,
    {
      ...composed,
      templateId: send.templateId,
      runAt,
      // Read with the person's facts in this transaction: the first address that has not bounced.
      to: facts.address,
      applyOpeningId: ctx.kind === "general" ? (target.opening?.id ?? null) : null,
      // One activity for both: invited, and (on an opening with prospecting) put there as a prospect.
      activityType: "reengage.invited",
      activity: {
        sendId: send.id,
        opening: target.opening?.title ?? null,
        careersPage: target.opening === null,
        ...(applicationId !== null ? { workflow: "prospecting", stage: target.prospectingStage?.name ?? null, prospectCreated: true } : {}),
      },
      // A thread just started (or the general one): nothing in it for the sender to have read.
      markRead: applicationId === null ? undefined : false,
    },
    now,
  );
  repo.insertInvitation(
    tx,
    { companyId: actor.companyId, sendId: send.id, candidateId: facts.id, skipReason: null, mailId: sent.mailId, conversationId: sent.conversationId, messageId: sent.messageId, applicationId },
    now,
  );
  return sent.events;
}

/**
 * One "jobs" wake-up for the worker however many mails a slice queued. The messages' live events are left out:
 * thousands of them would make every open browser fetch each one; threads show them when next opened.
 */
function onceJobs(events: BusEvent[]): BusEvent[] {
  let jobs = false;
  return events.filter((e) => (e.type === "jobs" ? !jobs && (jobs = true) : e.type !== "message"));
}

// ---- report ----------------------------------------------------------------------------------------

/** A send the actor may see: admins every one; a recruiter their own, and those to openings they are on. */
function visibleSend(db: Executor, actor: UserActor, sendId: number): repo.SendRow {
  const s = repo.getSend(db, actor.companyId, sendId);
  if (!s) throw notFound("Invitation send");
  if (!isAdmin(actor) && s.userId !== actor.userId) {
    const mine = visibleOpeningIds(db, actor) ?? [];
    if (s.openingId === null || !mine.includes(s.openingId)) throw notFound("Invitation send");
  }
  return s;
}

function publicSend(db: Executor, s: repo.SendRow, known?: ReturnType<typeof repo.sendOutcome>) {
  const outcome = known ?? repo.sendOutcome(db, s.companyId, s.id, s.openingId);
  const skipped = s.status === "queued" ? (JSON.parse(s.skipped) as Record<string, number>) : repo.sendProgress(db, s.id).skipped;
  return {
    id: s.id,
    createdAt: s.createdAt,
    sender: s.userName ?? "A former user",
    target: s.openingId === null ? { kind: "careers_page" as const, openingId: null, title: "Careers page" } : { kind: "opening" as const, openingId: s.openingId, title: s.openingTitle ?? "" },
    /** The send's subject as its mails have it, the person's first name named (it differs per person). */
    subject: renderText(s.subject, {
      candidate_first_name: "[first name]",
      opening_title: s.openingId === null ? CAREERS_PAGE_TITLE : (s.openingTitle ?? ""),
      sender_name: s.userName ?? "",
      company_name: getCompany(db, s.companyId)?.name ?? "",
    })
      .replace(/[\r\n]+/g, " ")
      .trim(),
    status: s.status,
    selected: (JSON.parse(s.candidateIds) as number[]).length,
    allMatching: s.filters !== null,
    skipped,
    startsAt: s.startsAt,
    lastMailAt: outcome.invited > 0 ? s.startsAt + (outcome.invited - 1) * s.intervalMs : null,
    ...outcome,
  };
}

/** What a send did: invited, skipped by reason (with the first people skipped), and the throttle's schedule. */
export function sendSummary(deps: Deps, actor: UserActor, sendId: number) {
  const s = visibleSend(deps.db, actor, sendId);
  return { ...publicSend(deps.db, s), skippedPeople: repo.skippedPeople(deps.db, actor.companyId, s.id, 100) };
}

/** Past sends, newest first, each with its outcome so far (delivered, bounced, replied, applied). */
export function listSends(deps: Deps, actor: UserActor, input: { cursor?: number; limit: number }) {
  const openingIds = isAdmin(actor) ? undefined : (visibleOpeningIds(deps.db, actor) ?? undefined);
  const rows = repo.listSends(deps.db, { companyId: actor.companyId, userId: actor.userId, openingIds, cursor: input.cursor, limit: input.limit + 1 });
  const page = rows.slice(0, input.limit);
  return { items: page.map((s) => publicSend(deps.db, s)), nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null };
}
