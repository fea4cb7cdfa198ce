import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestampMs } from "./_common";
import { companies, users } from "./companies";
import { decisionedStates, openings, stages, WORKFLOWS } from "./openings";

export const CANDIDATE_SOURCES = ["extension", "bulk_upload", "manual", "application", "import"] as const;

export const candidates = sqliteTable("candidates", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  fullName: text("full_name").notNull(),
  firstName: text("first_name").notNull().default(""),
  lastName: text("last_name").notNull().default(""),
  /** nameKey(fullName): order/accent/case-insensitive, for "possible duplicate" matching. */
  nameKey: text("name_key").notNull(),
  headline: text("headline").notNull().default(""),
  title: text("title").notNull().default(""),
  /** Titles this person had before (an edit or a merge replaced them), newest first: "current or past title" searches them. */
  pastTitles: text("past_titles", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
  companyName: text("company_name").notNull().default(""),
  companyKey: text("company_key").notNull().default(""),
  location: text("location").notNull().default(""),
  photoUrl: text("photo_url"),
  summary: text("summary").notNull().default(""),
  /** JSON array of {url, label}; other profiles live in candidate_profiles. */
  links: text("links", { mode: "json" }).$type<{ url: string; label: string }[]>().notNull().default(sql`'[]'`),
  skills: text("skills", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
  tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
  source: text("source", { enum: CANDIDATE_SOURCES }).notNull(),
  sourceUrl: text("source_url"),
  sourcedById: integer("sourced_by_id").references(() => users.id),
  doNotContact: integer("do_not_contact", { mode: "boolean" }).notNull().default(false),
  doNotContactReason: text("do_not_contact_reason"),
  doNotContactAt: timestampMs("do_not_contact_at"),
  /** Set when this record was merged into another; merged records are kept for audit and hidden. */
  mergedIntoId: integer("merged_into_id"),
  lastActivityAt: timestampMs("last_activity_at").notNull(),
  /**
   * Has an address that has not hard-bounced: the re-engagement search's "valid email", read from its indexes with
   * the other filters. Set where addresses are added (candidates.repo.ts) and kept by triggers on candidate_emails when
   * one is removed, bounces, is cleared or moves (migration 0017); the addresses are the truth.
   */
  validEmail: integer("valid_email", { mode: "boolean" }).notNull().default(false),
  createdAt: timestampMs("created_at").notNull(),
  updatedAt: timestampMs("updated_at").notNull(),
}, (t) => [
  index("candidates_company_id_idx").on(t.companyId, t.mergedIntoId, t.id),
  // Covering for the re-engagement search's filters: a window of last activity, never do-not-contact nor merged,
  // counted and paged by recency from the index alone.
  index("candidates_company_activity_idx").on(t.companyId, t.lastActivityAt, t.doNotContact, t.mergedIntoId, t.validEmail),
  // The same filters for the candidates a full-text match names (by id, in id order): no row is read.
  index("candidates_search_facts_idx").on(t.id, t.companyId, t.mergedIntoId, t.doNotContact, t.lastActivityAt, t.validEmail),
  index("candidates_company_name_key_idx").on(t.companyId, t.nameKey),
  index("candidates_company_source_idx").on(t.companyId, t.source, t.id),
  // Partial: the do-not-contact filter looks for the few marked ones; new candidates never touch this index.
  index("candidates_company_dnc_idx").on(t.companyId, t.doNotContact, t.id).where(sql`${t.doNotContact} = 1`),
]);

export const candidateEmails = sqliteTable("candidate_emails", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  candidateId: integer("candidate_id").notNull().references(() => candidates.id),
  email: text("email").notNull(),
  /** normalizeEmail(email); one person per address within a company. */
  emailKey: text("email_key").notNull(),
  /** A hard bounce (5xx at send, or a DSN): never mailed again until a recruiter clears it. */
  bouncedAt: timestampMs("bounced_at"),
  bounceReason: text("bounce_reason"),
  /** Soft bounces (4xx) are retried and only counted. */
  softBounces: integer("soft_bounces").notNull().default(0),
  position: integer("position").notNull().default(0),
}, (t) => [
  uniqueIndex("candidate_emails_company_key_uq").on(t.companyId, t.emailKey),
  index("candidate_emails_company_candidate_idx").on(t.companyId, t.candidateId),
  // "Has a valid email" (one not bounced): a look-up in this partial index, no row read.
  index("candidate_emails_valid_idx").on(t.companyId, t.candidateId).where(sql`${t.bouncedAt} IS NULL`),
]);

