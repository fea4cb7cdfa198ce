import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { type Executor, stmt } from "../../db/client";
import { candidates, importBatches, importRows } from "../../db/schema/candidates";

export type ImportBatchRow = typeof importBatches.$inferSelect;
export type ImportStatus = ImportBatchRow["status"];
/** What the commit writes as the batch's outcome. */
export interface ImportSummary {
  added: number;
  linked: number;
  skipped: { row: number; reason: string }[];
}

export function insertBatch(
  db: Executor,
  b: {
    companyId: number;
    openingId: number;
    workflow: ImportBatchRow["workflow"];
    stageId: number;
    createdById: number;
    fileName: string;
    csv: string;
    mapping: Record<string, string>;
    totalRows: number;
  },
  now: number,
): number {
  const r = db
    .insert(importBatches)
    .values({ ...b, status: "previewed", processedRows: 0, createdAt: now })
    .returning({ id: importBatches.id })
    .get();
  return r.id;
}

export function getBatch(db: Executor, companyId: number, id: number): ImportBatchRow | undefined {
  return db.select().from(importBatches).where(and(eq(importBatches.companyId, companyId), eq(importBatches.id, id))).get();
}

/** The batch without its CSV text: what status polling reads. */
export function getBatchStatus(db: Executor, companyId: number, id: number) {
  return db
    .select({
      id: importBatches.id,
      openingId: importBatches.openingId,
      workflow: importBatches.workflow,
      stageId: importBatches.stageId,
      status: importBatches.status,
      fileName: importBatches.fileName,
      totalRows: importBatches.totalRows,
      processedRows: importBatches.processedRows,
      summary: importBatches.summary,
      error: importBatches.error,
      createdAt: importBatches.createdAt,
      finishedAt: importBatches.finishedAt,
    })
    .from(importBatches)
    .where(and(eq(importBatches.companyId, companyId), eq(importBatches.id, id)))
    .get();
}

/**
 * Moves a batch to `to` only if it is still in one of `from`: the compare-and-set that stops two commits
 * of the same batch. Returns whether it moved.
 */
export function transitionBatch(
  db: Executor,
  companyId: number,
  id: number,
  from: ImportStatus[],
  to: ImportStatus,
  set: Partial<Pick<ImportBatchRow, "mapping" | "error" | "finishedAt" | "processedRows">> = {},
): boolean {
  const r = db
    .update(importBatches)
    .set({ ...set, status: to })
    .where(and(eq(importBatches.companyId, companyId), eq(importBatches.id, id), inArray(importBatches.status, from)))
    .run();
  return r.changes > 0;
}

/** The committed outcome; the CSV text is dropped, it is no longer needed and can be megabytes. */
export function markCommitted(db: Executor, companyId: number, id: number, summary: ImportSummary, processedRows: number, now: number) {
  db.update(importBatches)
    .set({ status: "committed", summary: summary as unknown as Record<string, unknown>, processedRows, error: null, csv: "", finishedAt: now })
    .where(and(eq(importBatches.companyId, companyId), eq(importBatches.id, id)))
    .run();
}

export function markFailed(db: Executor, companyId: number, id: number, error: string, now: number) {
  db.update(importBatches)
    .set({ status: "failed", error, processedRows: 0, finishedAt: now })
    .where(and(eq(importBatches.companyId, companyId), eq(importBatches.id, id)))
    .run();
}

export type ImportRowOutcome = (typeof importRows.$inferSelect)["outcome"];

/** One linked or skipped row of a commit (inside its transaction; a prepared statement, as it runs per row). */
export function insertRowOutcome(
  db: Executor,
  r: { companyId: number; batchId: number; row: number; outcome: ImportRowOutcome; name: string; candidateId: number | null; reason: string },
) {
  stmt(db, "INSERT INTO import_rows (company_id, batch_id, row, outcome, name, candidate_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?)").run(
    r.companyId,
    r.batchId,
    r.row,
    r.outcome,
    r.name,
    r.candidateId,
    r.reason,
  );
}

/** A batch's linked or skipped rows in file order, after row `afterRow`, with the candidate's current name. */
export function listRowOutcomes(db: Executor, companyId: number, batchId: number, outcome: ImportRowOutcome, afterRow: number, limit: number) {
  return db
    .select({ row: importRows.row, name: importRows.name, candidateId: importRows.candidateId, candidateName: candidates.fullName, reason: importRows.reason })
    .from(importRows)
    .leftJoin(candidates, and(eq(candidates.id, importRows.candidateId), eq(candidates.companyId, importRows.companyId)))
    .where(and(eq(importRows.companyId, companyId), eq(importRows.batchId, batchId), eq(importRows.outcome, outcome), gt(importRows.row, afterRow)))
    .orderBy(asc(importRows.row))
    .limit(limit)
    .all();
}
