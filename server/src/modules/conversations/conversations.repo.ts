import { and, desc, eq, gt, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { type Executor, stmt } from "../../db/client";
import { candidates } from "../../db/schema/candidates";
import { users } from "../../db/schema/companies";
import { conversationReads, conversations, conversationTokens, mails, messages, notifications, type TOKEN_KINDS } from "../../db/schema/mail";
import { type decisionedStates, openings } from "../../db/schema/openings";
import { hashToken } from "../../lib/crypto";

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type TokenKind = (typeof TOKEN_KINDS)[number];

// Hot paths (posting, sending, receiving) use statements prepared once (db/client.ts stmt).
const CONVERSATION_COLUMNS = `id, company_id AS companyId, application_id AS applicationId, candidate_id AS candidateId, opening_id AS openingId,
  last_message_id AS lastMessageId, last_message_at AS lastMessageAt, created_at AS createdAt`;

export function conversationOfApplication(db: Executor, companyId: number, applicationId: number): ConversationRow | undefined {
  return stmt(db, `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE company_id = ? AND application_id = ?`).get(companyId, applicationId) as
    | ConversationRow
    | undefined;
}

export function getConversation(db: Executor, companyId: number, id: number): ConversationRow | undefined {
  return stmt(db, `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE company_id = ? AND id = ?`).get(companyId, id) as ConversationRow | undefined;
}

/** The application's conversation, created on first use. */
export function ensureConversation(db: Executor, app: { companyId: number; id: number; candidateId: number; openingId: number }, now: number): ConversationRow {
  const existing = conversationOfApplication(db, app.companyId, app.id);
  if (existing) return existing;
  return stmt(
    db,
    `INSERT INTO conversations (company_id, application_id, candidate_id, opening_id, created_at) VALUES (?, ?, ?, ?, ?) RETURNING ${CONVERSATION_COLUMNS}`,
  ).get(app.companyId, app.id, app.candidateId, app.openingId, now) as ConversationRow;
}

/** The candidate's general conversation, if they have one. */
export function generalConversationOf(db: Executor, companyId: number, candidateId: number): ConversationRow | undefined {
  return stmt(db, `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE company_id = ? AND candidate_id = ? AND application_id IS NULL`).get(companyId, candidateId) as
    | ConversationRow
    | undefined;
}

/** The candidate's general conversation, created on first use (one per candidate: a partial unique index). */
export function ensureGeneralConversation(db: Executor, companyId: number, candidateId: number, now: number): ConversationRow {
  const existing = generalConversationOf(db, companyId, candidateId);
  if (existing) return existing;
  return stmt(
    db,
    `INSERT INTO conversations (company_id, application_id, candidate_id, opening_id, created_at) VALUES (?, NULL, ?, NULL, ?) RETURNING ${CONVERSATION_COLUMNS}`,
  ).get(companyId, candidateId, now) as ConversationRow;
}

/** The conversation a context is about, created on first use. */
export function ensureConversationOf(db: Executor, companyId: number, ctx: ConversationContext, now: number): ConversationRow {
  return ctx.kind === "application"
    ? ensureConversation(db, { companyId, id: ctx.applicationId, candidateId: ctx.candidateId, openingId: ctx.openingId }, now)
    : ensureGeneralConversation(db, companyId, ctx.candidateId, now);
}

/**
 * Who hears of a candidate's message in a general conversation (it has no hiring team): the active users who
 * wrote in it, newest first, else the company's active admins.
 */
export function generalAudience(db: Executor, companyId: number, conversationId: number) {
  const writers = stmt(
    db,
    `SELECT u.id, u.email, u.name FROM users u
      WHERE u.company_id = ? AND u.active = 1
        AND u.id IN (SELECT author_user_id FROM messages WHERE company_id = ? AND conversation_id = ? AND author_type = 'user')
      ORDER BY u.id`,
  ).all(companyId, companyId, conversationId) as { id: number; email: string; name: string }[];
  if (writers.length) return writers;
  return stmt(db, "SELECT id, email, name FROM users WHERE company_id = ? AND active = 1 AND role IN ('admin', 'super_admin') ORDER BY id").all(companyId) as {
    id: number;
    email: string;
    name: string;
  }[];
}

export function insertMessage(db: Executor, m: typeof messages.$inferInsert): number {
  const r = stmt(
    db,
    `INSERT INTO messages (company_id, conversation_id, author_type, author_user_id, channel, subject, body, template_id, form_nonce, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(m.companyId, m.conversationId, m.authorType, m.authorUserId ?? null, m.channel, m.subject ?? "", m.body, m.templateId ?? null, m.formNonce ?? null, m.createdAt);
  const id = Number(r.lastInsertRowid);
  stmt(db, "UPDATE conversations SET last_message_id = ?, last_message_at = ? WHERE company_id = ? AND id = ?").run(id, m.createdAt, m.companyId, m.conversationId);
  return id;
}

/** A message as the services show it: with its author's name (users left-joined). */
const messageColumns = {
  id: messages.id,
  conversationId: messages.conversationId,
  authorType: messages.authorType,
  authorUserId: messages.authorUserId,
  authorName: users.name,
  channel: messages.channel,
  subject: messages.subject,
  body: messages.body,
  createdAt: messages.createdAt,
};

export function listMessages(db: Executor, companyId: number, conversationId: number, opts: { afterId?: number; limit?: number } = {}) {
  const conds: SQL[] = [eq(messages.companyId, companyId), eq(messages.conversationId, conversationId)];
  if (opts.afterId) conds.push(gt(messages.id, opts.afterId));
  return db
    .select(messageColumns)
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorUserId))
    .where(and(...conds))
    .orderBy(messages.id)
    .limit(opts.limit ?? 1000)
    .all();
}

/** Delivery state of the candidate mail of each message (the latest one when a message was mailed again). */
export function deliveryOf(db: Executor, companyId: number, messageIds: number[]) {
  if (!messageIds.length) return new Map<number, { status: string; reason: string | null }>();
  const rows = db
    .select({ messageId: mails.messageId, status: mails.status, reason: mails.reason, id: mails.id })
    .from(mails)
    .where(and(eq(mails.companyId, companyId), inArray(mails.messageId, messageIds), eq(mails.kind, "candidate"), eq(mails.direction, "out")))
    .orderBy(mails.id)
    .all();
  return new Map(rows.map((r) => [r.messageId!, { status: r.status, reason: r.reason }]));
}

export function getMessage(db: Executor, companyId: number, id: number) {
  return listMessagesById(db, companyId, [id])[0];
}

export function listMessagesById(db: Executor, companyId: number, ids: number[]) {
  if (!ids.length) return [];
  return db
    .select(messageColumns)
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorUserId))
    .where(and(eq(messages.companyId, companyId), inArray(messages.id, ids)))
    .all();
}

/** Whether a candidate page form with this one-time value was already stored in the conversation. */
export function formNonceUsed(db: Executor, companyId: number, conversationId: number, nonce: string): boolean {
  return stmt(db, "SELECT 1 FROM messages WHERE company_id = ? AND conversation_id = ? AND form_nonce = ?").get(companyId, conversationId, nonce) !== undefined;
}

/** The last message the candidate sent in a conversation (reminders check for a reply after a send). */
export function lastCandidateMessageId(db: Executor, companyId: number, conversationId: number): number {
  const r = stmt(db, "SELECT max(id) AS id FROM messages WHERE company_id = ? AND conversation_id = ? AND author_type = 'candidate'").get(companyId, conversationId) as
    | { id: number | null }
    | undefined;
  return r?.id ?? 0;
}

/** The candidate's address mail goes to: the first one that has not bounced. */
/**
 * The subject the candidate knows the thread by: the newest company or candidate message that has one
 * (without its "Re:"/"Fwd:" prefixes), or null when none has.
 */
export function threadSubject(db: Executor, companyId: number, conversationId: number): string | null {
  const rows = stmt(
    db,
    "SELECT subject FROM messages WHERE company_id = ? AND conversation_id = ? AND author_type IN ('user', 'candidate') AND subject <> '' ORDER BY id DESC LIMIT 5",
  ).all(companyId, conversationId) as { subject: string }[];
  for (const r of rows) {
    const s = r.subject.replace(/^\s*((re|aw|sv|odp|fwd?):\s*)+/i, "").trim();
    if (s) return s;
  }
  return null;
}

export function candidateAddress(db: Executor, companyId: number, candidateId: number): string | null {
  const r = stmt(
    db,
    "SELECT email FROM candidate_emails WHERE company_id = ? AND candidate_id = ? AND bounced_at IS NULL ORDER BY position, id LIMIT 1",
  ).get(companyId, candidateId) as { email: string } | undefined;
  return r?.email ?? null;
}

/** Everything a conversation screen or mail needs about its application in one read. */
export interface ApplicationContext {
  kind: "application";
  applicationId: number;
  candidateId: number;
  openingId: number;
  status: "active" | "decisioned";
  decisionKind: (typeof decisionedStates.$inferSelect)["kind"] | null;
  candidateName: string;
  candidateFirstName: string;
  doNotContact: boolean;
  openingTitle: string;
  companyName: string;
  publicContactEmail: string | null;
}

/** A candidate's general conversation: about no opening (re-engagement), never locked. */
export interface GeneralContext {
  kind: "general";
  applicationId: null;
  candidateId: number;
  openingId: null;
  status: "active";
  decisionKind: null;
  candidateName: string;
  candidateFirstName: string;
  doNotContact: boolean;
  openingTitle: null;
  companyName: string;
  publicContactEmail: string | null;
}

export type ConversationContext = ApplicationContext | GeneralContext;

export function conversationContext(db: Executor, companyId: number, applicationId: number): ApplicationContext | undefined {
  const r = stmt(
    db,
    `SELECT a.id AS applicationId, a.candidate_id AS candidateId, a.opening_id AS openingId, a.status, d.kind AS decisionKind,
            c.full_name AS candidateName, c.first_name AS candidateFirstName, c.do_not_contact AS doNotContact,
            o.title AS openingTitle, co.name AS companyName, co.public_contact_email AS publicContactEmail
       FROM applications a
       JOIN candidates c ON c.id = a.candidate_id
       JOIN openings o ON o.id = a.opening_id
       JOIN companies co ON co.id = a.company_id
       LEFT JOIN decisioned_states d ON d.id = a.decisioned_state_id
      WHERE a.company_id = ? AND a.id = ?`,
  ).get(companyId, applicationId) as (Omit<ApplicationContext, "doNotContact" | "kind"> & { doNotContact: number }) | undefined;
  return r ? { ...r, kind: "application", doNotContact: r.doNotContact === 1 } : undefined;
}

/** The context of a candidate's general conversation (whether or not it exists yet). */
export function generalContext(db: Executor, companyId: number, candidateId: number): GeneralContext | undefined {
  const r = stmt(
    db,
    `SELECT c.id AS candidateId, c.full_name AS candidateName, c.first_name AS candidateFirstName, c.do_not_contact AS doNotContact,
            co.name AS companyName, co.public_contact_email AS publicContactEmail
       FROM candidates c JOIN companies co ON co.id = c.company_id
      WHERE c.company_id = ? AND c.id = ? AND c.merged_into_id IS NULL`,
  ).get(companyId, candidateId) as
    | { candidateId: number; candidateName: string; candidateFirstName: string; doNotContact: number; companyName: string; publicContactEmail: string | null }
    | undefined;
  return r
    ? { ...r, kind: "general", applicationId: null, openingId: null, openingTitle: null, status: "active", decisionKind: null, doNotContact: r.doNotContact === 1 }
    : undefined;
}

/** The context of a stored conversation: its application's, or the candidate's general one. */
export function contextOf(db: Executor, c: ConversationRow): ConversationContext | undefined {
  return c.applicationId !== null ? conversationContext(db, c.companyId, c.applicationId) : generalContext(db, c.companyId, c.candidateId);
}

/** "about <opening>" for an application's conversation, "" for a general one (notification texts). */
export const aboutOpening = (ctx: ConversationContext) => (ctx.openingTitle ? ` about ${ctx.openingTitle}` : "");

/** After a rejection the candidate can no longer write (the company still can). A general conversation never locks. */
export const isLocked = (c: { status: string; decisionKind: string | null }) =>
  c.status === "decisioned" && (c.decisionKind === "rejected" || c.decisionKind === "rejected_by_client");

// ---- tokens ------------------------------------------------------------------------------------

export function insertToken(db: Executor, t: { companyId: number; conversationId: number; kind: TokenKind; userId?: number | null; token: string }, now: number) {
  stmt(db, "INSERT INTO conversation_tokens (company_id, conversation_id, kind, user_id, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)").run(
    t.companyId,
    t.conversationId,
    t.kind,
    t.userId ?? null,
    hashToken(t.token),
    now,
  );
}

/** A live (not revoked) token of one of the given kinds. Looked up by hash only: the token is the key. */
export function findToken(db: Executor, token: string, kinds: TokenKind[]) {
  const r = stmt(
    db,
    "SELECT id, company_id AS companyId, conversation_id AS conversationId, kind, user_id AS userId, revoked_at AS revokedAt FROM conversation_tokens WHERE token_hash = ?",
  ).get(hashToken(token)) as
    | { id: number; companyId: number; conversationId: number; kind: TokenKind; userId: number | null; revokedAt: number | null }
    | undefined;
  return r && r.revokedAt === null && kinds.includes(r.kind) ? r : undefined;
}

export function revokeTokens(db: Executor, companyId: number, conversationId: number, kinds: TokenKind[], now: number): number {
  return db
    .update(conversationTokens)
    .set({ revokedAt: now })
    .where(
      and(
        eq(conversationTokens.companyId, companyId),
        eq(conversationTokens.conversationId, conversationId),
        inArray(conversationTokens.kind, kinds),
        isNull(conversationTokens.revokedAt),
      ),
    )
    .run().changes;
}

// ---- reads and inbox ---------------------------------------------------------------------------

export function markRead(db: Executor, companyId: number, conversationId: number, userId: number, messageId: number) {
  stmt(
    db,
    `INSERT INTO conversation_reads (company_id, conversation_id, user_id, last_read_message_id) VALUES (?, ?, ?, ?)
     ON CONFLICT (conversation_id, user_id) DO UPDATE SET last_read_message_id = max(last_read_message_id, excluded.last_read_message_id)`,
  ).run(companyId, conversationId, userId, messageId);
}

/** A recruiter's conversations: those of their openings, and every general one (candidates are the company's shared database). */
const visibleToRecruiter = (openingIds: number[]) =>
  or(isNull(conversations.openingId), inArray(conversations.openingId, openingIds.length ? openingIds : [-1]))!;

/** Messages a user has not read: everything after their read mark that they did not write themselves. */
const unreadFor = (userId: number) => sql<number>`(SELECT count(*) FROM messages m WHERE m.company_id = ${conversations.companyId}
    AND m.conversation_id = ${conversations.id}
    AND m.id > coalesce((SELECT r.last_read_message_id FROM conversation_reads r WHERE r.conversation_id = ${conversations.id} AND r.user_id = ${userId}), 0)
    AND NOT (m.author_type = 'user' AND m.author_user_id = ${userId}))`;

export function inbox(
  db: Executor,
  f: { companyId: number; userId: number; openingIds?: number[]; openingId?: number; unreadOnly?: boolean; cursor?: number; limit: number },
) {
  const conds: SQL[] = [eq(conversations.companyId, f.companyId), sql`${conversations.lastMessageId} IS NOT NULL`];
  if (f.openingId !== undefined) conds.push(eq(conversations.openingId, f.openingId));
  else if (f.openingIds) conds.push(visibleToRecruiter(f.openingIds));
  if (f.cursor) conds.push(lt(conversations.lastMessageId, f.cursor));
  if (f.unreadOnly) conds.push(sql`${unreadFor(f.userId)} > 0`);
  return db
    .select({
      conversationId: conversations.id,
      applicationId: conversations.applicationId,
      candidateId: conversations.candidateId,
      candidateName: candidates.fullName,
      openingId: conversations.openingId,
      openingTitle: openings.title,
      lastMessageId: conversations.lastMessageId,
      lastMessageAt: conversations.lastMessageAt,
      lastAuthorType: messages.authorType,
      lastBody: sql<string>`substr(${messages.body}, 1, 200)`,
      unread: unreadFor(f.userId),
    })
    .from(conversations)
    .innerJoin(candidates, eq(candidates.id, conversations.candidateId))
    .leftJoin(openings, eq(openings.id, conversations.openingId))
    .innerJoin(messages, eq(messages.id, conversations.lastMessageId))
    .where(and(...conds))
    .orderBy(desc(conversations.lastMessageId))
    .limit(f.limit)
    .all();
}

/** Unread messages over all conversations a user can see (the inbox badge). */
export function unreadTotal(db: Executor, companyId: number, userId: number, openingIds?: number[]): number {
  const conds: SQL[] = [eq(conversations.companyId, companyId), sql`${conversations.lastMessageId} IS NOT NULL`];
  if (openingIds) conds.push(visibleToRecruiter(openingIds));
  return db.select({ n: sql<number>`coalesce(sum(${unreadFor(userId)}), 0)` }).from(conversations).where(and(...conds)).get()?.n ?? 0;
}

// ---- merge -------------------------------------------------------------------------------------

/**
 * Candidate merge: conversations follow the candidate; when the source's application is dropped because
 * the target is on the same opening, its conversation joins the target application's (or takes its place).
 */
export function moveConversationsOnMerge(db: Executor, companyId: number, sourceId: number, targetId: number, dropped: { droppedAppId: number; keptAppId: number }[]) {
  for (const d of dropped) {
    db.update(notifications).set({ applicationId: d.keptAppId }).where(and(eq(notifications.companyId, companyId), eq(notifications.applicationId, d.droppedAppId))).run();
    const from = conversationOfApplication(db, companyId, d.droppedAppId);
    if (!from) continue;
    const into = conversationOfApplication(db, companyId, d.keptAppId);
    if (!into) {
      db.update(conversations).set({ applicationId: d.keptAppId }).where(eq(conversations.id, from.id)).run();
      continue;
    }
    joinConversation(db, companyId, from.id, into.id);
  }
  // One general conversation per person: when both had one, the source's joins the target's.
  const sourceGeneral = generalConversationOf(db, companyId, sourceId);
  const targetGeneral = generalConversationOf(db, companyId, targetId);
  if (sourceGeneral && targetGeneral) joinConversation(db, companyId, sourceGeneral.id, targetGeneral.id);
  db.update(conversations).set({ candidateId: targetId }).where(and(eq(conversations.companyId, companyId), eq(conversations.candidateId, sourceId))).run();
  db.update(mails).set({ candidateId: targetId }).where(and(eq(mails.companyId, companyId), eq(mails.candidateId, sourceId))).run();
  db.update(notifications).set({ candidateId: targetId }).where(and(eq(notifications.companyId, companyId), eq(notifications.candidateId, sourceId))).run();
}

/** Moves every message, mail, token and notification of one conversation into another, then drops the first. */
function joinConversation(db: Executor, companyId: number, fromId: number, intoId: number) {
  for (const t of [messages, mails, conversationTokens, notifications] as const) {
    db.update(t).set({ conversationId: intoId }).where(and(eq(t.companyId, companyId), eq(t.conversationId, fromId))).run();
  }
  stmt(db, "UPDATE invitations SET conversation_id = ? WHERE company_id = ? AND conversation_id = ?").run(intoId, companyId, fromId);
  db.delete(conversationReads).where(eq(conversationReads.conversationId, fromId)).run();
  const last = db.select({ id: sql<number>`max(${messages.id})`, at: sql<number>`max(${messages.createdAt})` }).from(messages).where(eq(messages.conversationId, intoId)).get();
  db.update(conversations).set({ lastMessageId: last?.id ?? null, lastMessageAt: last?.at ?? null }).where(eq(conversations.id, intoId)).run();
  db.delete(conversations).where(eq(conversations.id, fromId)).run();
}

// ---- users -------------------------------------------------------------------------------------

export function teamOf(db: Executor, companyId: number, openingId: number) {
  return stmt(
    db,
    `SELECT u.id, u.email, u.name FROM opening_members m JOIN users u ON u.id = m.user_id
      WHERE m.company_id = ? AND m.opening_id = ? AND u.active = 1 ORDER BY u.id`,
  ).all(companyId, openingId) as { id: number; email: string; name: string }[];
}
