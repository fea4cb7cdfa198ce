import type { Executor } from "../../db/client";
import type { ClientContactActor } from "../../lib/actor";
import { DUMMY_PASSWORD_HASH, hashPassword, hashToken, randomToken, verifyPassword } from "../../lib/crypto";
import type { Deps } from "../../lib/deps";
import { AppError, badRequest, notFound, precondition } from "../../lib/errors";
import { publish } from "../../lib/events";
import { RateLimiter } from "../../lib/rate-limit";
import { queueMail } from "../../mail/outbound";
import { recordActivity } from "../activities/activities.repo";
import { decideTx } from "../candidates/applications.service";
import { companyLogoUrl } from "../companies/logo";
import { systemState } from "../decisions/decisions.repo";
import { insertNotifications } from "../notifications/notifications.repo";
import { fieldsOfShare } from "../shares/shares.service";
import * as tasks from "../tasks/tasks.service";
import { mintSignInLink, recordSignInMail, SIGN_IN_LINK_FIELD } from "./portal.links";
import * as repo from "./portal.repo";

/** A sign-in link works once, for 15 minutes. */
export const SIGN_IN_LINK_TTL_MS = 15 * 60_000;
/** An invitation's link also works once, but for 72 hours: invitations are read later than links just asked for. */
export const INVITE_LINK_TTL_MS = 72 * 3600_000;
/** Link requests allowed per email address and per IP address in a window. */
export const LINK_REQUESTS_PER_EMAIL = 5;
export const LINK_REQUESTS_PER_IP = 30;
const LINK_WINDOW_MS = 15 * 60_000;

const limiters = new WeakMap<object, { perEmail: RateLimiter; perIp: RateLimiter }>();
function linkLimiters(deps: Deps) {
  let l = limiters.get(deps.db);
  if (!l) {
    l = { perEmail: new RateLimiter(LINK_REQUESTS_PER_EMAIL, LINK_WINDOW_MS), perIp: new RateLimiter(LINK_REQUESTS_PER_IP, LINK_WINDOW_MS) };
    limiters.set(deps.db, l);
  }
  return l;
}

const normEmail = (e: string) => e.trim().toLowerCase();

export { portalJobPath, portalUrl } from "./portal.links";

/** What the branded sign-in page shows; an unknown agency is NOT_FOUND. */
export function branding(deps: Deps, slug: string) {
  const c = repo.companyBySlug(deps.db, slug);
  if (!c) throw notFound("Portal");
  return publicBranding(c);
}

function publicBranding(c: repo.PortalCompanyRow) {
  return {
    slug: c.slug,
    companyName: c.name,
    portalName: c.portalName || `${c.name} client portal`,
    logoUrl: companyLogoUrl(c),
    brandColor: c.brandColor && /^#[0-9a-f]{6}$/i.test(c.brandColor) ? c.brandColor : null,
  };
}

/**
 * Mints a single-use sign-in link for a contact (inside the caller's transaction) and returns its URL. Mail never
 * calls this at queue time: a mailed link is minted when the mail is sent (queueSignInMail).
 */
export function portalSignInLink(
  tx: Executor,
  deps: Deps,
  contact: { id: number; companyId: number },
  slug: string,
  openingId?: number | null,
  ttlMs: number = SIGN_IN_LINK_TTL_MS,
): string {
  return mintSignInLink(tx, deps, { companyId: contact.companyId, contactId: contact.id, slug, openingId: openingId ?? null, ttlMs }, deps.clock.now());
}

/**
 * Queues a mail to a contact whose text carries a sign-in link: the text has SIGN_IN_LINK_FIELD where the link
 * goes, and the link (for this contact, landing on `openingId` if given, working once within `ttlMs` of being
 * sent) is minted by the mail queue when it sends the mail; see portal.links.
 */
