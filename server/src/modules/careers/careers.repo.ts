import { type Executor, stmt } from "../../db/client";
import { hashToken } from "../../lib/crypto";

/** What the public pages show of a company: its name and branding, never an id from the URL. */
export interface CareersCompany {
  id: number;
  name: string;
  slug: string;
  logoUrl: string | null;
  /** An uploaded logo (companies/logo.ts serves it at /brand/<slug>/logo). */
  logoSha256: string | null;
  brandColor: string | null;
  portalName: string | null;
  publicContactEmail: string | null;
}

export function companyBySlug(db: Executor, slug: string): CareersCompany | undefined {
  return stmt(
    db,
    `SELECT id, name, slug, logo_url AS logoUrl, logo_sha256 AS logoSha256, brand_color AS brandColor, portal_name AS portalName, public_contact_email AS publicContactEmail
       FROM companies WHERE slug = ?`,
  ).get(slug) as CareersCompany | undefined;
}

export function companySlug(db: Executor, companyId: number): string | undefined {
  return (stmt(db, "SELECT slug FROM companies WHERE id = ?").get(companyId) as { slug: string } | undefined)?.slug;
}

export interface PublicJob {
  id: number;
  title: string;
  department: string;
  location: string;
  description: string;
  status: string;
  published: boolean;
}

/** The careers list: open and published openings, newest first (the openings_company_status index). */
export function publishedOpenings(db: Executor, companyId: number) {
  return stmt(
    db,
    `SELECT id, title, department, location FROM openings
      WHERE company_id = ? AND status = 'open' AND published = 1 ORDER BY id DESC LIMIT 500`,
  ).all(companyId) as { id: number; title: string; department: string; location: string }[];
}

export function job(db: Executor, companyId: number, openingId: number): PublicJob | undefined {
  const r = stmt(
    db,
    "SELECT id, title, department, location, description, status, published FROM openings WHERE company_id = ? AND id = ?",
  ).get(companyId, openingId) as (Omit<PublicJob, "published"> & { published: number }) | undefined;
  return r ? { ...r, published: r.published === 1 } : undefined;
}

// ---- apply tokens --------------------------------------------------------------------------------

export function insertApplyToken(db: Executor, t: { companyId: number; candidateId: number; openingId: number | null; token: string; expiresAt: number }, now: number) {
  stmt(db, "INSERT INTO apply_tokens (company_id, candidate_id, opening_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)").run(
    t.companyId,
    t.candidateId,
    t.openingId,
    hashToken(t.token),
    now,
    t.expiresAt,
  );
}

export interface ApplyTokenRow {
  id: number;
  companyId: number;
  candidateId: number;
  openingId: number | null;
  expiresAt: number;
  usedAt: number | null;
}

/** Looked up by hash only (the token is the key); expired ones are not returned. */
export function findApplyToken(db: Executor, token: string, now: number): ApplyTokenRow | undefined {
  const r = stmt(
    db,
    `SELECT id, company_id AS companyId, candidate_id AS candidateId, opening_id AS openingId, expires_at AS expiresAt, used_at AS usedAt
       FROM apply_tokens WHERE token_hash = ?`,
  ).get(hashToken(token)) as ApplyTokenRow | undefined;
  return r && r.expiresAt > now ? r : undefined;
}

export function markApplyTokenUsed(db: Executor, id: number, now: number) {
  stmt(db, "UPDATE apply_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL").run(now, id);
}

/** What the form is pre-filled with for the person a link was mailed to (a merged person: the one they became). */
export function prefillOf(db: Executor, companyId: number, candidateId: number) {
  let id = candidateId;
  for (let i = 0; i < 5; i++) {
    const c = stmt(db, "SELECT id, merged_into_id AS mergedIntoId FROM candidates WHERE company_id = ? AND id = ?").get(companyId, id) as
      | { id: number; mergedIntoId: number | null }
      | undefined;
    if (!c) return undefined;
    if (c.mergedIntoId === null) break;
    id = c.mergedIntoId;
  }
  const c = stmt(db, "SELECT id, full_name AS fullName FROM candidates WHERE company_id = ? AND id = ? AND merged_into_id IS NULL").get(companyId, id) as
    | { id: number; fullName: string }
    | undefined;
  if (!c) return undefined;
  const email = stmt(db, "SELECT email FROM candidate_emails WHERE company_id = ? AND candidate_id = ? ORDER BY position, id LIMIT 1").get(companyId, id) as
    | { email: string }
    | undefined;
  const phone = stmt(db, "SELECT phone FROM candidate_phones WHERE company_id = ? AND candidate_id = ? ORDER BY position, id LIMIT 1").get(companyId, id) as
    | { phone: string }
    | undefined;
  const profile = stmt(db, "SELECT url FROM candidate_profiles WHERE company_id = ? AND candidate_id = ? ORDER BY id LIMIT 1").get(companyId, id) as
    | { url: string }
    | undefined;
  return { candidateId: c.id, name: c.fullName, email: email?.email ?? "", phone: phone?.phone ?? "", profileUrl: profile?.url ?? "" };
}

// ---- submissions ---------------------------------------------------------------------------------

export interface SubmissionRow {
  id: number;
  openingId: number;
  candidateId: number;
  applicationId: number;
  outcome: "created" | "moved" | "already";
}

export function submissionByNonce(db: Executor, companyId: number, formNonce: string): SubmissionRow | undefined {
  return stmt(
    db,
    "SELECT id, opening_id AS openingId, candidate_id AS candidateId, application_id AS applicationId, outcome FROM career_submissions WHERE company_id = ? AND form_nonce = ?",
  ).get(companyId, formNonce) as SubmissionRow | undefined;
}

export function insertSubmission(
  db: Executor,
  s: { companyId: number; openingId: number; candidateId: number; applicationId: number; applyTokenId: number | null; formNonce: string; outcome: SubmissionRow["outcome"]; documentId: number | null },
  now: number,
) {
  stmt(
    db,
    `INSERT INTO career_submissions (company_id, opening_id, candidate_id, application_id, apply_token_id, form_nonce, outcome, document_id, consent_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(s.companyId, s.openingId, s.candidateId, s.applicationId, s.applyTokenId, s.formNonce, s.outcome, s.documentId, now, now);
}
