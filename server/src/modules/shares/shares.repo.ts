import { and, asc, eq, inArray, isNull, or } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { applications, candidates } from "../../db/schema/candidates";
import { clients } from "../../db/schema/companies";
import { documents } from "../../db/schema/documents";
import { openings } from "../../db/schema/openings";
import { applicationShares, clientContacts, profileTemplates } from "../../db/schema/portal";

export type ShareRow = typeof applicationShares.$inferSelect;
export type ProfileTemplateRow = typeof profileTemplates.$inferSelect;

/** What sharing one application needs to know: its opening's client, its state, its current share. */
export function shareContext(db: Executor, companyId: number, applicationId: number) {
  return db
    .select({
      applicationId: applications.id,
      candidateId: applications.candidateId,
      candidateName: candidates.fullName,
      openingId: applications.openingId,
      openingTitle: openings.title,
      status: applications.status,
      clientId: openings.clientId,
      clientName: clients.name,
    })
    .from(applications)
    .innerJoin(candidates, and(eq(candidates.companyId, applications.companyId), eq(candidates.id, applications.candidateId)))
    .innerJoin(openings, and(eq(openings.companyId, applications.companyId), eq(openings.id, applications.openingId)))
    .leftJoin(clients, and(eq(clients.companyId, openings.companyId), eq(clients.id, openings.clientId)))
    .where(and(eq(applications.companyId, companyId), eq(applications.id, applicationId)))
    .get();
}

export function getShare(db: Executor, companyId: number, applicationId: number): ShareRow | undefined {
  return db.select().from(applicationShares).where(and(eq(applicationShares.companyId, companyId), eq(applicationShares.applicationId, applicationId))).get();
}

export function upsertShare(db: Executor, row: typeof applicationShares.$inferInsert) {
  db.insert(applicationShares)
    .values(row)
    .onConflictDoUpdate({
      target: [applicationShares.companyId, applicationShares.applicationId],
      set: {
        clientId: row.clientId,
        openingId: row.openingId,
        resumeDocumentId: row.resumeDocumentId ?? null,
        videoUrl: row.videoUrl ?? null,
        profileTemplateId: row.profileTemplateId ?? null,
        sharedById: row.sharedById,
        sharedAt: row.sharedAt,
        unsharedAt: null,
      },
    })
    .run();
}

export function setUnshared(db: Executor, companyId: number, applicationId: number, now: number) {
  db.update(applicationShares)
    .set({ unsharedAt: now })
    .where(and(eq(applicationShares.companyId, companyId), eq(applicationShares.applicationId, applicationId), isNull(applicationShares.unsharedAt)))
    .run();
}

/** The live shares of an opening's applications, with who viewed them first (for the board's cards). */
export function sharesOfOpening(db: Executor, companyId: number, openingId: number) {
  return db
    .select({
      applicationId: applicationShares.applicationId,
      sharedAt: applicationShares.sharedAt,
      firstViewedAt: applicationShares.firstViewedAt,
      viewedBy: clientContacts.name,
      clientRating: applicationShares.clientRating,
    })
    .from(applicationShares)
    .leftJoin(clientContacts, and(eq(clientContacts.companyId, applicationShares.companyId), eq(clientContacts.id, applicationShares.firstViewedByContactId)))
    .where(and(eq(applicationShares.companyId, companyId), eq(applicationShares.openingId, openingId), isNull(applicationShares.unsharedAt)))
    .all();
}

export function sharesOfApplications(db: Executor, companyId: number, applicationIds: number[]) {
  if (!applicationIds.length) return [];
  return db
    .select({
      applicationId: applicationShares.applicationId,
      sharedAt: applicationShares.sharedAt,
      unsharedAt: applicationShares.unsharedAt,
      firstViewedAt: applicationShares.firstViewedAt,
      viewedBy: clientContacts.name,
      resumeDocumentId: applicationShares.resumeDocumentId,
      videoUrl: applicationShares.videoUrl,
      profileTemplateId: applicationShares.profileTemplateId,
      clientRating: applicationShares.clientRating,
    })
    .from(applicationShares)
    .leftJoin(clientContacts, and(eq(clientContacts.companyId, applicationShares.companyId), eq(clientContacts.id, applicationShares.firstViewedByContactId)))
    .where(and(eq(applicationShares.companyId, companyId), inArray(applicationShares.applicationId, applicationIds)))
    .all();
}

