import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { messages, messageTemplates } from "../../db/schema/mail";

export type TemplateRow = typeof messageTemplates.$inferSelect;

export function listTemplates(db: Executor, companyId: number): TemplateRow[] {
  return db.select().from(messageTemplates).where(eq(messageTemplates.companyId, companyId)).orderBy(asc(messageTemplates.id)).all();
}

export function getTemplate(db: Executor, companyId: number, id: number): TemplateRow | undefined {
  return db.select().from(messageTemplates).where(and(eq(messageTemplates.companyId, companyId), eq(messageTemplates.id, id))).get();
}

export function templateByName(db: Executor, companyId: number, name: string): TemplateRow | undefined {
  return db.select().from(messageTemplates).where(and(eq(messageTemplates.companyId, companyId), eq(messageTemplates.name, name))).get();
}

export function insertTemplate(db: Executor, row: typeof messageTemplates.$inferInsert): number {
  return db.insert(messageTemplates).values(row).returning({ id: messageTemplates.id }).get().id;
}

export function updateTemplate(db: Executor, companyId: number, id: number, set: Partial<typeof messageTemplates.$inferInsert>) {
  db.update(messageTemplates).set(set).where(and(eq(messageTemplates.companyId, companyId), eq(messageTemplates.id, id))).run();
}

/** Messages keep their text; only the link to the template goes. */
export function deleteTemplate(db: Executor, companyId: number, id: number) {
  db.update(messages).set({ templateId: null }).where(and(eq(messages.companyId, companyId), eq(messages.templateId, id))).run();
  db.delete(messageTemplates).where(and(eq(messageTemplates.companyId, companyId), eq(messageTemplates.id, id))).run();
}