export const candidatePhones = sqliteTable("candidate_phones", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  candidateId: integer("candidate_id").notNull().references(() => candidates.id),
  phone: text("phone").notNull(),
  e164: text("e164"),
  /** National significant number: the same with or without a country code. Not unique (shared lines). */
  phoneKey: text("phone_key").notNull(),
  position: integer("position").notNull().default(0),
}, (t) => [
  index("candidate_phones_company_key_idx").on(t.companyId, t.phoneKey),
  index("candidate_phones_company_candidate_idx").on(t.companyId, t.candidateId),
]);

export const candidateProfiles = sqliteTable("candidate_profiles", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  candidateId: integer("candidate_id").notNull().references(() => candidates.id),
  url: text("url").notNull(),
  site: text("site").notNull(),
  /** normalizeProfileUrl(url).key; one person per profile within a company. */
  urlKey: text("url_key").notNull(),
}, (t) => [
  uniqueIndex("candidate_profiles_company_key_uq").on(t.companyId, t.urlKey),
  index("candidate_profiles_company_candidate_idx").on(t.companyId, t.candidateId),
]);

/** Pairs a user declared "not the same person", so the possible-duplicate banner stays away. */
export const duplicateDismissals = sqliteTable("duplicate_dismissals", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  candidateAId: integer("candidate_a_id").notNull().references(() => candidates.id),
  candidateBId: integer("candidate_b_id").notNull().references(() => candidates.id),
  dismissedById: integer("dismissed_by_id").notNull().references(() => users.id),
  createdAt: timestampMs("created_at").notNull(),
}, (t) => [uniqueIndex("duplicate_dismissals_pair_uq").on(t.companyId, t.candidateAId, t.candidateBId)]);

export const DUPLICATE_FLAG_REASONS = ["phone", "profile_url"] as const;

/**
 * Pairs flagged as a possible duplicate by an intake that would not link them on its own: an anonymous careers-form
 * application whose phone or profile URL (not its email) belongs to someone known becomes a new person, flagged with
 * that one, so a recruiter keeps both or merges. A dismissal (above) hides the pair as it hides a name match.
 */
export const duplicateFlags = sqliteTable("duplicate_flags", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  candidateAId: integer("candidate_a_id").notNull().references(() => candidates.id),
  candidateBId: integer("candidate_b_id").notNull().references(() => candidates.id),
  reason: text("reason", { enum: DUPLICATE_FLAG_REASONS }).notNull(),
  createdAt: timestampMs("created_at").notNull(),
}, (t) => [
  uniqueIndex("duplicate_flags_pair_uq").on(t.companyId, t.candidateAId, t.candidateBId),
  index("duplicate_flags_company_b_idx").on(t.companyId, t.candidateBId),
]);

export const APPLICATION_STATUSES = ["active", "decisioned"] as const;
export const RATINGS = ["shortlist", "not_a_fit"] as const;

export const applications = sqliteTable("applications", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  candidateId: integer("candidate_id").notNull().references(() => candidates.id),
  openingId: integer("opening_id").notNull().references(() => openings.id),
  workflow: text("workflow", { enum: WORKFLOWS }).notNull(),
  stageId: integer("stage_id").notNull().references(() => stages.id),
  /** Where the application started; hiring-origin applications never go to prospecting. */
  origin: text("origin", { enum: WORKFLOWS }).notNull(),
  status: text("status", { enum: APPLICATION_STATUSES }).notNull(),
  decisionedStateId: integer("decisioned_state_id").references(() => decisionedStates.id),
  decisionedById: integer("decisioned_by_id").references(() => users.id),
  decisionedAt: timestampMs("decisioned_at"),
  followedUp: integer("followed_up", { mode: "boolean" }).notNull().default(false),
  rating: text("rating", { enum: RATINGS }),
  createdById: integer("created_by_id").references(() => users.id),
  importBatchId: integer("import_batch_id"),
  createdAt: timestampMs("created_at").notNull(),
  updatedAt: timestampMs("updated_at").notNull(),
}, (t) => [
  uniqueIndex("applications_opening_candidate_uq").on(t.companyId, t.openingId, t.candidateId),
  // pipeline board / list: one opening and stage, newest first
  index("applications_company_stage_idx").on(t.companyId, t.openingId, t.stageId, t.status, t.id),
  // candidates dashboard tabs (hiring / prospects), newest first
  index("applications_company_workflow_idx").on(t.companyId, t.workflow, t.status, t.id),
  // An opening's board (one workflow, active or decisioned, newest first) without walking other openings' rows.
  index("applications_company_opening_board_idx").on(t.companyId, t.openingId, t.workflow, t.status, t.id),
  index("applications_company_candidate_idx").on(t.companyId, t.candidateId),
  // Partial: only decisioned applications have a state (retiring a state counts them); new ones skip it.
  // With the candidate: "never hired" / "rejected for X" make their set of people from the index alone.
  index("applications_company_state_idx").on(t.companyId, t.decisionedStateId, t.candidateId).where(sql`${t.decisionedStateId} IS NOT NULL`),
]);