/** The formats a shared resume may be: a document's (an image or other file that came with a reply is not one). */
export const SHAREABLE_FORMATS = ["pdf", "docx", "doc", "odt", "rtf", "txt"] as const;

/**
 * The documents of a candidate a sharer may see: live, and (when `visibleOpeningIds` is a list: a recruiter) not
 * from an opening outside it; null means every opening (an admin). The documents' own visibility rule.
 */
function visibleDocuments(companyId: number, candidateId: number, visibleOpeningIds: number[] | null) {
  return and(
    eq(documents.companyId, companyId),
    eq(documents.candidateId, candidateId),
    isNull(documents.removedAt),
    visibleOpeningIds === null ? undefined : or(isNull(documents.openingId), inArray(documents.openingId, visibleOpeningIds)),
  );
}

/** One of the candidate's documents the sharer may see (any format: the caller says why one is refused), else undefined. */
export function visibleDocument(db: Executor, companyId: number, candidateId: number, documentId: number, visibleOpeningIds: number[] | null) {
  return db
    .select({ id: documents.id, format: documents.format })
    .from(documents)
    .where(and(eq(documents.id, documentId), visibleDocuments(companyId, candidateId, visibleOpeningIds)))
    .get();
}

/** What the share panel offers as the resume: the candidate's documents the sharer may see, in a shareable format. */
export function documentsOfCandidate(db: Executor, companyId: number, candidateId: number, visibleOpeningIds: number[] | null) {
  return db
    .select({ id: documents.id, fileName: documents.fileName, kind: documents.kind, createdAt: documents.createdAt })
    .from(documents)
    .where(and(visibleDocuments(companyId, candidateId, visibleOpeningIds), inArray(documents.format, [...SHAREABLE_FORMATS])))
    .orderBy(asc(documents.id))
    .limit(500)
    .all();
}

export function listProfileTemplates(db: Executor, companyId: number): ProfileTemplateRow[] {
  return db.select().from(profileTemplates).where(eq(profileTemplates.companyId, companyId)).orderBy(asc(profileTemplates.name), asc(profileTemplates.id)).all();
}

export function getProfileTemplate(db: Executor, companyId: number, id: number): ProfileTemplateRow | undefined {
  return db.select().from(profileTemplates).where(and(eq(profileTemplates.companyId, companyId), eq(profileTemplates.id, id))).get();
}

export function insertProfileTemplate(db: Executor, row: typeof profileTemplates.$inferInsert): number {
  return db.insert(profileTemplates).values(row).returning({ id: profileTemplates.id }).get().id;
}

export function updateProfileTemplate(db: Executor, companyId: number, id: number, set: Partial<typeof profileTemplates.$inferInsert>) {
  db.update(profileTemplates).set(set).where(and(eq(profileTemplates.companyId, companyId), eq(profileTemplates.id, id))).run();
}

export function clearDefaultTemplate(db: Executor, companyId: number) {
  db.update(profileTemplates).set({ isDefault: false }).where(eq(profileTemplates.companyId, companyId)).run();
}

export function activeContactsOfClient(db: Executor, companyId: number, clientId: number) {
  return db
    .select({ id: clientContacts.id, name: clientContacts.name, email: clientContacts.email })
    .from(clientContacts)
    .where(and(eq(clientContacts.companyId, companyId), eq(clientContacts.clientId, clientId), eq(clientContacts.active, true)))
    .orderBy(asc(clientContacts.name))
    .all();
}
