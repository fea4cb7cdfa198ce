import type { Executor } from "../../db/client";
import { isAdmin, type UserActor } from "../../lib/actor";
import type { Deps } from "../../lib/deps";
import { badRequest, forbidden, notFound } from "../../lib/errors";
import { queueMail } from "../../mail/outbound";
import { recordActivity } from "../activities/activities.repo";
import { getCompany } from "../companies/companies.repo";
import { visibleOpening, visibleOpeningIds } from "../openings/openings.service";
import * as repo from "./shares.repo";

/** The candidate fields an online profile can show. Contact details are off unless a template turns them on. */
export const PROFILE_FIELDS = ["name", "headline", "location", "skills", "experience", "education", "summary", "email", "phone", "profile_urls"] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];
/** What a share without a template shows: everything but the ways to reach the candidate directly. */
export const DEFAULT_PROFILE_FIELDS: ProfileField[] = ["name", "headline", "location", "skills", "experience", "education", "summary"];

export const MAX_BULK_SHARE = 500;

export type ShareSkipReason = "not_visible" | "no_client" | "no_active_contact" | "decisioned" | "already_shared";
export type UnshareSkipReason = "not_visible" | "not_shared";

// ---- Profile templates (admins manage; everyone picks) ----

export function listProfileTemplates(deps: Deps, actor: UserActor) {
  const rows = repo.listProfileTemplates(deps.db, actor.companyId);
  return rows.map((t) => ({ id: t.id, name: t.name, fields: t.fields, isDefault: t.isDefault }));
}

function cleanFields(fields: string[]): ProfileField[] {
  const set = new Set(fields);
  for (const f of set) if (!(PROFILE_FIELDS as readonly string[]).includes(f)) throw badRequest(`Unknown profile field: ${f}`);
  if (!set.has("name")) throw badRequest("A profile always shows the candidate's name");
  return PROFILE_FIELDS.filter((f) => set.has(f));
}

export function saveProfileTemplate(deps: Deps, actor: UserActor, input: { templateId?: number; name: string; fields: string[]; isDefault?: boolean }) {
  if (!isAdmin(actor)) throw forbidden("Only admins manage profile templates");
  const fields = cleanFields(input.fields);
  const name = input.name.trim();
  if (!name) throw badRequest("A template needs a name");
  return deps.db.transaction((tx) => {
    if (input.isDefault) repo.clearDefaultTemplate(tx, actor.companyId);
    if (input.templateId !== undefined) {
      if (!repo.getProfileTemplate(tx, actor.companyId, input.templateId)) throw notFound("Profile template");
      repo.updateProfileTemplate(tx, actor.companyId, input.templateId, { name, fields, ...(input.isDefault !== undefined ? { isDefault: input.isDefault } : {}) });
      return { id: input.templateId };
    }
    return { id: repo.insertProfileTemplate(tx, { companyId: actor.companyId, name, fields, isDefault: input.isDefault ?? false, createdAt: deps.clock.now() }) };
  });
}

/** The fields a share shows: its template's, else the company's default template's, else the built-in default. */
export function fieldsOfShare(db: Executor, companyId: number, profileTemplateId: number | null): ProfileField[] {
  const t = profileTemplateId !== null ? repo.getProfileTemplate(db, companyId, profileTemplateId) : repo.listProfileTemplates(db, companyId).find((x) => x.isDefault);
  return t ? (t.fields as ProfileField[]) : DEFAULT_PROFILE_FIELDS;
}

// ---- Sharing ----

type Ctx = NonNullable<ReturnType<typeof repo.shareContext>>;

function visibleCtx(db: Executor, actor: UserActor, applicationId: number, visible: number[] | null): Ctx | null {
  const c = repo.shareContext(db, actor.companyId, applicationId);
  if (!c || (visible !== null && !visible.includes(c.openingId))) return null;
  return c;
}

function whyNot(db: Executor, actor: UserActor, c: Ctx): ShareSkipReason | null {
  if (c.clientId === null) return "no_client";
  if (c.status !== "active") return "decisioned";
  const s = repo.getShare(db, actor.companyId, c.applicationId);
  if (s && s.unsharedAt === null) return "already_shared";
  if (!repo.activeContactsOfClient(db, actor.companyId, c.clientId).length) return "no_active_contact";
  return null;
}

