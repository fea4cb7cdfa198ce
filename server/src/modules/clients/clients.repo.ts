import { and, asc, eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { clients } from "../../db/schema/companies";
import { openings } from "../../db/schema/openings";
import { clientContacts } from "../../db/schema/portal";

export type ClientRow = typeof clients.$inferSelect;
export type ContactRow = typeof clientContacts.$inferSelect;

export function listClients(db: Executor, companyId: number) {
  return db
    .select({
      id: clients.id,
      name: clients.name,
      notes: clients.notes,
      createdAt: clients.createdAt,
      activeContacts: sql<number>`(SELECT count(*) FROM client_contacts cc WHERE cc.company_id = ${clients.companyId} AND cc.client_id = ${clients.id} AND cc.active = 1)`,
      contacts: sql<number>`(SELECT count(*) FROM client_contacts cc WHERE cc.company_id = ${clients.companyId} AND cc.client_id = ${clients.id})`,
      openings: sql<number>`(SELECT count(*) FROM openings o WHERE o.company_id = ${clients.companyId} AND o.client_id = ${clients.id} AND o.status != 'archived')`,
    })
    .from(clients)
    .where(eq(clients.companyId, companyId))
    .orderBy(asc(clients.name), asc(clients.id))
    .all();
}

export function getClient(db: Executor, companyId: number, id: number): ClientRow | undefined {
  return db.select().from(clients).where(and(eq(clients.companyId, companyId), eq(clients.id, id))).get();
}

export function insertClient(db: Executor, row: typeof clients.$inferInsert): number {
  return db.insert(clients).values(row).returning({ id: clients.id }).get().id;
}

export function updateClient(db: Executor, companyId: number, id: number, set: Partial<typeof clients.$inferInsert>) {
  db.update(clients).set(set).where(and(eq(clients.companyId, companyId), eq(clients.id, id))).run();
}

export function listContacts(db: Executor, companyId: number, clientId: number): ContactRow[] {
  return db
    .select()
    .from(clientContacts)
    .where(and(eq(clientContacts.companyId, companyId), eq(clientContacts.clientId, clientId)))
    .orderBy(asc(clientContacts.name), asc(clientContacts.id))
    .all();
}

export function getContact(db: Executor, companyId: number, id: number): ContactRow | undefined {
  return db.select().from(clientContacts).where(and(eq(clientContacts.companyId, companyId), eq(clientContacts.id, id))).get();
}

export function contactByEmail(db: Executor, companyId: number, email: string): ContactRow | undefined {
  return db.select().from(clientContacts).where(and(eq(clientContacts.companyId, companyId), eq(clientContacts.email, email))).get();
}

export function insertContact(db: Executor, row: typeof clientContacts.$inferInsert): number {
  return db.insert(clientContacts).values(row).returning({ id: clientContacts.id }).get().id;
}

export function updateContact(db: Executor, companyId: number, id: number, set: Partial<typeof clientContacts.$inferInsert>) {
  db.update(clientContacts).set(set).where(and(eq(clientContacts.companyId, companyId), eq(clientContacts.id, id))).run();
}

export function activeContactCount(db: Executor, companyId: number, clientId: number): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(clientContacts)
      .where(and(eq(clientContacts.companyId, companyId), eq(clientContacts.clientId, clientId), eq(clientContacts.active, true)))
      .get()?.n ?? 0
  );
}

export function openingsOfClient(db: Executor, companyId: number, clientId: number) {
  return db
    .select({ id: openings.id, title: openings.title, status: openings.status })
    .from(openings)
    .where(and(eq(openings.companyId, companyId), eq(openings.clientId, clientId)))
    .orderBy(asc(openings.title))
    .all();
}
