import { type Executor, stmt } from "../../db/client";

/** SQL of the client portal. Every query is scoped by company and client and reads only live shares. */

export interface PortalCompanyRow {
  id: number;
  name: string;
  slug: string;
  logoUrl: string | null;
  logoSha256: string | null;
  brandColor: string | null;
  portalName: string | null;
}

export function companyBySlug(db: Executor, slug: string): PortalCompanyRow | undefined {
  return stmt(db, "SELECT id, name, slug, logo_url AS logoUrl, logo_sha256 AS logoSha256, brand_color AS brandColor, portal_name AS portalName FROM companies WHERE slug = ?").get(slug) as
    | PortalCompanyRow
    | undefined;
}

export function companyById(db: Executor, id: number): PortalCompanyRow | undefined {
  return stmt(db, "SELECT id, name, slug, logo_url AS logoUrl, logo_sha256 AS logoSha256, brand_color AS brandColor, portal_name AS portalName FROM companies WHERE id = ?").get(id) as
    | PortalCompanyRow
    | undefined;
}

export interface ContactRow {
  id: number;
  companyId: number;
  clientId: number;
  name: string;
  email: string;
  active: number;
  passwordHash: string | null;
}

const CONTACT_COLS = "id, company_id AS companyId, client_id AS clientId, name, email, active, password_hash AS passwordHash";

export function contactByEmail(db: Executor, companyId: number, email: string): ContactRow | undefined {
  return stmt(db, `SELECT ${CONTACT_COLS} FROM client_contacts WHERE company_id = ? AND email = ?`).get(companyId, email) as ContactRow | undefined;
}

export function contactById(db: Executor, companyId: number, id: number): ContactRow | undefined {
  return stmt(db, `SELECT ${CONTACT_COLS} FROM client_contacts WHERE company_id = ? AND id = ?`).get(companyId, id) as ContactRow | undefined;
}

export function setContactPassword(db: Executor, companyId: number, id: number, hash: string) {
  stmt(db, "UPDATE client_contacts SET password_hash = ? WHERE company_id = ? AND id = ?").run(hash, companyId, id);
}

export function touchContactSignIn(db: Executor, companyId: number, id: number, now: number) {
  stmt(db, "UPDATE client_contacts SET last_sign_in_at = ? WHERE company_id = ? AND id = ?").run(now, companyId, id);
}

// ---- sign-in links and sessions ----

export interface SignInTokenRow {
  id: number;
  companyId: number;
  contactId: number;
  nextPath: string | null;
  expiresAt: number;
  usedAt: number | null;
}

export function signInToken(db: Executor, tokenHash: string): SignInTokenRow | undefined {
  return stmt(
    db,
    "SELECT id, company_id AS companyId, contact_id AS contactId, next_path AS nextPath, expires_at AS expiresAt, used_at AS usedAt FROM portal_sign_in_tokens WHERE token_hash = ?",
  ).get(tokenHash) as SignInTokenRow | undefined;
}

/** Marks a link used; 0 changes means another request used it first. */
export function useSignInToken(db: Executor, id: number, now: number): number {
  return stmt(db, "UPDATE portal_sign_in_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL").run(now, id).changes;
}

export function deleteExpiredSignInTokens(db: Executor, now: number) {
  stmt(db, "DELETE FROM portal_sign_in_tokens WHERE expires_at < ?").run(now - 24 * 3600_000);
}

export function insertSession(db: Executor, r: { companyId: number; contactId: number; tokenHash: string; createdAt: number; expiresAt: number }) {
  stmt(db, "INSERT INTO portal_sessions (company_id, contact_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)").run(
    r.companyId,
    r.contactId,
    r.tokenHash,
    r.createdAt,
    r.expiresAt,
  );
}

export interface SessionRow {
  companyId: number;
  contactId: number;
  clientId: number;
  name: string;
  active: number;
  expiresAt: number;
}

export function session(db: Executor, tokenHash: string): SessionRow | undefined {
  return stmt(
    db,
    `SELECT s.company_id AS companyId, s.contact_id AS contactId, c.client_id AS clientId, c.name, c.active, s.expires_at AS expiresAt
       FROM portal_sessions s JOIN client_contacts c ON c.id = s.contact_id AND c.company_id = s.company_id WHERE s.token_hash = ?`,
  ).get(tokenHash) as SessionRow | undefined;
}

export function deleteSession(db: Executor, tokenHash: string) {
  stmt(db, "DELETE FROM portal_sessions WHERE token_hash = ?").run(tokenHash);
}

export function deleteContactSessions(db: Executor, companyId: number, contactId: number) {
  stmt(db, "DELETE FROM portal_sessions WHERE company_id = ? AND contact_id = ?").run(companyId, contactId);
}