function shareTx(tx: Executor, actor: UserActor, c: Ctx, opts: { resumeDocumentId?: number | null; videoUrl?: string | null; profileTemplateId?: number | null }, now: number) {
  repo.upsertShare(tx, {
    companyId: actor.companyId,
    applicationId: c.applicationId,
    candidateId: c.candidateId,
    openingId: c.openingId,
    clientId: c.clientId!,
    resumeDocumentId: opts.resumeDocumentId ?? null,
    videoUrl: opts.videoUrl ?? null,
    profileTemplateId: opts.profileTemplateId ?? null,
    sharedById: actor.userId,
    sharedAt: now,
  });
  recordActivity(
    tx,
    actor,
    { companyId: actor.companyId, candidateId: c.candidateId, applicationId: c.applicationId, openingId: c.openingId, type: "application.shared", data: { clientId: c.clientId, clientName: c.clientName } },
    now,
  );
}

const SKIP_MESSAGES: Record<ShareSkipReason, string> = {
  not_visible: "Application not found",
  no_client: "The opening has no client",
  no_active_contact: "The client has no active contact",
  decisioned: "The application is decisioned",
  already_shared: "Already shared",
};

/**
 * Shares one application with its opening's client, with the resume to show, a video-resume link and the
 * profile template. Sharing again (already shared) updates those choices.
 */
