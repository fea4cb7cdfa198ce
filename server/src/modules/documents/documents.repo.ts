import { type Executor, stmt } from "../../db/client";
import type { DOCUMENT_KINDS, DOCUMENT_SOURCES, DOCUMENT_TEXT_STATUSES } from "../../db/schema/documents";
import type { DocumentFormat } from "./documents.formats";

export type DocumentSource = (typeof DOCUMENT_SOURCES)[number];
export type TextStatus = (typeof DOCUMENT_TEXT_STATUSES)[number];

export interface DocumentRow {
  id: number;
  companyId: number;
  candidateId: number;
  kind: (typeof DOCUMENT_KINDS)[number];
  fileName: string;
  format: DocumentFormat;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  source: DocumentSource;
  messageId: number | null;
  mailId: number | null;
  openingId: number | null;
  uploadedById: number | null;
  uploadedByName: string | null;
  textStatus: TextStatus;
  createdAt: number;
  removedAt: number | null;
}

const COLUMNS = `d.id, d.company_id AS companyId, d.candidate_id AS candidateId, d.kind, d.file_name AS fileName, d.format,
  d.mime_type AS mimeType, d.size_bytes AS sizeBytes, d.sha256, d.source, d.message_id AS messageId, d.mail_id AS mailId,
  d.opening_id AS openingId, d.uploaded_by_id AS uploadedById, u.name AS uploadedByName, d.text_status AS textStatus,
  d.created_at AS createdAt, d.removed_at AS removedAt`;

export function getDocument(db: Executor, companyId: number, id: number): DocumentRow | undefined {
  return stmt(db, `SELECT ${COLUMNS} FROM documents d LEFT JOIN users u ON u.id = d.uploaded_by_id WHERE d.company_id = ? AND d.id = ?`).get(companyId, id) as
    | DocumentRow
    | undefined;
}

/** A candidate's live documents, newest first (the documents_company_candidate index). */
export function documentsOfCandidate(db: Executor, companyId: number, candidateId: number): DocumentRow[] {
  return stmt(
    db,
    `SELECT ${COLUMNS} FROM documents d LEFT JOIN users u ON u.id = d.uploaded_by_id
      WHERE d.company_id = ? AND d.candidate_id = ? AND d.removed_at IS NULL ORDER BY d.id DESC LIMIT 500`,
  ).all(companyId, candidateId) as DocumentRow[];
}

/** The live documents that came with these messages (attachments of inbound replies). */
export function documentsOfMessages(db: Executor, companyId: number, messageIds: number[]): DocumentRow[] {
  if (messageIds.length === 0) return [];
  const out: DocumentRow[] = [];
  // In slices: SQLite caps bound parameters, and a thread can be long.
  for (let i = 0; i < messageIds.length; i += 200) {
    const ids = messageIds.slice(i, i + 200);
    out.push(
      ...(stmt(
        db,
        `SELECT ${COLUMNS} FROM documents d LEFT JOIN users u ON u.id = d.uploaded_by_id
          WHERE d.company_id = ? AND d.message_id IN (${ids.map(() => "?").join(",")}) AND d.removed_at IS NULL ORDER BY d.id`,
      ).all(companyId, ...ids) as DocumentRow[]),
    );
  }
  return out;
}

/** The same bytes already kept for this candidate, from the same place (an upload clicked twice, a mail resent). */
export function findSame(
  db: Executor,
  d: { companyId: number; candidateId: number; sha256: string; source: DocumentSource; messageId: number | null; openingId: number | null },
): number | undefined {
  const r = stmt(
    db,
    `SELECT id FROM documents WHERE company_id = ? AND sha256 = ? AND candidate_id = ? AND source = ? AND message_id IS ? AND opening_id IS ?
        AND removed_at IS NULL LIMIT 1`,
  ).get(d.companyId, d.sha256, d.candidateId, d.source, d.messageId, d.openingId) as { id: number } | undefined;
  return r?.id;
}

/** A row to insert: what DocumentRow has but its id, the uploader's name (a join) and the times the repo sets. */
export type NewDocument = Omit<DocumentRow, "id" | "uploadedByName" | "createdAt" | "removedAt">;

export function insertDocument(db: Executor, d: NewDocument, now: number): number {
  const r = stmt(
    db,
    `INSERT INTO documents (company_id, candidate_id, kind, file_name, format, mime_type, size_bytes, sha256, source, message_id, mail_id, opening_id,
       uploaded_by_id, text_status, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    d.companyId,
    d.candidateId,
    d.kind,
    d.fileName,
    d.format,
    d.mimeType,
    d.sizeBytes,
    d.sha256,
    d.source,
    d.messageId,
    d.mailId,
    d.openingId,
    d.uploadedById,
    d.textStatus,
    now,
  );
  return Number(r.lastInsertRowid);
}

export function markRemoved(db: Executor, companyId: number, id: number, now: number): boolean {
  return stmt(db, "UPDATE documents SET removed_at = ? WHERE company_id = ? AND id = ? AND removed_at IS NULL").run(now, companyId, id).changes > 0;
}

export function setTextStatus(db: Executor, id: number, status: TextStatus) {
  stmt(db, "UPDATE documents SET text_status = ? WHERE id = ?").run(status, id);
}

export function saveText(db: Executor, d: { documentId: number; companyId: number; text: string }, now: number) {
  stmt(
    db,
    `INSERT INTO document_texts (document_id, company_id, text, extracted_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (document_id) DO UPDATE SET text = excluded.text, extracted_at = excluded.extracted_at`,
  ).run(d.documentId, d.companyId, d.text, now);
}

/** Text already extracted from the same bytes in this company (the same CV uploaded for another person, or again). */
export function textOfSameBytes(db: Executor, companyId: number, sha256: string): string | undefined {
  const r = stmt(
    db,
    `SELECT t.text FROM documents d JOIN document_texts t ON t.document_id = d.id
      WHERE d.company_id = ? AND d.sha256 = ? AND d.text_status = 'done' LIMIT 1`,
  ).get(companyId, sha256) as { text: string } | undefined;
  return r?.text;
}

export function textOf(db: Executor, companyId: number, documentId: number): string | undefined {
  return (stmt(db, "SELECT text FROM document_texts WHERE company_id = ? AND document_id = ?").get(companyId, documentId) as { text: string } | undefined)?.text;
}

/** The candidate's text in the search index follows their documents (search-index.ts reads document_texts). */
export function noteCandidateForSearch(db: Executor, candidateId: number) {
  stmt(db, "INSERT OR IGNORE INTO candidates_fts_pending (candidate_id) VALUES (?)").run(candidateId);
}

/** The opening of a conversation message (for attachments of a reply). */
export function openingOfMessage(db: Executor, companyId: number, messageId: number): number | undefined {
  const r = stmt(
    db,
    "SELECT c.opening_id AS openingId FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.company_id = ? AND m.id = ?",
  ).get(companyId, messageId) as { openingId: number } | undefined;
  return r?.openingId;
}
