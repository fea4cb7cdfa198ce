import { eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { companies } from "../../db/schema/companies";

export type CompanyRow = typeof companies.$inferSelect;

export function insertCompany(db: Executor, row: typeof companies.$inferInsert): number {
  return db.insert(companies).values(row).returning({ id: companies.id }).get().id;
}

export function getCompany(db: Executor, id: number): CompanyRow | undefined {
  return db.select().from(companies).where(eq(companies.id, id)).get();
}

export function updateCompany(db: Executor, id: number, set: Partial<typeof companies.$inferInsert>) {
  db.update(companies).set(set).where(eq(companies.id, id)).run();
}

export function countCompanies(db: Executor): number {
  return db.select({ n: sql<number>`count(*)` }).from(companies).get()!.n;
}

export function slugTaken(db: Executor, slug: string): boolean {
  return db.select({ id: companies.id }).from(companies).where(eq(companies.slug, slug)).get() !== undefined;
}
