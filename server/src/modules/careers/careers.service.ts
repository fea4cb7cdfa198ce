import { companyLogoUrl } from "../companies/logo";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { normalizeEmail, normalizePhone, normalizeProfileUrl, normalizeText } from "@prospector/shared/normalize";
import { zProfileDraft } from "@prospector/shared/profile";
import type { Executor, Tx } from "../../db/client";
import { whenWritable } from "../../db/write-gate";
import type { CandidateActor, SystemActor } from "../../lib/actor";
import { randomToken } from "../../lib/crypto";
import type { Deps } from "../../lib/deps";
import { type BusEvent, publish } from "../../lib/events";
import { RateLimiter } from "../../lib/rate-limit";
import { recordActivity } from "../activities/activities.repo";
import { moveTx } from "../candidates/applications.service";
import * as candidatesRepo from "../candidates/candidates.repo";
import { identitiesOf } from "../candidates/identities";
import { intakeTx } from "../candidates/intake.service";
import { teamOf } from "../conversations/conversations.repo";
import { insertNotifications } from "../notifications/notifications.repo";
import { firstStage, getOpening } from "../openings/openings.repo";
import { cleanFileName, DOCUMENT_MAX_BYTES, type ResumeFormat } from "../documents/documents.formats";
import { addDocumentTx, resumeProblem } from "../documents/documents.service";
import type { IncomingFile } from "../documents/documents.store";
import * as repo from "./careers.repo";

const DAY = 24 * 3600_000;
/** An apply link works for 30 days after its mail is sent (long enough for a slow reply, short enough to age out). */
export const APPLY_TOKEN_TTL_MS = 30 * DAY;
/** A rendered Apply form can be sent for a day. */
export const FORM_TTL_MS = DAY;
/** The resume's limit is the documents store's: 10 MB. */
export const RESUME_MAX_BYTES = DOCUMENT_MAX_BYTES;
/** Apply posts per address: 10 in 10 minutes (a person fixing a field a few times is never stopped). */
export const APPLY_LIMIT = { count: 10, windowMs: 10 * 60_000 };

export const FIELD_LIMITS = { name: 200, email: 320, phone: 50, profileUrl: 2000, note: 5000 } as const;

// ---- links ---------------------------------------------------------------------------------------

/**
 * Mints the private apply link of a mail: the opening's form (or, with no opening, the careers list) tied to the
 * candidate by a ≥128-bit token stored only as its hash, expiring after APPLY_TOKEN_TTL_MS.
 */
export function mintApplyLink(tx: Tx, deps: Deps, t: { companyId: number; candidateId: number; openingId: number | null }, now: number): string {
  const slug = encodeURIComponent(repo.companySlug(tx, t.companyId) ?? "");
  const token = randomToken(32);
  repo.insertApplyToken(tx, { ...t, token, expiresAt: now + APPLY_TOKEN_TTL_MS }, now);
  return t.openingId === null ? `${deps.config.publicUrl}/jobs/${slug}?t=${token}` : `${deps.config.publicUrl}/jobs/${slug}/${t.openingId}?t=${token}`;
}

/** The token of a link, if it is well formed, live and for this company (and this opening, or the careers page). */
function liveToken(db: Executor, deps: Deps, companyId: number, openingId: number | null, token: string | null | undefined) {
  if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const t = repo.findApplyToken(db, token, deps.clock.now());
  if (!t || t.companyId !== companyId) return undefined;
  if (openingId !== null && t.openingId !== null && t.openingId !== openingId) return undefined;
  return t;
}

// ---- per-form token (CSRF + idempotency) ---------------------------------------------------------

/** Signs the forms of this process; a form rendered before a restart is refused and shown again with its fields kept. */
const FORM_KEY = randomBytes(32);

function formSig(companyId: number, openingId: number, nonce: string, issuedAt: number) {
  return createHmac("sha256", FORM_KEY).update(`${companyId}|${openingId}|${nonce}|${issuedAt}`).digest("base64url");
}