export function deleteExpiredSessions(db: Executor, now: number) {
  stmt(db, "DELETE FROM portal_sessions WHERE expires_at < ?").run(now);
}

// ---- jobs, job page, candidate ----

export interface JobRow {
  openingId: number;
  title: string;
  location: string;
  status: string;
  shared: number;
  inInterview: number;
  hired: number;
  rejected: number;
}

/**
 * The client's openings with at least one live share (archived ones left out), with counts. Walks the partial
 * index application_shares_client_opening_idx (company, client, opening; live shares only).
 */
export function jobsOfClient(db: Executor, companyId: number, clientId: number): JobRow[] {
  return stmt(
    db,
    `SELECT o.id AS openingId, o.title, o.location, o.status,
            COUNT(*) AS shared,
            SUM(CASE WHEN a.status = 'active' AND lower(st.name) LIKE '%interview%' THEN 1 ELSE 0 END) AS inInterview,
            SUM(CASE WHEN ds.kind = 'hired' THEN 1 ELSE 0 END) AS hired,
            SUM(CASE WHEN ds.kind IN ('rejected', 'rejected_by_client') THEN 1 ELSE 0 END) AS rejected
       FROM application_shares sh
       JOIN openings o ON o.company_id = sh.company_id AND o.id = sh.opening_id
       JOIN applications a ON a.id = sh.application_id
       JOIN stages st ON st.id = a.stage_id
       LEFT JOIN decisioned_states ds ON ds.id = a.decisioned_state_id
      WHERE sh.company_id = ? AND sh.client_id = ? AND sh.unshared_at IS NULL AND o.status <> 'archived' AND o.client_id = sh.client_id
      GROUP BY sh.opening_id ORDER BY sh.opening_id DESC`,
  ).all(companyId, clientId) as JobRow[];
}

export interface OpeningRow {
  id: number;
  title: string;
  location: string;
  department: string;
  description: string;
  status: string;
  ownerId: number;
  clientId: number | null;
}

export function opening(db: Executor, companyId: number, id: number): OpeningRow | undefined {
  return stmt(
    db,
    "SELECT id, title, location, department, description, status, owner_id AS ownerId, client_id AS clientId FROM openings WHERE company_id = ? AND id = ?",
  ).get(companyId, id) as OpeningRow | undefined;
}

export function stagesOf(db: Executor, companyId: number, openingId: number) {
  return stmt(
    db,
    "SELECT id, name, workflow, position FROM stages WHERE company_id = ? AND opening_id = ? ORDER BY CASE workflow WHEN 'prospecting' THEN 0 ELSE 1 END, position",
  ).all(companyId, openingId) as { id: number; name: string; workflow: string; position: number }[];
}

export interface SharedCandidateRow {
  applicationId: number;
  fullName: string;
  headline: string;
  stageId: number;
  status: "active" | "decisioned";
  decisionName: string | null;
  clientRating: number | null;
  firstViewedAt: number | null;
}

/**
 * The live shares of one opening for one client, newest share first: the partial index (company, client,
 * opening) gives them in rowid order, so no sort; only the columns the job page shows (each one costs).
 */
export function sharedOfOpening(db: Executor, companyId: number, clientId: number, openingId: number): SharedCandidateRow[] {
  return stmt(
    db,
    `SELECT sh.application_id AS applicationId, c.full_name AS fullName, c.headline, a.stage_id AS stageId, a.status,
            ds.name AS decisionName, sh.client_rating AS clientRating, sh.first_viewed_at AS firstViewedAt
       FROM application_shares sh
       JOIN applications a ON a.id = sh.application_id
       JOIN candidates c ON c.id = sh.candidate_id
       LEFT JOIN decisioned_states ds ON ds.id = a.decisioned_state_id
      WHERE sh.company_id = ? AND sh.client_id = ? AND sh.opening_id = ? AND sh.unshared_at IS NULL
      ORDER BY sh.id DESC`,
  ).all(companyId, clientId, openingId) as SharedCandidateRow[];
}

export interface LiveShareRow {
  shareId: number;
  applicationId: number;
  candidateId: number;
  openingId: number;
  clientId: number;
  resumeDocumentId: number | null;
  videoUrl: string | null;
  profileTemplateId: number | null;
  firstViewedAt: number | null;
  clientRating: number | null;
  status: "active" | "decisioned";
  stageId: number;
  decisionName: string | null;
  openingTitle: string;
  openingStatus: string;
  ownerId: number;
  candidateName: string;
}

