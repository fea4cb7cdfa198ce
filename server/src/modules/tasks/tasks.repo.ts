import { and, asc, desc, eq, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { candidates } from "../../db/schema/candidates";
import { users } from "../../db/schema/companies";
import { openings } from "../../db/schema/openings";
import { clientContacts, tasks } from "../../db/schema/portal";

export type TaskRow = typeof tasks.$inferSelect;
export type NewTask = typeof tasks.$inferInsert;

export function insertTask(db: Executor, row: NewTask): number {
  return db.insert(tasks).values(row).returning({ id: tasks.id }).get().id;
}

export function getTask(db: Executor, companyId: number, id: number): TaskRow | undefined {
  return db.select().from(tasks).where(and(eq(tasks.companyId, companyId), eq(tasks.id, id))).get();
}

export function setDone(db: Executor, companyId: number, id: number, doneAt: number | null) {
  db.update(tasks).set({ doneAt }).where(and(eq(tasks.companyId, companyId), eq(tasks.id, id))).run();
}

/**
 * A user's tasks: open ones by due date (undated last, then oldest first), done ones most recently done first.
 * Paged by offset (a user's list is small; the order is not an id order).
 */
export function listTasks(db: Executor, companyId: number, assigneeId: number, f: { done: boolean; offset: number; limit: number }) {
  const conds: SQL[] = [eq(tasks.companyId, companyId), eq(tasks.assigneeId, assigneeId), f.done ? isNotNull(tasks.doneAt) : isNull(tasks.doneAt)];
  const order = f.done ? [desc(tasks.doneAt), desc(tasks.id)] : [sql`${tasks.dueAt} IS NULL`, asc(tasks.dueAt), asc(tasks.id)];
  return db
    .select({
      id: tasks.id,
      title: tasks.title,
      details: tasks.details,
      source: tasks.source,
      dueAt: tasks.dueAt,
      doneAt: tasks.doneAt,
      createdAt: tasks.createdAt,
      openingId: tasks.openingId,
      openingTitle: openings.title,
      candidateId: tasks.candidateId,
      candidateName: candidates.fullName,
      applicationId: tasks.applicationId,
      createdByName: users.name,
      createdByContactName: clientContacts.name,
    })
    .from(tasks)
    .leftJoin(openings, and(eq(openings.companyId, tasks.companyId), eq(openings.id, tasks.openingId)))
    .leftJoin(candidates, and(eq(candidates.companyId, tasks.companyId), eq(candidates.id, tasks.candidateId)))
    .leftJoin(users, eq(users.id, tasks.createdById))
    .leftJoin(clientContacts, eq(clientContacts.id, tasks.createdByContactId))
    .where(and(...conds))
    .orderBy(...order)
    .limit(f.limit)
    .offset(f.offset)
    .all();
}

export function openCount(db: Executor, companyId: number, assigneeId: number): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(tasks)
      .where(and(eq(tasks.companyId, companyId), eq(tasks.assigneeId, assigneeId), isNull(tasks.doneAt)))
      .get()?.n ?? 0
  );
}
