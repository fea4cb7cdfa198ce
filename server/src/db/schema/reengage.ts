import { sql } from "drizzle-orm";
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

export const INVITATION_SKIP_REASONS = ["no_email", "bounced", "do_not_contact", "already_on_opening", "recently_contacted"] as const;

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
  /** queueing: people are being invited in slices (a crash leaves it so, and a retry with the same requestId resumes it); queued: done. */
  status: text("status", { enum: ["queueing", "queued"] }).notNull().default("queued"),
  /** The people of the send, resolved once (ids ticked, or every match of the filters at the time of sending). */
  candidateIds: text("candidate_ids", { mode: "json" }).$type<number[]>().notNull().default(sql`'[]'`),
  /** The filters when "all matching" was sent (for the report), else null. */
  filters: text("filters", { mode: "json" }).$type<Record<string, unknown>>(),
  subject: text("subject").notNull().default(""),
  body: text("body").notNull().default(""),
  /** Skip people written to in the last N days (0: nobody is skipped for that). */
  recentDays: integer("recent_days").notNull().default(0),
  /** The throttle: the first mail of the send leaves at starts_at, then one every 60 s / mails-per-minute. */
  startsAt: timestampMs("starts_at").notNull().default(0),
  intervalMs: integer("interval_ms").notNull().default(0),
  /** starts_at + one interval per person selected: the next send of the company starts after it (sends never overlap). */
  reservedUntil: timestampMs("reserved_until").notNull().default(0),
  finishedAt: timestampMs("finished_at"),
  createdAt: timestampMs("created_at").notNull(),
}, (t) => [
  uniqueIndex("invitation_sends_request_uq").on(t.companyId, t.requestId),
  index("invitation_sends_company_idx").on(t.companyId, t.id),
]);

/**
 * One person of a send: invited (a message and its mail, maybe a new prospecting application) or skipped with the
 * reason. Delivery, bounce, reply and apply are read from the mail, the conversation and the careers submissions.
 */
export const invitations = sqliteTable("invitations", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  sendId: integer("send_id").notNull().references(() => invitationSends.id),
  candidateId: integer("candidate_id").notNull().references(() => candidates.id),
  mailId: integer("mail_id"),
  conversationId: integer("conversation_id"),
  /** The message of the invitation in its conversation (a later candidate message is a reply). */
  messageId: integer("message_id"),
  applicationId: integer("application_id"),
  /** Null: invited. */
  skipReason: text("skip_reason", { enum: INVITATION_SKIP_REASONS }),
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