export function queueSignInMail(
  tx: Executor,
  deps: Deps,
  m: { contact: { id: number; companyId: number; email: string }; openingId: number | null; ttlMs: number; fromName: string; subject: string; text: string },
  now: number,
): number {
  if (!m.text.includes(SIGN_IN_LINK_FIELD)) throw new Error("a sign-in mail needs the link's placeholder");
  const mailId = queueMail(
    tx,
    deps,
    { companyId: m.contact.companyId, kind: "notification", conversationId: null, fromName: m.fromName, to: m.contact.email, subject: m.subject, text: m.text },
    now,
  );
  recordSignInMail(tx, { mailId, companyId: m.contact.companyId, contactId: m.contact.id, openingId: m.openingId, ttlMs: m.ttlMs });
  return mailId;
}

/**
 * Emails a sign-in link to the address if it names an active contact of this agency. The answer is the same
 * whether or not it does (the page never tells which addresses are contacts); both limits count every request.
 */
export function requestSignInLink(deps: Deps, input: { slug: string; email: string; openingId?: number }, ip: string) {
  const company = repo.companyBySlug(deps.db, input.slug);
  if (!company) throw notFound("Portal");
  const email = normEmail(input.email);
  const now = deps.clock.now();
  const l = linkLimiters(deps);
  const emailKey = `${company.id}:${email}`;
  if (l.perIp.isLimited(ip, now) || l.perEmail.isLimited(emailKey, now)) {
    throw new AppError("TOO_MANY_REQUESTS", "Too many sign-in links asked for; try again in 15 minutes");
  }
  l.perIp.hit(ip, now);
  l.perEmail.hit(emailKey, now);
  deps.db.transaction((tx) => {
    repo.deleteExpiredSignInTokens(tx, now);
    const contact = repo.contactByEmail(tx, company.id, email);
    if (!contact || !contact.active) return;
    const b = publicBranding(company);
    queueSignInMail(
      tx,
      deps,
      {
        contact,
        openingId: input.openingId ?? null,
        ttlMs: SIGN_IN_LINK_TTL_MS,
        fromName: b.portalName,
        subject: `Your sign-in link for ${b.portalName}`,
        text: [
          `Hello ${contact.name},`,
          "",
          `Sign in to ${b.portalName} with this link (it works once, for 15 minutes):`,
          SIGN_IN_LINK_FIELD,
          "",
          "If you did not ask for it, ignore this email.",
        ].join("\n"),
      },
      now,
    );
  });
  publish(deps.db, [{ type: "jobs" }]);
  return { ok: true as const };
}

function startSession(tx: Executor, deps: Deps, contact: { id: number; companyId: number }) {
  const token = randomToken();
  const now = deps.clock.now();
  const expiresAt = now + deps.config.sessionTtlMs;
  repo.deleteExpiredSessions(tx, now);
  repo.insertSession(tx, { companyId: contact.companyId, contactId: contact.id, tokenHash: hashToken(token), createdAt: now, expiresAt });
  repo.touchContactSignIn(tx, contact.companyId, contact.id, now);
  return { token, expiresAt };
}

const linkRefused = () => new AppError("UNAUTHORIZED", "This sign-in link has expired or was already used; ask for a new one");

/** Exchanges a sign-in link's token for a session: once, within 15 minutes, for an active contact of this agency. */
export function redeemSignInLink(deps: Deps, input: { slug: string; token: string }) {
  const company = repo.companyBySlug(deps.db, input.slug);
  if (!company) throw notFound("Portal");
  const now = deps.clock.now();
  return deps.db.transaction((tx) => {
    const t = repo.signInToken(tx, hashToken(input.token));
    if (!t || t.companyId !== company.id || t.usedAt !== null || t.expiresAt <= now) throw linkRefused();
    const contact = repo.contactById(tx, company.id, t.contactId);
    if (!contact || !contact.active) throw linkRefused();
    if (repo.useSignInToken(tx, t.id, now) !== 1) throw linkRefused();
    return { ...startSession(tx, deps, contact), next: t.nextPath ?? `/portal/${encodeURIComponent(company.slug)}` };
  });
}

