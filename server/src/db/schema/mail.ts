import { sql } from "drizzle-orm";
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestampMs } from "./_common";
import { applications, candidates } from "./candidates";
import { companies, users } from "./companies";
import { openings } from "./openings";

/** Company message templates (super admins edit them, everyone sends them). */
export const messageTemplates = sqliteTable("message_templates", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  name: text("name").notNull(),
  subject: text("subject").notNull(),
  body: text("body").notNull(),
  /** The default a template was seeded from ("ask_to_apply", …), null for company-made ones. */
  defaultKey: text("default_key"),
  updatedById: integer("updated_by_id").references(() => users.id),
  createdAt: timestampMs("created_at").notNull(),
  updatedAt: timestampMs("updated_at").notNull(),
}, (t) => [uniqueIndex("message_templates_company_name_uq").on(t.companyId, t.name)]);

/**
 * One conversation per application, shared by the whole company side; and at most one **general** conversation
 * per candidate (application and opening null): re-engagement invitations that are not about an opening with
 * prospecting (the careers page, or an opening without prospecting) are written there.
 */
export const conversations = sqliteTable("conversations", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  /** Null: the candidate's general conversation. */
  applicationId: integer("application_id").references(() => applications.id),
  candidateId: integer("candidate_id").notNull().references(() => candidates.id),
  /** Null exactly when application_id is null. */
  openingId: integer("opening_id").references(() => openings.id),
  lastMessageId: integer("last_message_id"),
  lastMessageAt: timestampMs("last_message_at"),
  createdAt: timestampMs("created_at").notNull(),
}, (t) => [
  uniqueIndex("conversations_application_uq").on(t.applicationId),
  uniqueIndex("conversations_general_uq").on(t.companyId, t.candidateId).where(sql`application_id IS NULL`),
  // inbox: newest conversation first, keyset-paged by last_message_id
  index("conversations_company_last_idx").on(t.companyId, t.lastMessageId),
  index("conversations_company_opening_idx").on(t.companyId, t.openingId, t.lastMessageId),
  index("conversations_company_candidate_idx").on(t.companyId, t.candidateId),
]);

export const MESSAGE_AUTHORS = ["user", "candidate", "system"] as const;
export const MESSAGE_CHANNELS = ["web", "email", "page"] as const;

export const messages = sqliteTable("messages", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  conversationId: integer("conversation_id").notNull().references(() => conversations.id),
  authorType: text("author_type", { enum: MESSAGE_AUTHORS }).notNull(),
  authorUserId: integer("author_user_id").references(() => users.id),
  /** How it arrived: written in the web UI, by email, or on the candidate's conversation page. */
  channel: text("channel", { enum: MESSAGE_CHANNELS }).notNull(),
  subject: text("subject").notNull().default(""),
  /** What is shown: for email replies, the text without quoted history and signature. */
  body: text("body").notNull(),
  templateId: integer("template_id").references(() => messageTemplates.id),
  /** The candidate page form's one-time value: the same form posted again (a resend, a double click) is stored once. */
  formNonce: text("form_nonce"),
  createdAt: timestampMs("created_at").notNull(),
}, (t) => [
  index("messages_company_conversation_idx").on(t.companyId, t.conversationId, t.id),
  uniqueIndex("messages_conversation_form_nonce_idx").on(t.conversationId, t.formNonce),
]);

export const MAIL_DIRECTIONS = ["out", "in"] as const;
/**
 * out: queued → sending → sent | outbox (no SMTP configured: kept, not sent) | blocked (do-not-contact) | failed.
 * in: threaded (added to a conversation) | kept (stored for admins only: after rejection, auto-replies).
 */
export const MAIL_STATUSES = ["queued", "sending", "sent", "outbox", "blocked", "failed", "threaded", "kept"] as const;
/** candidate: to/from a candidate; notification: to a company user; autoreply: the answer after rejection. */
export const MAIL_KINDS = ["candidate", "notification", "autoreply"] as const;

