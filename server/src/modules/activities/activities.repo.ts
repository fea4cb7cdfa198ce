import { and, desc, eq, lt, sql } from "drizzle-orm";
import { type Executor, stmt } from "../../db/client";
import { users } from "../../db/schema/companies";
import { activities } from "../../db/schema/candidates";
import { clientContacts } from "../../db/schema/portal";
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
  const ref = actorRef(actor);
  // Prepared once: every change of the product writes one of these.
  stmt(
    db,
    `INSERT INTO activities (company_id, candidate_id, application_id, opening_id, actor_type, actor_id, type, data, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(a.companyId, a.candidateId ?? null, a.applicationId ?? null, a.openingId ?? null, ref.actorType, ref.actorId, a.type, JSON.stringify(a.data ?? {}), now);
  if (a.candidateId) {
    stmt(db, "UPDATE candidates SET last_activity_at = ? WHERE company_id = ? AND id = ?").run(now, a.companyId, a.candidateId);
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
      // A client contact acts on the portal: their name, not their kind.
      actorName: sql<string | null>`coalesce(${users.name}, ${clientContacts.name})`,
      applicationId: activities.applicationId,
      openingId: activities.openingId,
      createdAt: activities.createdAt,
    })
    .from(activities)
    .leftJoin(users, and(eq(activities.actorType, "user"), eq(users.id, activities.actorId)))
    .leftJoin(clientContacts, and(eq(activities.actorType, "client_contact"), eq(clientContacts.id, activities.actorId)))
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
