import { and, asc, eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { applications } from "../../db/schema/candidates";
import { decisionedStates } from "../../db/schema/openings";

export type DecisionedStateRow = typeof decisionedStates.$inferSelect;

export function listStates(db: Executor, companyId: number): DecisionedStateRow[] {
  return db.select().from(decisionedStates).where(eq(decisionedStates.companyId, companyId)).orderBy(asc(decisionedStates.position), asc(decisionedStates.id)).all();
}

export function getState(db: Executor, companyId: number, id: number): DecisionedStateRow | undefined {
  return db.select().from(decisionedStates).where(and(eq(decisionedStates.companyId, companyId), eq(decisionedStates.id, id))).get();
}

export function systemState(db: Executor, companyId: number, kind: DecisionedStateRow["kind"]) {
  return db
    .select()
    .from(decisionedStates)
    .where(and(eq(decisionedStates.companyId, companyId), eq(decisionedStates.kind, kind), eq(decisionedStates.isSystem, true)))
    .get();
}

export function insertState(db: Executor, row: typeof decisionedStates.$inferInsert): number {
  return db.insert(decisionedStates).values(row).returning({ id: decisionedStates.id }).get().id;
}

export function updateState(db: Executor, companyId: number, id: number, set: Partial<typeof decisionedStates.$inferInsert>) {
  db.update(decisionedStates).set(set).where(and(eq(decisionedStates.companyId, companyId), eq(decisionedStates.id, id))).run();
}

export function deleteState(db: Executor, companyId: number, id: number) {
  db.delete(decisionedStates).where(and(eq(decisionedStates.companyId, companyId), eq(decisionedStates.id, id))).run();
}

export function stateInUse(db: Executor, companyId: number, id: number): boolean {
  return (
    db
      .select({ one: sql`1` })
      .from(applications)
      .where(and(eq(applications.companyId, companyId), eq(applications.decisionedStateId, id)))
      .limit(1)
      .get() !== undefined
  );
}
