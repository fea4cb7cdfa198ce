import { and, desc, eq, lt } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { users } from "../../db/schema/companies";
import { activities, candidates } from "../../db/schema/candidates";
import type { Actor } from "../../lib/actor";
import { actorRef } from "../../lib/actor";

export interface NewActivity {
  companyId: number;
  candidateId?: number | null;
  applicationId?: number | null;
  openingId?: number | null;
  type: string;
  data?: Record<string, unknown>;
}

/** Appends an activity and moves the candidate's last_activity_at with it (same transaction as the change). */
export function recordActivity(db: Executor, actor: Actor, a: NewActivity, now: number) {
  db.insert(activities)
    .values({
      companyId: a.companyId,
      candidateId: a.candidateId ?? null,
      applicationId: a.applicationId ?? null,
      openingId: a.openingId ?? null,
      ...actorRef(actor),
      type: a.type,
      data: a.data ?? {},
      createdAt: now,
    })
    .run();
  if (a.candidateId) {
    db.update(candidates)
      .set({ lastActivityAt: now })
      .where(and(eq(candidates.companyId, a.companyId), eq(candidates.id, a.candidateId)))
      .run();
  }
}

export function listCandidateActivities(db: Executor, companyId: number, candidateId: number, limit: number, before?: number) {
  const conds = [eq(activities.companyId, companyId), eq(activities.candidateId, candidateId)];
  if (before) conds.push(lt(activities.id, before));
  return db
    .select({
      id: activities.id,
      type: activities.type,
      data: activities.data,
      actorType: activities.actorType,
      actorId: activities.actorId,
      actorName: users.name,
      applicationId: activities.applicationId,
      openingId: activities.openingId,
      createdAt: activities.createdAt,
    })
    .from(activities)
    .leftJoin(users, and(eq(activities.actorType, "user"), eq(users.id, activities.actorId)))
    .where(and(...conds))
    .orderBy(desc(activities.id))
    .limit(limit)
    .all();
}

export function listRecentActivities(db: Executor, companyId: number, limit: number) {
  return db
    .select()
    .from(activities)
    .where(eq(activities.companyId, companyId))
    .orderBy(desc(activities.id))
    .limit(limit)
    .all();
}