/** Email + the password a contact chose; the staff sign-in's per-IP limit applies, and an unknown email costs the same time. */
export async function signInWithPassword(deps: Deps, input: { slug: string; email: string; password: string }, ip: string) {
  const company = repo.companyBySlug(deps.db, input.slug);
  if (!company) throw notFound("Portal");
  const key = `portal-ip:${ip}`;
  const now = deps.clock.now();
  if (deps.signInLimiter.isLimited(key, now)) throw new AppError("TOO_MANY_REQUESTS", "Too many failed sign-ins from this address; try again later");
  const email = normEmail(input.email);
  const before = repo.contactByEmail(deps.db, company.id, email);
  const ok = await verifyPassword(input.password, before?.passwordHash ?? DUMMY_PASSWORD_HASH);
  const contact = repo.contactByEmail(deps.db, company.id, email);
  if (!ok || !contact || !contact.active || contact.passwordHash !== before?.passwordHash) {
    deps.signInLimiter.hit(key, now);
    throw new AppError("UNAUTHORIZED", "Wrong email or password");
  }
  return deps.db.transaction((tx) => startSession(tx, deps, contact));
}

export async function setPassword(deps: Deps, actor: ClientContactActor, input: { password: string }) {
  if (input.password.length < 10) throw badRequest("Choose a password of at least 10 characters");
  const hash = await hashPassword(input.password);
  repo.setContactPassword(deps.db, actor.companyId, actor.contactId, hash);
  return { ok: true as const };
}

export function signOut(deps: Deps, token: string | null) {
  if (token) repo.deleteSession(deps.db, hashToken(token));
}

/** A portal session cookie → its contact, or null (unknown, expired, or the contact deactivated). */
export function actorFromPortalSession(deps: Deps, token: string): ClientContactActor | null {
  const s = repo.session(deps.db, hashToken(token));
  if (!s || s.expiresAt <= deps.clock.now() || !s.active) return null;
  return { type: "client_contact", companyId: s.companyId, contactId: s.contactId, clientId: s.clientId, name: s.name };
}

/** Ends every portal session of a contact (deactivation). */
export function endContactSessions(tx: Executor, companyId: number, contactId: number) {
  repo.deleteContactSessions(tx, companyId, contactId);
}

export function me(deps: Deps, actor: ClientContactActor) {
  const c = repo.contactById(deps.db, actor.companyId, actor.contactId);
  const company = repo.companyById(deps.db, actor.companyId);
  if (!c || !company) throw new AppError("UNAUTHORIZED", "Sign in first");
  return { name: c.name, email: c.email, hasPassword: c.passwordHash !== null, branding: publicBranding(company) };
}

// ---- what the contact sees ----

export function listJobs(deps: Deps, actor: ClientContactActor) {
  const jobs = repo.jobsOfClient(deps.db, actor.companyId, actor.clientId);
  return { openJobs: jobs.filter((j) => j.status === "open").length, jobs };
}

/** An opening of the contact's client with at least one live share, else NOT_FOUND. */
export function getJob(deps: Deps, actor: ClientContactActor, input: { openingId: number }) {
  const o = repo.opening(deps.db, actor.companyId, input.openingId);
  if (!o || o.clientId !== actor.clientId || o.status === "archived") throw notFound("Job");
  const shared = repo.sharedOfOpening(deps.db, actor.companyId, actor.clientId, o.id);
  if (!shared.length) throw notFound("Job");
  const stages = repo.stagesOf(deps.db, actor.companyId, o.id);
  const active = shared.filter((s) => s.status === "active");
  const candidate = (s: repo.SharedCandidateRow) => ({
    applicationId: s.applicationId,
    name: s.fullName,
    headline: s.headline,
    status: s.status === "active" ? (stages.find((st) => st.id === s.stageId)?.name ?? "") : (s.decisionName ?? "Decisioned"),
    decisioned: s.status !== "active",
    rating: s.clientRating,
    viewed: s.firstViewedAt !== null,
  });
  const groups = stages
    .map((st) => ({ stageId: st.id as number | null, name: st.name, candidates: active.filter((s) => s.stageId === st.id).map(candidate) }))
    .filter((g) => g.candidates.length > 0);
  const decisioned = shared.filter((s) => s.status !== "active");
  if (decisioned.length) groups.push({ stageId: null, name: "Decided", candidates: decisioned.map(candidate) });
  return {
    opening: { id: o.id, title: o.title, location: o.location, department: o.department, description: o.description, status: o.status },
    progress: stages.map((st) => ({ stageId: st.id, name: st.name, count: active.filter((s) => s.stageId === st.id).length })),
    decidedCount: decisioned.length,
    groups,
  };
}