export const ACTOR_TYPES = ["user", "client_contact", "candidate", "system"] as const;

/** Append-only log of every change; a candidate's timeline. */
export const activities = sqliteTable("activities", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  candidateId: integer("candidate_id").references(() => candidates.id),
  applicationId: integer("application_id").references(() => applications.id),
  openingId: integer("opening_id").references(() => openings.id),
  actorType: text("actor_type", { enum: ACTOR_TYPES }).notNull(),
  actorId: integer("actor_id"),
  type: text("type").notNull(),
  data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
  createdAt: timestampMs("created_at").notNull(),
}, (t) => [
  index("activities_company_candidate_idx").on(t.companyId, t.candidateId, t.id),
  index("activities_company_opening_idx").on(t.companyId, t.openingId, t.id),
  index("activities_company_application_idx").on(t.companyId, t.applicationId),
  index("activities_company_created_idx").on(t.companyId, t.id),
]);

/** Idempotency record of addProspect: a retried requestId returns the first result. */
export const prospectRequests = sqliteTable("prospect_requests", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  requestId: text("request_id").notNull(),
  userId: integer("user_id").notNull().references(() => users.id),
  result: text("result", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  createdAt: timestampMs("created_at").notNull(),
}, (t) => [uniqueIndex("prospect_requests_company_request_uq").on(t.companyId, t.requestId)]);

export const IMPORT_STATUSES = ["previewed", "committing", "committed", "failed"] as const;

export const importBatches = sqliteTable("import_batches", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  openingId: integer("opening_id").notNull().references(() => openings.id),
  workflow: text("workflow", { enum: WORKFLOWS }).notNull(),
  stageId: integer("stage_id").notNull().references(() => stages.id),
  createdById: integer("created_by_id").notNull().references(() => users.id),
  status: text("status", { enum: IMPORT_STATUSES }).notNull(),
  fileName: text("file_name").notNull().default(""),
  /** The uploaded CSV, kept until commit so preview and commit read the same bytes. */
  csv: text("csv").notNull(),
  mapping: text("mapping", { mode: "json" }).$type<Record<string, string>>().notNull(),
  totalRows: integer("total_rows").notNull().default(0),
  processedRows: integer("processed_rows").notNull().default(0),
  summary: text("summary", { mode: "json" }).$type<Record<string, unknown>>(),
  error: text("error"),
  createdAt: timestampMs("created_at").notNull(),
  finishedAt: timestampMs("finished_at"),
}, (t) => [index("import_batches_company_idx").on(t.companyId, t.openingId, t.id)]);

export const IMPORT_ROW_OUTCOMES = ["linked", "skipped"] as const;

/**
 * The rows of a committed import that did not create a new candidate: linked to an existing one, or skipped
 * (with why, and the candidate it concerns when there is one), for the import summary's lists and downloads.
 */
export const importRows = sqliteTable(
  "import_rows",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    companyId: integer("company_id").notNull().references(() => companies.id),
    batchId: integer("batch_id").notNull().references(() => importBatches.id, { onDelete: "cascade" }),
    /** The file's line where the record starts (as the preview reports it). */
    row: integer("row").notNull(),
    outcome: text("outcome", { enum: IMPORT_ROW_OUTCOMES }).notNull(),
    /** The name as the file gave it (may be empty: a row skipped for a missing name). */
    name: text("name").notNull().default(""),
    // A record of what happened: it never stops a candidate from being erased.
    candidateId: integer("candidate_id").references(() => candidates.id, { onDelete: "set null" }),
    reason: text("reason").notNull().default(""),
  },
  (t) => [index("import_rows_batch_idx").on(t.companyId, t.batchId, t.outcome, t.row), index("import_rows_candidate_idx").on(t.candidateId)],
);
