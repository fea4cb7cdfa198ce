import { and, desc, eq, inArray, isNull, lt, sql, type SQL } from "drizzle-orm";
import { type Executor, stmt } from "../../db/client";
import { notifications } from "../../db/schema/mail";

export type NewNotification = typeof notifications.$inferInsert;

export function insertNotifications(db: Executor, rows: NewNotification[]) {
  const ins = stmt(
    db,
    `INSERT INTO notifications (company_id, user_id, kind, conversation_id, application_id, candidate_id, opening_id, title, body, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const n of rows) {
    ins.run(n.companyId, n.userId, n.kind, n.conversationId ?? null, n.applicationId ?? null, n.candidateId ?? null, n.openingId ?? null, n.title, n.body ?? "", n.createdAt);
  }
}

export function listNotifications(db: Executor, companyId: number, userId: number, f: { unreadOnly?: boolean; cursor?: number; limit: number }) {
  const conds: SQL[] = [eq(notifications.companyId, companyId), eq(notifications.userId, userId)];
  if (f.unreadOnly) conds.push(isNull(notifications.readAt));
  if (f.cursor) conds.push(lt(notifications.id, f.cursor));
  return db.select().from(notifications).where(and(...conds)).orderBy(desc(notifications.id)).limit(f.limit).all();
}

export function unreadCount(db: Executor, companyId: number, userId: number): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(notifications)
      .where(and(eq(notifications.companyId, companyId), eq(notifications.userId, userId), isNull(notifications.readAt)))
      .get()?.n ?? 0
  );
}

/** Only the user's own notifications are touched; returns how many changed. */
export function markRead(db: Executor, companyId: number, userId: number, ids: number[] | "all", now: number): number {
  const conds: SQL[] = [eq(notifications.companyId, companyId), eq(notifications.userId, userId), isNull(notifications.readAt)];
  if (ids !== "all") conds.push(inArray(notifications.id, ids.length ? ids : [-1]));
  return db.update(notifications).set({ readAt: now }).where(and(...conds)).run().changes;
}

export function ownedIds(db: Executor, companyId: number, userId: number, ids: number[]): number[] {
  if (!ids.length) return [];
  return db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.companyId, companyId), eq(notifications.userId, userId), inArray(notifications.id, ids)))
    .all()
    .map((r) => r.id);
}

/** The user's unread "candidate wrote" notifications of one conversation, marked read (they have seen the thread). */
export function markConversationRead(db: Executor, companyId: number, userId: number, conversationId: number, now: number): number {
  return db
    .update(notifications)
    .set({ readAt: now })
    .where(
      and(
        eq(notifications.companyId, companyId),
        eq(notifications.userId, userId),
        eq(notifications.conversationId, conversationId),
        eq(notifications.kind, "candidate_message"),
        isNull(notifications.readAt),
      ),
    )
    .run().changes;
}