function ownShare(db: Executor, actor: ClientContactActor, applicationId: number) {
  const s = repo.liveShare(db, actor.companyId, actor.clientId, applicationId);
  if (!s) throw notFound("Candidate");
  return s;
}

/** The shared candidate through the share's profile template; the first view is recorded on the share. */
export function getCandidate(deps: Deps, actor: ClientContactActor, input: { applicationId: number }) {
  const now = deps.clock.now();
  return deps.db.transaction((tx) => {
    const s = ownShare(tx, actor, input.applicationId);
    const c = repo.candidateForProfile(tx, actor.companyId, s.candidateId)!;
    const fields = new Set(fieldsOfShare(tx, actor.companyId, s.profileTemplateId));
    if (s.firstViewedAt === null && repo.markFirstViewed(tx, s.shareId, actor.contactId, now) === 1) {
      recordActivity(
        tx,
        actor,
        { companyId: actor.companyId, candidateId: s.candidateId, applicationId: s.applicationId, openingId: s.openingId, type: "portal.viewed", data: { contactName: actor.name } },
        now,
      );
    }
    const doc = s.resumeDocumentId !== null ? repo.documentMeta(tx, actor.companyId, s.candidateId, s.resumeDocumentId) : undefined;
    const stage = repo.stagesOf(tx, actor.companyId, s.openingId).find((st) => st.id === s.stageId);
    const parse = (j: string) => {
      try {
        return JSON.parse(j) as unknown;
      } catch {
        return [];
      }
    };
    const skills = parse(c.skills);
    return {
      applicationId: s.applicationId,
      opening: { id: s.openingId, title: s.openingTitle },
      status: s.status === "active" ? (stage?.name ?? "") : (s.decisionName ?? "Decisioned"),
      decisioned: s.status !== "active",
      rating: s.clientRating,
      profile: {
        name: c.fullName,
        headline: fields.has("headline") ? c.headline : null,
        location: fields.has("location") ? c.location : null,
        summary: fields.has("summary") ? c.summary : null,
        experience: fields.has("experience") && (c.title || c.companyName) ? [c.title, c.companyName].filter(Boolean).join(" at ") : null,
        skills: fields.has("skills") && Array.isArray(skills) ? skills.filter((x): x is string => typeof x === "string") : null,
        emails: fields.has("email") ? repo.candidateEmails(tx, actor.companyId, s.candidateId) : null,
        phones: fields.has("phone") ? repo.candidatePhones(tx, actor.companyId, s.candidateId) : null,
        profileUrls: fields.has("profile_urls") ? repo.candidateProfileUrls(tx, actor.companyId, s.candidateId).filter((u) => /^https?:\/\//i.test(u)) : null,
      },
      resume: doc ? { fileName: doc.fileName, format: doc.format, sizeBytes: doc.sizeBytes } : null,
      videoUrl: s.videoUrl && /^https?:\/\//i.test(s.videoUrl) ? s.videoUrl : null,
      history: repo.clientActivities(tx, actor.companyId, s.applicationId).map((a) => ({
        type: a.type,
        by: a.contactName ?? "",
        at: a.createdAt,
        data: parse(a.data) as Record<string, unknown>,
      })),
    };
  });
}

/** The resume document of a live share (for the portal's download route), else NOT_FOUND. */
export function resumeOf(deps: Deps, actor: ClientContactActor, input: { applicationId: number }) {
  const s = ownShare(deps.db, actor, input.applicationId);
  const doc = s.resumeDocumentId !== null ? repo.documentMeta(deps.db, actor.companyId, s.candidateId, s.resumeDocumentId) : undefined;
  if (!doc) throw notFound("Resume");
  return doc;
}

// ---- actions ----

type Action = "rated" | "feedback" | "interview_requested" | "hire_requested" | "rejected";

/** The activity, the job owner's notification and email, and (for interview and hire) their task: one transaction. */
function alertOwner(
  tx: Executor,
  deps: Deps,
  actor: ClientContactActor,
  s: repo.LiveShareRow,
  a: { action: Action; title: string; body: string; data: Record<string, unknown>; task?: { source: tasks.TaskSource; title: string; details: string } },
  now: number,
) {
  recordActivity(
    tx,
    actor,
    { companyId: actor.companyId, candidateId: s.candidateId, applicationId: s.applicationId, openingId: s.openingId, type: `portal.${a.action}`, data: { contactName: actor.name, ...a.data } },
    now,
  );
  const owner = repo.userContact(tx, actor.companyId, s.ownerId);
  if (!owner || !owner.active) return [];
  insertNotifications(tx, [
    {
      companyId: actor.companyId,
      userId: owner.id,
      kind: "client_action",
      applicationId: s.applicationId,
      candidateId: s.candidateId,
      openingId: s.openingId,
      title: a.title,
      body: a.body,
      createdAt: now,
    },
  ]);
  if (a.task) {
    tasks.create(
      tx,
      {
        companyId: actor.companyId,
        assigneeId: owner.id,
        applicationId: s.applicationId,
        title: a.task.title,
        details: a.task.details,
        source: a.task.source,
        createdByContactId: actor.contactId,
      },
      now,
    );
  }
  queueMail(
    tx,
    deps,
    {
      companyId: actor.companyId,
      kind: "notification",
      conversationId: null,
      candidateId: s.candidateId,
      userId: owner.id,
      fromName: `${actor.name} via Prospector`,
      to: owner.email,
      subject: a.title,
      text: `${a.title}\n\n${a.body}\n\n-- \nOpen the candidate: ${deps.config.publicUrl}/app/candidates/${s.candidateId}\n`,
    },
    now,
  );
  return [owner.id];
}

function act<T>(deps: Deps, actor: ClientContactActor, applicationId: number, fn: (tx: Executor, s: repo.LiveShareRow, now: number) => { owners: number[]; result: T }) {
  const now = deps.clock.now();
  const { owners, result } = deps.db.transaction((tx) => {
    const s = ownShare(tx, actor, applicationId);
    if (s.status !== "active") throw precondition("This candidate has been decided; you can only view them");
    return fn(tx, s, now);
  });
  publish(deps.db, [{ type: "notifications", companyId: actor.companyId, userIds: owners }, { type: "jobs" }]);
  return result;
}

export function rate(deps: Deps, actor: ClientContactActor, input: { applicationId: number; rating: number }) {
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) throw badRequest("A rating is 1 to 5 stars");
  return act(deps, actor, input.applicationId, (tx, s, now) => {
    repo.setRating(tx, s.shareId, input.rating);
    const owners = alertOwner(
      tx,
      deps,
      actor,
      s,
      {
        action: "rated",
        title: `${actor.name} rated ${s.candidateName} ${input.rating}/5 for ${s.openingTitle}`,
        body: `${"★".repeat(input.rating)}${"☆".repeat(5 - input.rating)}`,
        data: { rating: input.rating },
      },
      now,
    );
    return { owners, result: { rating: input.rating } };
  });
}