/** One live share of the client's, by application; an unshared, another client's or another company's → undefined. */
export function liveShare(db: Executor, companyId: number, clientId: number, applicationId: number): LiveShareRow | undefined {
  return stmt(
    db,
    `SELECT sh.id AS shareId, sh.application_id AS applicationId, sh.candidate_id AS candidateId, sh.opening_id AS openingId, sh.client_id AS clientId,
            sh.resume_document_id AS resumeDocumentId, sh.video_url AS videoUrl, sh.profile_template_id AS profileTemplateId,
            sh.first_viewed_at AS firstViewedAt, sh.client_rating AS clientRating, a.status, a.stage_id AS stageId, ds.name AS decisionName,
            o.title AS openingTitle, o.status AS openingStatus, o.owner_id AS ownerId, c.full_name AS candidateName
       FROM application_shares sh
       JOIN applications a ON a.id = sh.application_id
       JOIN openings o ON o.id = sh.opening_id
       JOIN candidates c ON c.id = sh.candidate_id
       LEFT JOIN decisioned_states ds ON ds.id = a.decisioned_state_id
      WHERE sh.company_id = ? AND sh.application_id = ? AND sh.client_id = ? AND sh.unshared_at IS NULL AND o.client_id = sh.client_id AND o.status <> 'archived'`,
  ).get(companyId, applicationId, clientId) as LiveShareRow | undefined;
}

export function candidateForProfile(db: Executor, companyId: number, candidateId: number) {
  return stmt(
    db,
    "SELECT full_name AS fullName, headline, title, company_name AS companyName, location, summary, skills, links FROM candidates WHERE company_id = ? AND id = ?",
  ).get(companyId, candidateId) as
    | { fullName: string; headline: string; title: string; companyName: string; location: string; summary: string; skills: string; links: string }
    | undefined;
}

export function candidateEmails(db: Executor, companyId: number, candidateId: number): string[] {
  return (stmt(db, "SELECT email FROM candidate_emails WHERE company_id = ? AND candidate_id = ? ORDER BY position").all(companyId, candidateId) as { email: string }[]).map(
    (r) => r.email,
  );
}

export function candidatePhones(db: Executor, companyId: number, candidateId: number): string[] {
  return (stmt(db, "SELECT phone FROM candidate_phones WHERE company_id = ? AND candidate_id = ? ORDER BY position").all(companyId, candidateId) as { phone: string }[]).map(
    (r) => r.phone,
  );
}

export function candidateProfileUrls(db: Executor, companyId: number, candidateId: number): string[] {
  return (stmt(db, "SELECT url FROM candidate_profiles WHERE company_id = ? AND candidate_id = ? ORDER BY id").all(companyId, candidateId) as { url: string }[]).map((r) => r.url);
}

/** A shared resume: a live document of that candidate in a document format (never an image that came with a reply). */
export function documentMeta(db: Executor, companyId: number, candidateId: number, documentId: number) {
  return stmt(
    db,
    "SELECT id, file_name AS fileName, format, mime_type AS mimeType, size_bytes AS sizeBytes, sha256 FROM documents WHERE company_id = ? AND candidate_id = ? AND id = ? AND removed_at IS NULL AND format <> 'other'",
  ).get(companyId, candidateId, documentId) as { id: number; fileName: string; format: string; mimeType: string; sizeBytes: number; sha256: string } | undefined;
}

export function markFirstViewed(db: Executor, shareId: number, contactId: number, now: number): number {
  return stmt(db, "UPDATE application_shares SET first_viewed_at = ?, first_viewed_by_contact_id = ? WHERE id = ? AND first_viewed_at IS NULL").run(now, contactId, shareId)
    .changes;
}

export function setRating(db: Executor, shareId: number, rating: number) {
  stmt(db, "UPDATE application_shares SET client_rating = ? WHERE id = ?").run(rating, shareId);
}

export function clientActivities(db: Executor, companyId: number, applicationId: number) {
  return stmt(
    db,
    `SELECT a.id, a.type, a.data, a.created_at AS createdAt, cc.name AS contactName
       FROM activities a LEFT JOIN client_contacts cc ON cc.id = a.actor_id
      WHERE a.company_id = ? AND a.application_id = ? AND a.actor_type = 'client_contact' AND a.type LIKE 'portal.%' ORDER BY a.id DESC LIMIT 100`,
  ).all(companyId, applicationId) as { id: number; type: string; data: string; createdAt: number; contactName: string | null }[];
}

export function userContact(db: Executor, companyId: number, userId: number) {
  return stmt(db, "SELECT id, name, email, active FROM users WHERE company_id = ? AND id = ?").get(companyId, userId) as
    | { id: number; name: string; email: string; active: number }
    | undefined;
}