export function shareOne(
  deps: Deps,
  actor: UserActor,
  input: { applicationId: number; resumeDocumentId?: number | null; videoUrl?: string | null; profileTemplateId?: number | null },
) {
  const now = deps.clock.now();
  return deps.db.transaction((tx) => {
    const visible = visibleOpeningIds(tx, actor);
    const c = visibleCtx(tx, actor, input.applicationId, visible);
    if (!c) throw notFound("Application");
    const reason = whyNot(tx, actor, c);
    if (reason && reason !== "already_shared") throw badRequest(SKIP_MESSAGES[reason], { reason });
    if (input.resumeDocumentId != null) {
      // Only a live document of this candidate that the sharer may see (as on the Documents tab), in a document format.
      const d = repo.visibleDocument(tx, actor.companyId, c.candidateId, input.resumeDocumentId, visible);
      if (!d) throw notFound("Document");
      if (!(repo.SHAREABLE_FORMATS as readonly string[]).includes(d.format)) {
        throw badRequest("Only a PDF, Word, OpenDocument, RTF or text file can be shared as the resume", { field: "resumeDocumentId" });
      }
    }
    if (input.profileTemplateId != null && !repo.getProfileTemplate(tx, actor.companyId, input.profileTemplateId)) throw notFound("Profile template");
    if (input.videoUrl && !/^https?:\/\/[^\s"'<>]+$/i.test(input.videoUrl)) throw badRequest("The video link must be an http(s) URL");
    shareTx(tx, actor, c, input, now);
    return shareOf(tx, actor, c.applicationId);
  });
}

function shareOf(db: Executor, actor: UserActor, applicationId: number) {
  const s = repo.sharesOfApplications(db, actor.companyId, [applicationId])[0];
  return s && s.unsharedAt === null ? s : null;
}

/** Shares many at once with the default profile; returns who was shared and who was not, and why. */
export function shareMany(deps: Deps, actor: UserActor, input: { applicationIds: number[]; profileTemplateId?: number | null }) {
  const ids = [...new Set(input.applicationIds)];
  if (ids.length > MAX_BULK_SHARE) throw badRequest(`Share at most ${MAX_BULK_SHARE} at a time`);
  const now = deps.clock.now();
  return deps.db.transaction((tx) => {
    if (input.profileTemplateId != null && !repo.getProfileTemplate(tx, actor.companyId, input.profileTemplateId)) throw notFound("Profile template");
    const visible = visibleOpeningIds(tx, actor);
    const shared: { applicationId: number; candidateName: string }[] = [];
    const skipped: { applicationId: number; candidateName: string | null; reason: ShareSkipReason }[] = [];
    for (const id of ids) {
      const c = visibleCtx(tx, actor, id, visible);
      if (!c) {
        skipped.push({ applicationId: id, candidateName: null, reason: "not_visible" });
        continue;
      }
      const reason = whyNot(tx, actor, c);
      if (reason) {
        skipped.push({ applicationId: id, candidateName: c.candidateName, reason });
        continue;
      }
      shareTx(tx, actor, c, { profileTemplateId: input.profileTemplateId ?? null }, now);
      shared.push({ applicationId: id, candidateName: c.candidateName });
    }
    return { shared, skipped };
  });
}

/** Takes applications off the portal at once (the row stays, with unsharedAt). */
export function unshareMany(deps: Deps, actor: UserActor, input: { applicationIds: number[] }) {
  const ids = [...new Set(input.applicationIds)];
  if (ids.length > MAX_BULK_SHARE) throw badRequest(`Unshare at most ${MAX_BULK_SHARE} at a time`);
  const now = deps.clock.now();
  return deps.db.transaction((tx) => {
    const visible = visibleOpeningIds(tx, actor);
    const unshared: { applicationId: number; candidateName: string }[] = [];
    const skipped: { applicationId: number; candidateName: string | null; reason: UnshareSkipReason }[] = [];
    for (const id of ids) {
      const c = visibleCtx(tx, actor, id, visible);
      if (!c) {
        skipped.push({ applicationId: id, candidateName: null, reason: "not_visible" });
        continue;
      }
      const s = repo.getShare(tx, actor.companyId, id);
      if (!s || s.unsharedAt !== null) {
        skipped.push({ applicationId: id, candidateName: c.candidateName, reason: "not_shared" });
        continue;
      }
      repo.setUnshared(tx, actor.companyId, id, now);
      recordActivity(
        tx,
        actor,
        { companyId: actor.companyId, candidateId: c.candidateId, applicationId: id, openingId: c.openingId, type: "application.unshared", data: { clientId: s.clientId } },
        now,
      );
      unshared.push({ applicationId: id, candidateName: c.candidateName });
    }
    return { unshared, skipped };
  });
}

/** The board's badges: which of an opening's applications are shared, and who at the client viewed them first. */
export function sharesOfOpening(deps: Deps, actor: UserActor, input: { openingId: number }) {
  visibleOpening(deps.db, actor, input.openingId);
  return repo.sharesOfOpening(deps.db, actor.companyId, input.openingId);
}

/** The candidate page's share panel: the current share (if any), what can be chosen, and whether it can be shared. */
export function shareDetails(deps: Deps, actor: UserActor, input: { applicationId: number }) {
  const visible = visibleOpeningIds(deps.db, actor);
  const c = visibleCtx(deps.db, actor, input.applicationId, visible);
  if (!c) throw notFound("Application");
  const reason = whyNot(deps.db, actor, c);
  return {
    applicationId: c.applicationId,
    clientId: c.clientId,
    clientName: c.clientName,
    share: shareOf(deps.db, actor, c.applicationId),
    cannotShare: reason === "already_shared" ? null : reason,
    documents: repo.documentsOfCandidate(deps.db, actor.companyId, c.candidateId, visible),
    profileTemplates: listProfileTemplates(deps, actor),
  };
}

// ---- The job's direct portal link ----

export function portalJobUrl(deps: Deps, slug: string, openingId: number) {
  return `${deps.config.publicUrl}/portal/${encodeURIComponent(slug)}/jobs/${openingId}`;
}

export function portalLink(deps: Deps, actor: UserActor, input: { openingId: number }) {
  const o = visibleOpening(deps.db, actor, input.openingId);
  const company = getCompany(deps.db, actor.companyId)!;
  const contacts = o.clientId !== null ? repo.activeContactsOfClient(deps.db, actor.companyId, o.clientId) : [];
  return {
    url: portalJobUrl(deps, company.slug, o.id),
    clientId: o.clientId,
    contacts,
    subject: `Candidates for ${o.title}`,
    body: `Hello,\n\nThe candidates we shortlisted for ${o.title} are ready for you to review:\n\n{{link}}\n\nBest regards,\n${actor.name}\n${company.name}`,
  };
}

/**
 * Emails the job's portal link to the client's chosen active contacts (each its own mail, through the queue).
 * `{{link}}` in the body is replaced by the link; without it the link is appended.
 */
export function sendPortalLink(deps: Deps, actor: UserActor, input: { openingId: number; contactIds: number[]; subject: string; body: string }) {
  const now = deps.clock.now();
  return deps.db.transaction((tx) => {
    const o = visibleOpening(tx, actor, input.openingId);
    if (o.clientId === null) throw badRequest("The opening has no client", { reason: "no_client" });
    const company = getCompany(tx, actor.companyId)!;
    const active = repo.activeContactsOfClient(tx, actor.companyId, o.clientId);
    const ids = [...new Set(input.contactIds)];
    const to = ids.map((id) => active.find((c) => c.id === id));
    if (!ids.length || to.some((c) => !c)) throw notFound("Contact");
    const url = portalJobUrl(deps, company.slug, o.id);
    const text = input.body.includes("{{link}}") ? input.body.split("{{link}}").join(url) : `${input.body}\n\n${url}`;
    const mailIds = to.map((c) =>
      queueMail(tx, deps, { companyId: actor.companyId, kind: "notification", conversationId: null, userId: null, fromName: `${actor.name} (${company.name})`, to: c!.email, subject: input.subject, text }, now),
    );
    recordActivity(tx, actor, { companyId: actor.companyId, openingId: o.id, type: "opening.portal_link_sent", data: { contactIds: ids } }, now);
    return { sent: mailIds.length };
  });
}