export function feedback(deps: Deps, actor: ClientContactActor, input: { applicationId: number; comment: string }) {
  const comment = input.comment.trim();
  if (!comment) throw badRequest("Write a comment first");
  return act(deps, actor, input.applicationId, (tx, s, now) => {
    const owners = alertOwner(
      tx,
      deps,
      actor,
      s,
      { action: "feedback", title: `${actor.name} commented on ${s.candidateName} for ${s.openingTitle}`, body: comment, data: { comment } },
      now,
    );
    return { owners, result: { ok: true as const } };
  });
}

export interface Slot {
  /** Local date and time as the contact typed it, e.g. 2026-02-03T14:30. */
  localDateTime: string;
  /** Their IANA time zone, e.g. Europe/Berlin. */
  timeZone: string;
}

function validTimeZone(tz: string) {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function requestInterview(deps: Deps, actor: ClientContactActor, input: { applicationId: number; slots: Slot[]; note?: string }) {
  if (!input.slots.length) throw badRequest("Propose at least one date and time");
  for (const sl of input.slots) {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(sl.localDateTime) || Number.isNaN(Date.parse(`${sl.localDateTime}:00Z`))) throw badRequest("A date and time looks like 2026-02-03T14:30");
    if (!validTimeZone(sl.timeZone)) throw badRequest(`Unknown time zone: ${sl.timeZone}`);
  }
  const note = (input.note ?? "").trim();
  const lines = input.slots.map((sl) => `- ${sl.localDateTime.replace("T", " ")} (${sl.timeZone})`).join("\n");
  return act(deps, actor, input.applicationId, (tx, s, now) => {
    const details = `Proposed by ${actor.name}:\n${lines}${note ? `\n\nNote: ${note}` : ""}`;
    const owners = alertOwner(
      tx,
      deps,
      actor,
      s,
      {
        action: "interview_requested",
        title: `${actor.name} wants to interview ${s.candidateName} for ${s.openingTitle}`,
        body: details,
        data: { slots: input.slots, note },
        task: { source: "client_interview", title: `Arrange an interview with ${s.candidateName} for ${s.openingTitle}`, details },
      },
      now,
    );
    return { owners, result: { ok: true as const } };
  });
}

