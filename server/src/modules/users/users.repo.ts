import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { users } from "../../db/schema/companies";

export const publicUserColumns = {
  id: users.id,
  companyId: users.companyId,
  email: users.email,
  name: users.name,
  role: users.role,
  active: users.active,
  mustChangePassword: users.mustChangePassword,
  createdAt: users.createdAt,
};

export function listUsers(db: Executor, companyId: number) {
  return db.select(publicUserColumns).from(users).where(eq(users.companyId, companyId)).orderBy(asc(users.name)).all();
}

export function listDirectory(db: Executor, companyId: number) {
  return db
    .select({ id: users.id, name: users.name, active: users.active })
    .from(users)
    .where(eq(users.companyId, companyId))
    .orderBy(asc(users.name))
    .all();
}

export function getUser(db: Executor, companyId: number, id: number) {
  return db.select(publicUserColumns).from(users).where(and(eq(users.companyId, companyId), eq(users.id, id))).get();
}

export function emailTaken(db: Executor, email: string) {
  return db.select({ id: users.id }).from(users).where(eq(users.email, email)).get() !== undefined;
}

export function insertUser(db: Executor, row: typeof users.$inferInsert) {
  return db.insert(users).values(row).returning({ id: users.id }).get().id;
}

export function updateUser(db: Executor, companyId: number, id: number, set: Partial<typeof users.$inferInsert>) {
  db.update(users).set(set).where(and(eq(users.companyId, companyId), eq(users.id, id))).run();
}

export function countActiveSuperAdmins(db: Executor, companyId: number) {
  return db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.companyId, companyId), eq(users.role, "super_admin"), eq(users.active, true)))
    .all().length;
}