/** A new form's hidden value: a one-time nonce (re-posts are stored once), when it was issued, and its signature. */
export function newFormToken(deps: Deps, companyId: number, openingId: number, nonce = randomBytes(16).toString("base64url")): string {
  const at = deps.clock.now();
  return `${nonce}.${at}.${formSig(companyId, openingId, nonce, at)}`;
}

/** The nonce of a form token that this server signed for this opening within FORM_TTL_MS, else null. */
export function checkFormToken(deps: Deps, companyId: number, openingId: number, value: string): string | null {
  const m = /^([A-Za-z0-9_-]{16,64})\.(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!m) return null;
  const [, nonce, at, sig] = m as unknown as [string, string, string, string];
  const expected = Buffer.from(formSig(companyId, openingId, nonce, Number(at)));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const age = deps.clock.now() - Number(at);
  return age >= 0 && age <= FORM_TTL_MS ? nonce : null;
}

/** The nonce part of a form token, signed or not (to keep the same form's identity when it is shown again). */
export function formNonceOf(value: string): string | null {
  const m = /^([A-Za-z0-9_-]{16,64})\./.exec(value);
  return m ? m[1]! : null;
}

// ---- pages ---------------------------------------------------------------------------------------

export interface Branding {
  name: string;
  slug: string;
  logoUrl: string | null;
  /** A #rrggbb colour, or null (the page's default). */
  color: string | null;
  contactEmail: string | null;
}

