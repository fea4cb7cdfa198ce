import { and, asc, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { type Executor, preparedOnce } from "../../db/client";
import { clients, users } from "../../db/schema/companies";
import { applications, importBatches } from "../../db/schema/candidates";
import { openingMembers, openings, stages } from "../../db/schema/openings";
import type { OpeningStatus, Workflow } from "@prospector/shared/workflow";

export type OpeningRow = typeof openings.$inferSelect;
export type StageRow = typeof stages.$inferSelect;

const c = (name: string) => sql.placeholder(name);

function lookups(db: Executor) {
  return preparedOnce(db, "openings.lookups", (d) => ({
    opening: d.select().from(openings).where(and(eq(openings.companyId, c("companyId")), eq(openings.id, c("id")))).prepare(),
    member: d
      .select({ u: openingMembers.userId })
      .from(openingMembers)
      .where(and(eq(openingMembers.companyId, c("companyId")), eq(openingMembers.openingId, c("openingId")), eq(openingMembers.userId, c("userId"))))
      .prepare(),
    stage: d.select().from(stages).where(and(eq(stages.companyId, c("companyId")), eq(stages.id, c("id")))).prepare(),
    firstStage: d
      .select()
      .from(stages)
      .where(and(eq(stages.companyId, c("companyId")), eq(stages.openingId, c("openingId")), eq(stages.workflow, c("workflow"))))
      .orderBy(asc(stages.position), asc(stages.id))
      .limit(1)
      .prepare(),
  }));
}

export function getOpening(db: Executor, companyId: number, id: number): OpeningRow | undefined {
  return lookups(db).opening.get({ companyId, id });
}

export function isMember(db: Executor, companyId: number, openingId: number, userId: number): boolean {
  return lookups(db).member.get({ companyId, openingId, userId }) !== undefined;
}

/** The first stage of a workflow (where new candidates go by default). */
export function firstStage(db: Executor, companyId: number, openingId: number, workflow: Workflow): StageRow | undefined {
  return lookups(db).firstStage.get({ companyId, openingId, workflow });
}

/** Ids of the openings a recruiter is on the hiring team of. */
export function memberOpeningIds(db: Executor, companyId: number, userId: number): number[] {
  return db
    .select({ id: openingMembers.openingId })
    .from(openingMembers)
    .where(and(eq(openingMembers.companyId, companyId), eq(openingMembers.userId, userId)))
    .all()
    .map((r) => r.id);
}

export function listOpenings(
  db: Executor,
  companyId: number,
  f: { statuses?: OpeningStatus[]; search?: string; onlyIds?: number[]; cursor?: number; limit: number },
) {
  const conds = [eq(openings.companyId, companyId)];
  if (f.statuses?.length) conds.push(inArray(openings.status, f.statuses));
  // The pattern escapes % and _ with a backslash, so the ESCAPE clause must name it (LIKE has no default escape).
  if (f.search) conds.push(sql`${openings.title} LIKE ${`%${f.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`} ESCAPE '\\'`);
  if (f.onlyIds) conds.push(inArray(openings.id, f.onlyIds.length ? f.onlyIds : [-1]));
  if (f.cursor) conds.push(lt(openings.id, f.cursor));
  return db.select().from(openings).where(and(...conds)).orderBy(desc(openings.id)).limit(f.limit).all();
}

/** Active applications per opening and workflow, for list screens. */
export function countsByOpening(db: Executor, companyId: number, openingIds: number[]) {
  if (!openingIds.length) return [];
  return db
    .select({ openingId: applications.openingId, workflow: applications.workflow, n: sql<number>`count(*)` })
    .from(applications)
    .where(and(eq(applications.companyId, companyId), inArray(applications.openingId, openingIds), eq(applications.status, "active")))
    .groupBy(applications.openingId, applications.workflow)
    .all();
}

/**
 * Applications per stage and status of one opening (decisioned ones keep the stage they were in, so its
 * workflow). One pass over the (company, opening, stage, status) index; no table rows are read.
 */
export function countsByStage(db: Executor, companyId: number, openingId: number) {
  return db
    .select({ stageId: applications.stageId, status: applications.status, n: sql<number>`count(*)` })
    .from(applications)
    .where(and(eq(applications.companyId, companyId), eq(applications.openingId, openingId)))
    .groupBy(applications.stageId, applications.status)
    .all();
}

export function insertOpening(db: Executor, row: typeof openings.$inferInsert): number {
  return db.insert(openings).values(row).returning({ id: openings.id }).get().id;
}

export function updateOpening(db: Executor, companyId: number, id: number, set: Partial<typeof openings.$inferInsert>) {
  db.update(openings).set(set).where(and(eq(openings.companyId, companyId), eq(openings.id, id))).run();
}

export function listStages(db: Executor, companyId: number, openingId: number, workflow?: Workflow): StageRow[] {
  const conds = [eq(stages.companyId, companyId), eq(stages.openingId, openingId)];
  if (workflow) conds.push(eq(stages.workflow, workflow));
  return db.select().from(stages).where(and(...conds)).orderBy(asc(stages.workflow), asc(stages.position), asc(stages.id)).all();
}

export function getStage(db: Executor, companyId: number, id: number): StageRow | undefined {
  return lookups(db).stage.get({ companyId, id });
}

export function insertStage(db: Executor, row: typeof stages.$inferInsert): number {
  return db.insert(stages).values(row).returning({ id: stages.id }).get().id;
}

export function updateStage(db: Executor, companyId: number, id: number, set: Partial<typeof stages.$inferInsert>) {
  db.update(stages).set(set).where(and(eq(stages.companyId, companyId), eq(stages.id, id))).run();
}

export function deleteStage(db: Executor, companyId: number, id: number) {
  db.delete(stages).where(and(eq(stages.companyId, companyId), eq(stages.id, id))).run();
}

/** Every application in a stage, active or decisioned (decisioned ones remember their stage for reopening). */
export function countApplicationsInStage(db: Executor, companyId: number, stageId: number): number {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(applications)
    .where(and(eq(applications.companyId, companyId), eq(applications.stageId, stageId)))
    .get()!.n;
}

export function moveApplicationsBetweenStages(db: Executor, companyId: number, fromStageId: number, toStageId: number, now: number) {
  return db
    .update(applications)
    .set({ stageId: toStageId, updatedAt: now })
    .where(and(eq(applications.companyId, companyId), eq(applications.stageId, fromStageId)))
    .returning({ id: applications.id, candidateId: applications.candidateId, status: applications.status })
    .all();
}

export function listMembers(db: Executor, companyId: number, openingId: number) {
  return db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, active: users.active })
    .from(openingMembers)
    .innerJoin(users, eq(users.id, openingMembers.userId))
    .where(and(eq(openingMembers.companyId, companyId), eq(openingMembers.openingId, openingId)))
    .orderBy(asc(users.name))
    .all();
}

export function addMember(db: Executor, companyId: number, openingId: number, userId: number, now: number) {
  db.insert(openingMembers).values({ companyId, openingId, userId, createdAt: now }).onConflictDoNothing().run();
}

export function removeMember(db: Executor, companyId: number, openingId: number, userId: number) {
  db.delete(openingMembers)
    .where(and(eq(openingMembers.companyId, companyId), eq(openingMembers.openingId, openingId), eq(openingMembers.userId, userId)))
    .run();
}

export function clientExists(db: Executor, companyId: number, clientId: number): boolean {
  return db.select({ id: clients.id }).from(clients).where(and(eq(clients.companyId, companyId), eq(clients.id, clientId))).get() !== undefined;
}

/** Import batches remember their stage; when it is removed they point at the stage its candidates went to. */
export function repointImportBatches(db: Executor, companyId: number, fromStageId: number, toStageId: number) {
  db.update(importBatches)
    .set({ stageId: toStageId })
    .where(and(eq(importBatches.companyId, companyId), eq(importBatches.stageId, fromStageId)))
    .run();
}