export function requestHire(deps: Deps, actor: ClientContactActor, input: { applicationId: number; note?: string }) {
  const note = (input.note ?? "").trim();
  return act(deps, actor, input.applicationId, (tx, s, now) => {
    const details = `${actor.name} wants to hire ${s.candidateName}.${note ? `\n\nNote: ${note}` : ""}`;
    const owners = alertOwner(
      tx,
      deps,
      actor,
      s,
      {
        action: "hire_requested",
        title: `${actor.name} wants to hire ${s.candidateName} for ${s.openingTitle}`,
        body: details,
        data: { note },
        task: { source: "client_hire", title: `Process the offer for ${s.candidateName} (${s.openingTitle})`, details },
      },
      now,
    );
    return { owners, result: { ok: true as const } };
  });
}

/** Rejects at once into the system state "Rejected by client"; a second Reject changes nothing (already decided). */
export function reject(deps: Deps, actor: ClientContactActor, input: { applicationId: number; reason?: string }) {
  const reason = (input.reason ?? "").trim();
  return act(deps, actor, input.applicationId, (tx, s, now) => {
    const state = systemState(tx, actor.companyId, "rejected_by_client");
    if (!state) throw precondition("The agency cannot take rejections from the portal right now");
    decideTx(tx, actor, { applicationId: s.applicationId, stateId: state.id, note: reason || undefined }, now, "portal");
    const owners = alertOwner(
      tx,
      deps,
      actor,
      s,
      { action: "rejected", title: `${actor.name} rejected ${s.candidateName} for ${s.openingTitle}`, body: reason || "No reason given.", data: { reason } },
      now,
    );
    return { owners, result: { status: state.name } };
  });
}
