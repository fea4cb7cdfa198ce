import { companySlug } from "../careers/careers.repo";
import { PLACEHOLDERS, type PlaceholderValues, renderHtml, renderText, unknownPlaceholders } from "@prospector/shared/mail/template";
import type { Executor } from "../../db/client";
import type { UserActor } from "../../lib/actor";
import type { Deps } from "../../lib/deps";
import { badRequest, conflict, forbidden, notFound } from "../../lib/errors";
import { isSuperAdmin } from "../../lib/actor";
import { recordActivity } from "../activities/activities.repo";
import * as candidatesRepo from "../candidates/candidates.repo";
import { getCompany } from "../companies/companies.repo";
import { visibleOpening } from "../openings/openings.service";
import * as repo from "./templates.repo";
import { DEFAULT_TEMPLATES } from "./templates.defaults";

export function seedDefaultTemplates(db: Executor, companyId: number, now: number) {
  for (const t of DEFAULT_TEMPLATES) {
    repo.insertTemplate(db, { companyId, name: t.name, subject: t.subject, body: t.body, defaultKey: t.key, createdAt: now, updatedAt: now });
  }
}

export function publicTemplate(t: repo.TemplateRow) {
  return { id: t.id, name: t.name, subject: t.subject, body: t.body, defaultKey: t.defaultKey, updatedAt: t.updatedAt };
}

export function listTemplates(deps: Deps, actor: UserActor) {
  return repo.listTemplates(deps.db, actor.companyId).map(publicTemplate);
}

export function ownTemplate(db: Executor, actor: UserActor, templateId: number) {
  const t = repo.getTemplate(db, actor.companyId, templateId);
  if (!t) throw notFound("Template");
  return t;
}

export function getTemplate(deps: Deps, actor: UserActor, templateId: number) {
  return publicTemplate(ownTemplate(deps.db, actor, templateId));
}

/** A subject or body naming a placeholder that does not exist is refused, with the names. */
export function assertKnownPlaceholders(subject: string, body: string) {
  const unknown = [...new Set([...unknownPlaceholders(subject), ...unknownPlaceholders(body)])];
  if (unknown.length) {
    throw badRequest(`Unknown placeholder${unknown.length > 1 ? "s" : ""}: ${unknown.map((u) => `{{${u}}}`).join(", ")}`, {
      unknown,
      known: Object.keys(PLACEHOLDERS),
    });
  }
}

function assertSuperAdmin(actor: UserActor) {
  if (!isSuperAdmin(actor)) throw forbidden("Only super admins edit message templates");
}

export function createTemplate(deps: Deps, actor: UserActor, input: { name: string; subject: string; body: string }) {
  assertSuperAdmin(actor);
  assertKnownPlaceholders(input.subject, input.body);
  const now = deps.clock.now();
  const id = deps.db.transaction((tx) => {
    if (repo.templateByName(tx, actor.companyId, input.name)) throw conflict(`There is already a template called "${input.name}"`);
    const id = repo.insertTemplate(tx, { companyId: actor.companyId, ...input, updatedById: actor.userId, createdAt: now, updatedAt: now });
    recordActivity(tx, actor, { companyId: actor.companyId, type: "template.created", data: { templateId: id, name: input.name } }, now);
    return id;
  });
  return getTemplate(deps, actor, id);
}

export function updateTemplate(deps: Deps, actor: UserActor, input: { templateId: number; name?: string; subject?: string; body?: string }) {
  assertSuperAdmin(actor);
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const t = ownTemplate(tx, actor, input.templateId);
    assertKnownPlaceholders(input.subject ?? t.subject, input.body ?? t.body);
    if (input.name !== undefined && input.name !== t.name) {
      const clash = repo.templateByName(tx, actor.companyId, input.name);
      if (clash) throw conflict(`There is already a template called "${input.name}"`);
    }
    const { templateId, ...set } = input;
    repo.updateTemplate(tx, actor.companyId, t.id, { ...set, updatedById: actor.userId, updatedAt: now });
    recordActivity(tx, actor, { companyId: actor.companyId, type: "template.updated", data: { templateId, name: input.name ?? t.name } }, now);
  });
  return getTemplate(deps, actor, input.templateId);
}

