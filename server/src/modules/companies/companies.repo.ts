import { eq, sql } from "drizzle-orm";
import { type Executor, stmt } from "../../db/client";
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

export function logoInUse(db: Executor, sha256: string): boolean {
  return stmt(db, "SELECT 1 FROM companies WHERE logo_sha256 = ? LIMIT 1").get(sha256) !== undefined;
}

export function logoBySlug(db: Executor, slug: string): { sha256: string; type: string } | undefined {
  return stmt(db, "SELECT logo_sha256 AS sha256, logo_type AS type FROM companies WHERE slug = ? AND logo_sha256 IS NOT NULL AND logo_type IS NOT NULL").get(slug) as
    | { sha256: string; type: string }
    | undefined;
}
