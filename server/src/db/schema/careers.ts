import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestampMs } from "./_common";
import { applications, candidates } from "./candidates";
import { companies } from "./companies";
import { openings } from "./openings";
import { applyTokens } from "./reengage";

/**
 * One Apply form sent on the public careers page: who it was linked to, the consent given, and the form's
 * one-time value (the same form posted again — a double click, a resend — is stored once and answers the same).
 */
export const careerSubmissions = sqliteTable("career_submissions", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  openingId: integer("opening_id").notNull().references(() => openings.id),
  candidateId: integer("candidate_id").notNull().references(() => candidates.id),
  applicationId: integer("application_id").notNull().references(() => applications.id),
  /** The private apply link the form came from, if any. */
  applyTokenId: integer("apply_token_id").references(() => applyTokens.id),
  formNonce: text("form_nonce").notNull(),
  /** created: a new application; moved: a prospect moved to hiring; already: they were on the opening already. */
  outcome: text("outcome", { enum: ["created", "moved", "already"] }).notNull(),
  /** The resume stored with it (documents.id), if one was uploaded. */
  documentId: integer("document_id"),
  /**
   * What the applicant typed (name, email, phone, profile URL), as typed: without a private link nothing of it is
   * added to a person they were linked to by email, so the recruiter reads it here (and on the timeline).
   */
  details: text("details", { mode: "json" }).$type<{ name: string; email: string; phone: string; profileUrl: string }>(),
  /** When the applicant ticked consent to the privacy notice (always set: the form refuses without it). */
  consentAt: timestampMs("consent_at").notNull(),
  createdAt: timestampMs("created_at").notNull(),
}, (t) => [
  uniqueIndex("career_submissions_nonce_uq").on(t.companyId, t.formNonce),
  index("career_submissions_company_opening_idx").on(t.companyId, t.openingId, t.id),
  // The re-engagement report: did an invited person apply afterwards (to any opening, for a careers-page invitation)?
  index("career_submissions_company_candidate_idx").on(t.companyId, t.candidateId),
]);
