import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestampMs } from "./_common";
import { applications, candidates } from "./candidates";
import { clients, companies, users } from "./companies";
import { documents } from "./documents";
import { openings } from "./openings";

/** A person at a client who signs in to the portal. An email names one contact within a company. */
export const clientContacts = sqliteTable("client_contacts", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  clientId: integer("client_id").notNull().references(() => clients.id),
  name: text("name").notNull(),
  email: text("email").notNull(),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  /** Optional: a contact may set a password; otherwise they sign in by emailed link. */
  passwordHash: text("password_hash"),
  invitedAt: timestampMs("invited_at"),
  lastSignInAt: timestampMs("last_sign_in_at"),
  createdAt: timestampMs("created_at").notNull(),
}, (t) => [
  uniqueIndex("client_contacts_company_email_uq").on(t.companyId, t.email),
  index("client_contacts_company_client_idx").on(t.companyId, t.clientId, t.name),
]);

/** Which candidate fields a client sees on a shared online profile. Contact details are off by default. */
export const profileTemplates = sqliteTable("profile_templates", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  name: text("name").notNull(),
  fields: text("fields", { mode: "json" }).$type<string[]>().notNull(),
  isDefault: integer("is_default", { mode: "boolean" }).notNull().default(false),
  createdAt: timestampMs("created_at").notNull(),
}, (t) => [index("profile_templates_company_idx").on(t.companyId, t.name)]);

/**
 * An application shared with the opening's client. One row per application: unsharing sets unsharedAt
 * (the portal stops showing it at once), sharing again clears it.
 */
export const applicationShares = sqliteTable("application_shares", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  applicationId: integer("application_id").notNull().references(() => applications.id),
  candidateId: integer("candidate_id").notNull().references(() => candidates.id),
  openingId: integer("opening_id").notNull().references(() => openings.id),
  clientId: integer("client_id").notNull().references(() => clients.id),
  resumeDocumentId: integer("resume_document_id").references(() => documents.id),
  videoUrl: text("video_url"),
  profileTemplateId: integer("profile_template_id").references(() => profileTemplates.id),
  sharedById: integer("shared_by_id").notNull().references(() => users.id),
  sharedAt: timestampMs("shared_at").notNull(),
  unsharedAt: timestampMs("unshared_at"),
  firstViewedAt: timestampMs("first_viewed_at"),
  firstViewedByContactId: integer("first_viewed_by_contact_id").references(() => clientContacts.id),
  /** The client's star rating, 1–5. */
  clientRating: integer("client_rating"),
}, (t) => [
  uniqueIndex("application_shares_application_uq").on(t.companyId, t.applicationId),
  // The portal's job list and job page: a client's live shares per opening.
  index("application_shares_client_opening_idx").on(t.companyId, t.clientId, t.openingId).where(sql`${t.unsharedAt} IS NULL`),
]);

export const TASK_SOURCES = ["manual", "follow_up_reminder", "client_interview", "client_hire", "client_feedback"] as const;

/** "My tasks": something a user has to do, about an opening and a candidate. */
export const tasks = sqliteTable("tasks", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  assigneeId: integer("assignee_id").notNull().references(() => users.id),
  openingId: integer("opening_id").references(() => openings.id),
  candidateId: integer("candidate_id").references(() => candidates.id),
  applicationId: integer("application_id").references(() => applications.id),
  title: text("title").notNull(),
  details: text("details").notNull().default(""),
  source: text("source", { enum: TASK_SOURCES }).notNull(),
  dueAt: timestampMs("due_at"),
  doneAt: timestampMs("done_at"),
  createdById: integer("created_by_id").references(() => users.id),
  createdByContactId: integer("created_by_contact_id").references(() => clientContacts.id),
  createdAt: timestampMs("created_at").notNull(),
}, (t) => [
  index("tasks_company_assignee_idx").on(t.companyId, t.assigneeId, t.doneAt, t.dueAt),
  index("tasks_company_application_idx").on(t.companyId, t.applicationId),
]);
