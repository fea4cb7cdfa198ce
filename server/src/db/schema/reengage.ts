import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestampMs } from "./_common";
import { candidates } from "./candidates";
import { companies, users } from "./companies";
import { openings } from "./openings";

/** A user's named re-engagement search: the filters as the search API takes them. */
export const savedSearches = sqliteTable("saved_searches", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  userId: integer("user_id").notNull().references(() => users.id),
  name: text("name").notNull(),
  filters: text("filters", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  createdAt: timestampMs("created_at").notNull(),
  lastRunAt: timestampMs("last_run_at"),
}, (t) => [uniqueIndex("saved_searches_user_name_uq").on(t.companyId, t.userId, t.name)]);

/** One invitation send (a selection or all matches of a search → an opening or the careers page). */
export const invitationSends = sqliteTable("invitation_sends", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  userId: integer("user_id").notNull().references(() => users.id),
  /** Null: "our careers page". */
  openingId: integer("opening_id").references(() => openings.id),
  templateId: integer("template_id"),
  /** Idempotency: a retried send with the same key returns the first result. */
  requestId: text("request_id").notNull(),
  invited: integer("invited").notNull().default(0),
  skipped: text("skipped", { mode: "json" }).$type<Record<string, number>>().notNull(),
  createdAt: timestampMs("created_at").notNull(),
}, (t) => [
  uniqueIndex("invitation_sends_request_uq").on(t.companyId, t.requestId),
  index("invitation_sends_company_idx").on(t.companyId, t.id),
]);

/** One person invited in a send; delivery, bounce, reply and apply are read from the mail and the applications. */
export const invitations = sqliteTable("invitations", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  sendId: integer("send_id").notNull().references(() => invitationSends.id),
  candidateId: integer("candidate_id").notNull().references(() => candidates.id),
  mailId: integer("mail_id"),
  conversationId: integer("conversation_id"),
  applicationId: integer("application_id"),
  createdAt: timestampMs("created_at").notNull(),
}, (t) => [
  uniqueIndex("invitations_send_candidate_uq").on(t.sendId, t.candidateId),
  index("invitations_company_candidate_idx").on(t.companyId, t.candidateId),
]);

/** A private apply link: ties an application form to the person it was mailed to (hashed, expiring). */
export const applyTokens = sqliteTable("apply_tokens", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  candidateId: integer("candidate_id").notNull().references(() => candidates.id),
  /** Null: the careers page in general. */
  openingId: integer("opening_id").references(() => openings.id),
  tokenHash: text("token_hash").notNull(),
  createdAt: timestampMs("created_at").notNull(),
  expiresAt: timestampMs("expires_at").notNull(),
  usedAt: timestampMs("used_at"),
}, (t) => [uniqueIndex("apply_tokens_token_uq").on(t.tokenHash)]);