export const mails = sqliteTable("mails", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  direction: text("direction", { enum: MAIL_DIRECTIONS }).notNull(),
  kind: text("kind", { enum: MAIL_KINDS }).notNull(),
  status: text("status", { enum: MAIL_STATUSES }).notNull(),
  conversationId: integer("conversation_id").references(() => conversations.id),
  messageId: integer("message_id").references(() => messages.id),
  candidateId: integer("candidate_id").references(() => candidates.id),
  /** The opening the mail's {{apply_link}} opens when it is not the conversation's own (a general conversation's invitation). */
  openingId: integer("opening_id").references(() => openings.id),
  /** The company user a notification goes to, or who replied by email. */
  userId: integer("user_id").references(() => users.id),
  /** The Message-ID header, without angle brackets; one stored mail per Message-ID and company. */
  messageIdHeader: text("message_id_header").notNull(),
  inReplyTo: text("in_reply_to"),
  fromAddress: text("from_address").notNull().default(""),
  toAddress: text("to_address").notNull().default(""),
  subject: text("subject").notNull().default(""),
  text: text("text").notNull().default(""),
  html: text("html"),
  /** The original inbound message, untouched. */
  raw: blob("raw", { mode: "buffer" }),
  /** Why a mail was kept, blocked or failed. */
  reason: text("reason"),
  attempts: integer("attempts").notNull().default(0),
  sentAt: timestampMs("sent_at"),
  createdAt: timestampMs("created_at").notNull(),
}, (t) => [
  uniqueIndex("mails_company_message_id_uq").on(t.companyId, t.messageIdHeader),
  index("mails_company_direction_idx").on(t.companyId, t.direction, t.status, t.id),
  index("mails_company_conversation_idx").on(t.companyId, t.conversationId),
  index("mails_company_candidate_idx").on(t.companyId, t.candidateId, t.status),
  index("mails_message_idx").on(t.messageId),
  // threading an inbound reply by In-Reply-To/References to one of our own (random, unique) Message-IDs
  index("mails_message_id_header_idx").on(t.messageIdHeader),
]);

/**
 * Secrets that reach outsiders, stored only as hashes: the candidate's conversation page ("page"), the
 * reply address of a conversation ("reply"), a company user's reply address for one conversation
 * ("user_reply"), and the unsubscribe link ("unsubscribe").
 */
export const TOKEN_KINDS = ["page", "reply", "user_reply", "unsubscribe"] as const;

export const conversationTokens = sqliteTable("conversation_tokens", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  conversationId: integer("conversation_id").notNull().references(() => conversations.id),
  kind: text("kind", { enum: TOKEN_KINDS }).notNull(),
  userId: integer("user_id").references(() => users.id),
  tokenHash: text("token_hash").notNull(),
  createdAt: timestampMs("created_at").notNull(),
  revokedAt: timestampMs("revoked_at"),
}, (t) => [
  uniqueIndex("conversation_tokens_hash_uq").on(t.tokenHash),
  index("conversation_tokens_company_conversation_idx").on(t.companyId, t.conversationId, t.kind),
]);

/** Up to which message a user has read a conversation. */
export const conversationReads = sqliteTable("conversation_reads", {
  companyId: integer("company_id").notNull().references(() => companies.id),
  conversationId: integer("conversation_id").notNull().references(() => conversations.id),
  userId: integer("user_id").notNull().references(() => users.id),
  lastReadMessageId: integer("last_read_message_id").notNull(),
}, (t) => [
  primaryKey({ columns: [t.conversationId, t.userId] }),
  index("conversation_reads_company_user_idx").on(t.companyId, t.userId),
]);

export const NOTIFICATION_KINDS = ["candidate_message", "follow_up_reminder", "application_received", "client_action"] as const;

export const notifications = sqliteTable("notifications", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").notNull().references(() => companies.id),
  userId: integer("user_id").notNull().references(() => users.id),
  kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
  conversationId: integer("conversation_id").references(() => conversations.id),
  applicationId: integer("application_id").references(() => applications.id),
  candidateId: integer("candidate_id").references(() => candidates.id),
  openingId: integer("opening_id").references(() => openings.id),
  title: text("title").notNull(),
  body: text("body").notNull().default(""),
  readAt: timestampMs("read_at"),
  createdAt: timestampMs("created_at").notNull(),
}, (t) => [
  index("notifications_company_user_idx").on(t.companyId, t.userId, t.id),
  index("notifications_company_user_unread_idx").on(t.companyId, t.userId, t.readAt),
]);

export const JOB_STATUSES = ["pending", "done", "failed"] as const;

/**
 * Durable job queue: a job runs when run_at has passed and no live lease (locked_until) holds it; a worker
 * that dies mid-job loses its lease and the job runs again. Failures retry with backoff up to max_attempts.
 */
export const jobs = sqliteTable("jobs", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  companyId: integer("company_id").references(() => companies.id),
  kind: text("kind").notNull(),
  payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
  status: text("status", { enum: JOB_STATUSES }).notNull().default("pending"),
  runAt: timestampMs("run_at").notNull(),
  attempts: integer("attempts").notNull().default(0),
  maxAttempts: integer("max_attempts").notNull().default(8),
  lockedUntil: timestampMs("locked_until"),
  lockedBy: text("locked_by"),
  lastError: text("last_error"),
  createdAt: timestampMs("created_at").notNull(),
  finishedAt: timestampMs("finished_at"),
}, (t) => [
  index("jobs_due_idx").on(t.status, t.runAt),
  index("jobs_company_idx").on(t.companyId, t.kind),
]);
