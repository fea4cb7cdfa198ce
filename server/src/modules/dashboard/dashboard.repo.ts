import { and, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { users } from "../../db/schema/companies";
import { activities, applications, candidates } from "../../db/schema/candidates";
import { openings } from "../../db/schema/openings";
import { clientContacts } from "../../db/schema/portal";

/**
 * Active prospects not yet marked as followed up, counted up to `cap` + 1 so a huge backlog costs a bounded
 * scan (applications_company_workflow_idx).
 */
export function countNeedsFollowUp(db: Executor, companyId: number, openingIds: number[] | undefined, cap: number): number {
  const conds: SQL[] = [
    eq(applications.companyId, companyId),
    eq(applications.workflow, "prospecting"),
    eq(applications.status, "active"),
    eq(applications.followedUp, false),
  ];
  if (openingIds) conds.push(inArray(applications.openingId, openingIds.length ? openingIds : [-1]));
  const inner = db
    .select({ one: sql`1` })
    .from(applications)
    .where(and(...conds))
    .limit(cap + 1)
    .as("capped");
  return db.select({ n: sql<number>`count(*)` }).from(inner).get()?.n ?? 0;
}

/**
 * Newest activities of the company, with the names a feed shows; for a recruiter only those on their
 * openings or done by themselves (`onlyOpeningIds` + `selfUserId`).
 */
export function recentActivities(
  db: Executor,
  companyId: number,
  limit: number,
  scope?: { onlyOpeningIds: number[]; selfUserId: number },
) {
  const conds: SQL[] = [eq(activities.companyId, companyId)];
  if (scope) {
    const mine = and(eq(activities.actorType, "user"), eq(activities.actorId, scope.selfUserId));
    conds.push(
      scope.onlyOpeningIds.length ? (or(inArray(activities.openingId, scope.onlyOpeningIds), mine) as SQL) : (mine as SQL),
    );
  }
  return db
    .select({
      id: activities.id,
      type: activities.type,
      data: activities.data,
      actorType: activities.actorType,
      // A client contact acts on the portal: their name, not their kind.
      actorName: sql<string | null>`coalesce(${users.name}, ${clientContacts.name})`,
      candidateId: activities.candidateId,
      candidateName: candidates.fullName,
      openingId: activities.openingId,
      openingTitle: openings.title,
      createdAt: activities.createdAt,
    })
    .from(activities)
    .leftJoin(users, and(eq(activities.actorType, "user"), eq(users.id, activities.actorId)))
    .leftJoin(clientContacts, and(eq(activities.actorType, "client_contact"), eq(clientContacts.id, activities.actorId)))
    .leftJoin(candidates, eq(candidates.id, activities.candidateId))
    .leftJoin(openings, eq(openings.id, activities.openingId))
    .where(and(...conds))
    .orderBy(desc(activities.id))
    .limit(limit)
    .all();
}