export function removeTemplate(deps: Deps, actor: UserActor, input: { templateId: number }) {
  assertSuperAdmin(actor);
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const t = ownTemplate(tx, actor, input.templateId);
    repo.deleteTemplate(tx, actor.companyId, t.id);
    recordActivity(tx, actor, { companyId: actor.companyId, type: "template.removed", data: { templateId: t.id, name: t.name } }, now);
  });
}

/** The link fields stay as fields in a stored message: each delivery fills them with a freshly minted private link. */
/** What a preview shows for {{apply_link}}: the opening's form on the careers page, its private token elided. */
export function applyLinkPreview(deps: Deps, companyId: number, openingId: number | null) {
  const slug = encodeURIComponent(companySlug(deps.db, companyId) ?? "");
  return `${deps.config.publicUrl}/jobs/${slug}${openingId === null ? "" : `/${openingId}`}?t=…`;
}

export const DEFERRED_LINKS = { conversation_link: "{{conversation_link}}", apply_link: "{{apply_link}}" } as const;

/** Placeholder values for one application, as composed by `actor` (links deferred to delivery). */
export function composeValues(
  db: Executor,
  actor: UserActor,
  app: { candidateId: number; openingId: number },
): Omit<PlaceholderValues, "conversation_link" | "apply_link"> {
  const c = candidatesRepo.getCandidateBrief(db, actor.companyId, app.candidateId);
  const full = candidatesRepo.getCandidate(db, actor.companyId, app.candidateId);
  const opening = visibleOpening(db, actor, app.openingId);
  return {
    candidate_first_name: full?.firstName || c?.fullName || "",
    opening_title: opening.title,
    sender_name: actor.name,
    company_name: getCompany(db, actor.companyId)?.name ?? "",
  };
}

/** Fills a template for one recipient; the link placeholders are left for delivery. */
export function compose(db: Executor, actor: UserActor, app: { candidateId: number; openingId: number }, t: { subject: string; body: string }) {
  const values = { ...composeValues(db, actor, app), ...DEFERRED_LINKS };
  // Subjects are one line: a value with a line break must not start a new header.
  return { subject: renderText(t.subject, values).replace(/[\r\n]+/g, " ").trim(), body: renderText(t.body, values) };
}

/** What the candidate would receive, with sample links. */
export function previewTemplate(
  deps: Deps,
  actor: UserActor,
  input: { applicationId: number; templateId?: number; subject?: string; body?: string },
) {
  const app = candidatesRepo.getApplication(deps.db, actor.companyId, input.applicationId);
  if (!app) throw notFound("Application");
  visibleOpening(deps.db, actor, app.openingId);
  const t = input.templateId !== undefined ? ownTemplate(deps.db, actor, input.templateId) : undefined;
  const subject = input.subject ?? t?.subject;
  const body = input.body ?? t?.body;
  if (subject === undefined || body === undefined) throw badRequest("Pick a template or write a subject and a message");
  assertKnownPlaceholders(subject, body);
  const composed = compose(deps.db, actor, app, { subject, body });
  const links = { conversation_link: `${deps.config.publicUrl}/c/…`, apply_link: applyLinkPreview(deps, actor.companyId, app.openingId) };
  const emails = candidatesRepo.candidateIdentities(deps.db, actor.companyId, app.candidateId).emails.filter((e) => !e.bounced);
  const cand = candidatesRepo.getCandidate(deps.db, actor.companyId, app.candidateId)!;
  return {
    to: emails[0]?.email ?? null,
    subject: composed.subject,
    text: renderText(composed.body, links),
    html: renderHtml(composed.body, links),
    warnings: [
      ...(emails.length === 0 ? ["This candidate has no email address"] : []),
      ...(cand.doNotContact ? ["This candidate asked not to be contacted"] : []),
      ...(app.status !== "active" ? ["This application is decisioned"] : []),
    ],
  };
}

export function listPlaceholders() {
  return Object.entries(PLACEHOLDERS).map(([name, description]) => ({ name, description, token: `{{${name}}}` }));
}