function branding(c: repo.CareersCompany): Branding {
  const color = c.brandColor && /^#[0-9a-fA-F]{6}$/.test(c.brandColor) ? c.brandColor : null;
  // The uploaded logo first (served by this server), else an absolute http(s) address set by hand; never another scheme.
  const logo = c.logoSha256 ? companyLogoUrl(c) : c.logoUrl && /^https?:\/\/[^\s"'<>]+$/i.test(c.logoUrl) ? c.logoUrl : null;
  return { name: c.portalName?.trim() || c.name, slug: c.slug, logoUrl: logo, color, contactEmail: c.publicContactEmail };
}

/** The careers list: open, published openings. A token (a "careers page" invitation) is carried to each job's link. */
export function careersList(deps: Deps, slug: string, token?: string | null) {
  const c = repo.companyBySlug(deps.db, slug);
  if (!c) return null;
  const t = liveToken(deps.db, deps, c.id, null, token);
  return { company: branding(c), jobs: repo.publishedOpenings(deps.db, c.id), token: t ? token! : null };
}

export type CareersList = NonNullable<ReturnType<typeof careersList>>;

export interface FormValues {
  name: string;
  email: string;
  phone: string;
  profileUrl: string;
  note: string;
  consent: boolean;
}

export const emptyForm = (): FormValues => ({ name: "", email: "", phone: "", profileUrl: "", note: "", consent: false });

/**
 * A job's page. Public: open and published. With the private link of an invitation to this opening (or to the
 * careers page), an open opening that is not published can be applied to as well: the recruiter asked this
 * person to apply. Anything else is not found (an unpublished job's title is not told).
 */
export function jobPage(deps: Deps, slug: string, openingId: number, token?: string | null) {
  const c = repo.companyBySlug(deps.db, slug);
  if (!c) return null;
  const job = repo.job(deps.db, c.id, openingId);
  // An archived opening is gone from the careers page altogether, link or not.
  if (!job || job.status === "archived") return null;
  const t = liveToken(deps.db, deps, c.id, openingId, token);
  const invited = t !== undefined && (t.openingId === openingId || job.published);
  if (!job.published && !invited) return null;
  const accepting = job.status === "open";
  const prefill = t ? repo.prefillOf(deps.db, c.id, t.candidateId) : undefined;
  return {
    company: branding(c),
    companyId: c.id,
    job,
    accepting,
    token: t ? token! : null,
    prefill: prefill ? { ...emptyForm(), name: prefill.name, email: prefill.email, phone: prefill.phone, profileUrl: prefill.profileUrl } : emptyForm(),
  };
}

export type JobPage = NonNullable<ReturnType<typeof jobPage>>;

// ---- applying ------------------------------------------------------------------------------------

export type FieldName = keyof FormValues | "resume";
export type FieldErrors = Partial<Record<FieldName, string>>;

/** The uploaded resume: received into a temporary file (see documents.store.ts); apply() keeps or drops it. */
export type ResumeUpload = IncomingFile;

export interface ApplyInput {
  slug: string;
  openingId: number;
  /** The link's token, if the form came from one. */
  token?: string | null;
  /** The form's hidden token (see newFormToken). */
  form: string;
  /** The honeypot: a field people do not see; robots fill it. */
  website?: string;
  values: FormValues;
  resume?: ResumeUpload | null;
  ip: string;
}

export type ApplyResult =
  | { kind: "applied"; candidateId: number; applicationId: number; outcome: repo.SubmissionRow["outcome"]; replayed: boolean }
  /** Something to fix: every field comes back as typed, with a message for each wrong one. */
  | { kind: "invalid"; errors: FieldErrors; values: FormValues }
  /** The form was not signed by us, is too old, or came from another site: shown again with the fields kept. */
  | { kind: "stale_form"; values: FormValues }
  /** Closed, archived or no longer published: no application is taken. */
  | { kind: "closed" }
  | { kind: "not_found" }
  | { kind: "limited" }
  /** The honeypot was filled: answered like a success, nothing stored. */
  | { kind: "spam" };

const limiters = new WeakMap<Deps, RateLimiter>();
function limiterOf(deps: Deps) {
  let l = limiters.get(deps);
  if (!l) limiters.set(deps, (l = new RateLimiter(APPLY_LIMIT.count, APPLY_LIMIT.windowMs)));
  return l;
}

/** Checks every field at once (so the form shows all that is wrong together); values come back trimmed. */
export function validate(
  values: FormValues,
  resume: Pick<ResumeUpload, "tooLarge" | "size" | "head" | "tail"> | null | undefined,
): { errors: FieldErrors; values: FormValues; format: ResumeFormat | null } {
  const v: FormValues = {
    name: normalizeText(values.name).slice(0, 1000),
    email: normalizeText(values.email).slice(0, 1000),
    phone: normalizeText(values.phone).slice(0, 1000),
    profileUrl: normalizeText(values.profileUrl).slice(0, 4000),
    note: values.note.replace(/\r\n?/g, "\n").trim().slice(0, 20_000),
    consent: values.consent,
  };
  const e: FieldErrors = {};
  if (!v.name) e.name = "Please enter your name.";
  else if (v.name.length > FIELD_LIMITS.name) e.name = `Please keep your name under ${FIELD_LIMITS.name} characters.`;
  if (!v.email) e.email = "Please enter your email address.";
  else if (v.email.length > FIELD_LIMITS.email || !normalizeEmail(v.email)) e.email = "This does not look like an email address (for example name@example.com).";
  if (v.phone && (v.phone.length > FIELD_LIMITS.phone || !normalizePhone(v.phone))) e.phone = "This does not look like a phone number.";
  if (v.profileUrl && (v.profileUrl.length > FIELD_LIMITS.profileUrl || !normalizeProfileUrl(v.profileUrl))) {
    e.profileUrl = "Please enter a full web address (starting with https://).";
  }
  if (v.note.length > FIELD_LIMITS.note) e.note = `Please keep the note under ${FIELD_LIMITS.note} characters (it has ${v.note.length}).`;
  if (!v.consent) e.consent = "Please agree to the privacy notice so that we can keep your application.";
  let format: ResumeFormat | null = null;
  if (resume) {
    const checked = resumeProblem(resume);
    if ("problem" in checked) e.resume = checked.problem;
    else format = checked.format;
  }
  return { errors: e, values: v, format };
}

/**
 * The Apply form. Duplicate detection as every intake (the link's person first, then email, phone, profile URL);
 * a prospect on the opening moves to its first hiring stage (origin stays prospecting); anyone else gets a new
 * hiring application (a new person has source "application"). The opening's hiring team is notified.
 * One transaction; a form posted again answers its first result.
 */
export async function apply(deps: Deps, input: ApplyInput): Promise<ApplyResult> {
  try {
    return await applyOnce(deps, input);
  } finally {
    // Kept (committed) or not, the temporary file goes.
    await input.resume?.discard();
  }
}

async function applyOnce(deps: Deps, input: ApplyInput): Promise<ApplyResult> {
  const limitedAt = deps.clock.now();
  const limiter = limiterOf(deps);
  if (limiter.isLimited(input.ip, limitedAt)) return { kind: "limited" };
  limiter.hit(input.ip, limitedAt);
  const c = repo.companyBySlug(deps.db, input.slug);
  if (!c) return { kind: "not_found" };
  const job = repo.job(deps.db, c.id, input.openingId);
  if (!job) return { kind: "not_found" };
  if (input.website?.trim()) return { kind: "spam" };
  const nonce = checkFormToken(deps, c.id, job.id, input.form);
  if (!nonce) return { kind: "stale_form", values: validate(input.values, null).values };
  const previous = repo.submissionByNonce(deps.db, c.id, nonce);
  if (previous && previous.openingId === job.id) {
    return { kind: "applied", candidateId: previous.candidateId, applicationId: previous.applicationId, outcome: previous.outcome, replayed: true };
  }
  const checked = validate(input.values, input.resume);
  if (Object.keys(checked.errors).length) return { kind: "invalid", errors: checked.errors, values: checked.values };
  const values = checked.values;
  // The resume's bytes are kept (content-addressed, fsynced) before the transaction that records them.
  const resume = input.resume && checked.format ? { blob: await input.resume.commit(), format: checked.format, fileName: input.resume.fileName } : null;
  await whenWritable(deps.db);
  const now = deps.clock.now();

  let events: BusEvent[] = [{ type: "jobs" }];
  const r = deps.db.transaction((tx): ApplyResult => {
    // Read again inside the transaction: the opening may have closed since the page was shown.
    const opening = getOpening(tx, c.id, job.id);
    if (!opening) return { kind: "not_found" };
    const t = liveToken(tx, deps, c.id, opening.id, input.token);
    const invited = t !== undefined && (t.openingId === opening.id || opening.published);
    if (opening.status !== "open" || (!opening.published && !invited)) return { kind: "closed" };
    const again = repo.submissionByNonce(tx, c.id, nonce);
    if (again) return { kind: "applied", candidateId: again.candidateId, applicationId: again.applicationId, outcome: again.outcome, replayed: true };
    const hiring = firstStage(tx, c.id, opening.id, "hiring");
    if (!hiring) return { kind: "closed" };

    const found = identitiesOf({ emails: [values.email], phones: values.phone ? [values.phone] : [], profileUrl: values.profileUrl || null });
    if (found.invalid.length) return { kind: "invalid", errors: { email: found.invalid.join("; ") }, values };
    // The link's person, whatever email they typed; else whoever the identities match; else a new person.
    const linked = t ? repo.prefillOf(tx, c.id, t.candidateId) : undefined;
    const matchId = linked?.candidateId ?? candidatesRepo.findIdentityMatch(tx, c.id, found.ids)?.candidateId ?? null;
    const system: SystemActor = { type: "system", companyId: c.id };
    let candidateId: number;
    let applicationId: number;
    let outcome: repo.SubmissionRow["outcome"];
    if (matchId === null) {
      const draft = zProfileDraft.parse({
        fullName: values.name,
        emails: [values.email],
        phones: values.phone ? [values.phone] : [],
        profileUrl: values.profileUrl || null,
      });
      const made = intakeTx(tx, system, draft, { source: "application", placement: { opening, stage: hiring }, now, known: { ...found, match: null } });
      candidateId = made.candidateId;
      applicationId = made.applicationId!;
      outcome = "created";
    } else {
      candidateId = matchId;
      // What the form says beyond what we know (a new email, a phone) is added, never overwritten.
      candidatesRepo.addIdentities(tx, c.id, candidateId, found.ids);
      const me: CandidateActor = { type: "candidate", companyId: c.id, candidateId };
      const existing = candidatesRepo.applicationOn(tx, c.id, opening.id, candidateId);
      const app = existing ? candidatesRepo.getApplication(tx, c.id, existing.id)! : undefined;
      if (!app) {
        applicationId = candidatesRepo.insertApplication(
          tx,
          { companyId: c.id, candidateId, openingId: opening.id, workflow: "hiring", stageId: hiring.id, createdById: null },
          now,
        );
        recordActivity(
          tx,
          me,
          { companyId: c.id, candidateId, applicationId, openingId: opening.id, type: "application.created", data: { workflow: "hiring", stage: hiring.name, opening: opening.title, source: "application" } },
          now,
        );
        outcome = "created";
      } else if (app.workflow === "prospecting" && app.status === "active") {
        moveTx(tx, me, app, opening, hiring, now, { via: "application" });
        applicationId = app.id;
        outcome = "moved";
      } else {
        // Already applied, in hiring, or decisioned: nothing moves; the team hears of it.
        applicationId = app.id;
        outcome = "already";
      }
    }
    const documentId = resume
      ? addDocumentTx(
          tx,
          { companyId: c.id, candidateId, blob: resume.blob, fileName: resume.fileName, format: resume.format, kind: "resume", source: "application", openingId: opening.id },
          now,
        ).documentId
      : null;
    const me: CandidateActor = { type: "candidate", companyId: c.id, candidateId };
    recordActivity(
      tx,
      me,
      {
        companyId: c.id,
        candidateId,
        applicationId,
        openingId: opening.id,
        type: "application.submitted",
        data: {
          opening: opening.title,
          outcome,
          movedFromProspecting: outcome === "moved",
          viaLink: t !== undefined,
          note: values.note || null,
          resume: resume ? { fileName: cleanFileName(resume.fileName, resume.format), format: resume.format, sizeBytes: resume.blob.size, documentId } : null,
        },
      },
      now,
    );
    repo.insertSubmission(tx, { companyId: c.id, openingId: opening.id, candidateId, applicationId, applyTokenId: t?.id ?? null, formNonce: nonce, outcome, documentId }, now);
    if (t) repo.markApplyTokenUsed(tx, t.id, now);

    const team = teamOf(tx, c.id, opening.id);
    const name = candidatesRepo.getCandidate(tx, c.id, candidateId)?.fullName || values.name;
    const title =
      outcome === "moved"
        ? `${name} applied for ${opening.title} (moved from prospecting to hiring)`
        : outcome === "already"
          ? `${name} applied again for ${opening.title}`
          : `${name} applied for ${opening.title}`;
    insertNotifications(
      tx,
      team.map((u) => ({
        companyId: c.id,
        userId: u.id,
        kind: "application_received" as const,
        applicationId,
        candidateId,
        openingId: opening.id,
        title,
        body: values.note.length > 300 ? `${values.note.slice(0, 297)}…` : values.note,
        createdAt: now,
      })),
    );
    events = [{ type: "jobs" }, { type: "notifications", companyId: c.id, userIds: team.map((u) => u.id) }];
    return { kind: "applied", candidateId, applicationId, outcome, replayed: false };
  });
  publish(deps.db, events);
  return r;
}
