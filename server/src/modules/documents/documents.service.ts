import fs from "node:fs";
import { type Executor, stmt, type Tx } from "../../db/client";
import { whenWritable } from "../../db/write-gate";
import { enqueue } from "../../jobs/queue";
import type { JobHandler } from "../../jobs/worker";
import { isAdmin, type UserActor } from "../../lib/actor";
import type { Deps } from "../../lib/deps";
import { badRequest, forbidden, notFound } from "../../lib/errors";
import { publish } from "../../lib/events";
import { recordActivity } from "../activities/activities.repo";
import { visibleOpeningIds } from "../openings/openings.service";
import { extractText } from "./documents.extract";
import { ACCEPTED_FORMATS_TEXT, cleanFileName, DOCUMENT_MAX_BYTES, DOCUMENT_MIME, type DocumentFormat, type ResumeFormat, sniffFormat } from "./documents.formats";
import * as repo from "./documents.repo";
import { type StoredBlob, documentFile, type IncomingFile } from "./documents.store";
import { EXTRACTED_FORMATS, extractTextInProcess } from "./documents.text";

/** The job that reads a document's text (off the request path) and feeds it to the candidate search index. */
export const DOCUMENT_TEXT_JOB = "document.text";

/** What the API shows of a document: never its hash, path or the raw mail it came in. */
export function publicDocument(d: repo.DocumentRow) {
  return {
    id: d.id,
    candidateId: d.candidateId,
    kind: d.kind,
    fileName: d.fileName,
    format: d.format,
    sizeBytes: d.sizeBytes,
    source: d.source,
    messageId: d.messageId,
    openingId: d.openingId,
    uploadedByName: d.uploadedByName,
    textStatus: d.textStatus,
    createdAt: d.createdAt,
    /** The authorised download (Content-Disposition: attachment). */
    downloadUrl: `/api/documents/${d.id}`,
    /** PDFs only: the same file shown in the browser's own PDF viewer. */
    previewUrl: d.format === "pdf" ? `/api/documents/${d.id}?view=1` : null,
  };
}
export type PublicDocument = ReturnType<typeof publicDocument>;

/** A document a user may see: their company's, live, and (for a recruiter) not from an opening they are not on. */
function visibleTo(db: Executor, actor: UserActor, d: repo.DocumentRow | undefined, visible = visibleOpeningIds(db, actor)): boolean {
  if (!d || d.companyId !== actor.companyId || d.removedAt !== null) return false;
  return d.openingId === null || visible === null || visible.includes(d.openingId);
}

function liveCandidate(db: Executor, companyId: number, candidateId: number) {
  const c = stmt(db, "SELECT id, merged_into_id AS mergedIntoId FROM candidates WHERE company_id = ? AND id = ?").get(companyId, candidateId) as
    | { id: number; mergedIntoId: number | null }
    | undefined;
  if (!c || c.mergedIntoId !== null) throw notFound("Candidate");
  return c;
}

export interface NewDocumentInput {
  companyId: number;
  candidateId: number;
  blob: StoredBlob;
  fileName: string;
  format: DocumentFormat;
  kind: repo.DocumentRow["kind"];
  source: repo.DocumentSource;
  messageId?: number | null;
  mailId?: number | null;
  openingId?: number | null;
  uploadedById?: number | null;
}

/**
 * Records a stored blob as a candidate's document, in the caller's transaction. The same bytes from the same place
 * (an upload sent twice, a mail resent) are one document. Its text is read by a job, or copied at once when the same
 * bytes were read before; the search index follows.
 */
export function addDocumentTx(tx: Tx | Executor, d: NewDocumentInput, now: number): { documentId: number; created: boolean } {
  const key = { companyId: d.companyId, candidateId: d.candidateId, sha256: d.blob.sha256, source: d.source, messageId: d.messageId ?? null, openingId: d.openingId ?? null };
  const same = repo.findSame(tx, key);
  if (same !== undefined) return { documentId: same, created: false };
  const extracted = (EXTRACTED_FORMATS as readonly string[]).includes(d.format);
  const known = extracted ? repo.textOfSameBytes(tx, d.companyId, d.blob.sha256) : undefined;
  const documentId = repo.insertDocument(
    tx,
    {
      ...key,
      kind: d.kind,
      fileName: cleanFileName(d.fileName, d.format),
      format: d.format,
      mimeType: DOCUMENT_MIME[d.format],
      sizeBytes: d.blob.size,
      mailId: d.mailId ?? null,
      uploadedById: d.uploadedById ?? null,
      textStatus: !extracted ? "none" : known !== undefined ? "done" : "pending",
    },
    now,
  );
  if (known !== undefined) {
    repo.saveText(tx, { documentId, companyId: d.companyId, text: known }, now);
    repo.noteCandidateForSearch(tx, d.candidateId);
  } else if (extracted) {
    enqueue(tx, { companyId: d.companyId, kind: DOCUMENT_TEXT_JOB, payload: { documentId }, runAt: now, maxAttempts: 3 }, now);
  }
  return { documentId, created: true };
}

/** Why a file is refused as a resume (size, emptiness, type told from its bytes), or null when it is fine. */
export function resumeProblem(f: Pick<IncomingFile, "tooLarge" | "size" | "head" | "tail">): { problem: string } | { format: ResumeFormat } {
  if (f.tooLarge) return { problem: `This file is larger than ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB.` };
  if (f.size === 0) return { problem: "This file is empty." };
  const format = sniffFormat(f.head, f.tail);
  if (!format) return { problem: `This is not ${ACCEPTED_FORMATS_TEXT}.` };
  return { format };
}

/**
 * A user uploads a document for a candidate (any user of the company: the candidate is the company's). The file
 * arrived as a stream into a temporary file; here it is checked, kept under its content address, and recorded.
 */
export async function uploadDocument(deps: Deps, actor: UserActor, input: { candidateId: number; kind?: repo.DocumentRow["kind"]; file: IncomingFile }) {
  try {
    liveCandidate(deps.db, actor.companyId, input.candidateId);
    const checked = resumeProblem(input.file);
    if ("problem" in checked) throw badRequest(checked.problem.replace(/^This file is/, "The file is").replace(/^This is not/, "The file is not"), { field: "file" });
    const blob = await input.file.commit();
    await whenWritable(deps.db);
    const now = deps.clock.now();
    const r = deps.db.transaction((tx) => {
      liveCandidate(tx, actor.companyId, input.candidateId);
      const added = addDocumentTx(tx, { companyId: actor.companyId, candidateId: input.candidateId, blob, fileName: input.file.fileName, format: checked.format, kind: input.kind ?? "resume", source: "upload", uploadedById: actor.userId }, now);
      if (added.created) {
        recordActivity(
          tx,
          actor,
          { companyId: actor.companyId, candidateId: input.candidateId, type: "document.added", data: { documentId: added.documentId, fileName: cleanFileName(input.file.fileName, checked.format), source: "upload" } },
          now,
        );
      }
      return added;
    });
    publish(deps.db, [{ type: "jobs" }]);
    return publicDocument(repo.getDocument(deps.db, actor.companyId, r.documentId)!);
  } finally {
    await input.file.discard();
  }
}

/** NOT_FOUND unless the candidate is this company's (and not merged away): checked before an upload is read. */
export function checkCandidate(deps: Deps, actor: UserActor, candidateId: number) {
  liveCandidate(deps.db, actor.companyId, candidateId);
}

/** A candidate's documents that this user may see, newest first. */
export function listDocuments(deps: Deps, actor: UserActor, input: { candidateId: number }) {
  liveCandidate(deps.db, actor.companyId, input.candidateId);
  const visible = visibleOpeningIds(deps.db, actor);
  return repo
    .documentsOfCandidate(deps.db, actor.companyId, input.candidateId)
    .filter((d) => visibleTo(deps.db, actor, d, visible))
    .map(publicDocument);
}

/** Admins remove a document: it leaves the lists, the downloads and the search index (the row stays, marked). */
export function removeDocument(deps: Deps, actor: UserActor, input: { documentId: number }) {
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const d = repo.getDocument(tx, actor.companyId, input.documentId);
    if (!visibleTo(tx, actor, d)) throw notFound("Document");
    if (!isAdmin(actor)) throw forbidden("Only admins can remove documents");
    repo.markRemoved(tx, actor.companyId, d!.id, now);
    repo.noteCandidateForSearch(tx, d!.candidateId);
    recordActivity(tx, actor, { companyId: actor.companyId, candidateId: d!.candidateId, type: "document.removed", data: { documentId: d!.id, fileName: d!.fileName } }, now);
  });
  return { removed: true as const };
}

/** The document and where its bytes are, for the staff download route; NOT_FOUND for anything not theirs to see. */
export function documentForDownload(deps: Deps, actor: UserActor, documentId: number) {
  const d = repo.getDocument(deps.db, actor.companyId, documentId);
  if (!visibleTo(deps.db, actor, d)) throw notFound("Document");
  return { doc: d!, file: documentFile(deps, d!.sha256) };
}

/** Attachments kept from these messages (a thread's), by message id. */
export function attachmentsByMessage(db: Executor, companyId: number, messageIds: number[]) {
  const out = new Map<number, PublicDocument[]>();
  for (const d of repo.documentsOfMessages(db, companyId, messageIds)) {
    const list = out.get(d.messageId!) ?? [];
    list.push(publicDocument(d));
    out.set(d.messageId!, list);
  }
  return out;
}

/**
 * DOCUMENT_TEXT_JOB: reads the document's text in the extraction worker and records it (with its status) in the
 * same transaction that marks the job done; the candidate is re-indexed for search. A file that cannot be read
 * (broken, encrypted, too slow) is marked failed: reading it again would fail again.
 */
export function documentTextHandler(deps: Deps): JobHandler {
  return async (job) => {
    const documentId = Number(job.payload.documentId);
    const d = job.companyId === null ? undefined : repo.getDocument(deps.db, job.companyId, documentId);
    if (!d || d.removedAt !== null || d.textStatus !== "pending") return undefined;
    const format = d.format as ResumeFormat;
    let text: string | null = null;
    let error: string | null = null;
    try {
      const bytes = await fs.promises.readFile(documentFile(deps, d.sha256));
      // Plain text needs no parser: read here; PDF and DOCX in the extraction worker thread.
      text = format === "txt" ? await extractTextInProcess(format, bytes) : await extractText(format, bytes);
    } catch (err) {
      error = (err instanceof Error ? err.message : String(err)).slice(0, 200);
    }
    if (error !== null) deps.log.warn({ documentId, format, error }, "document text could not be read");
    const now = deps.clock.now();
    return (tx) => {
      if (text === null) {
        repo.setTextStatus(tx, d.id, "failed");
        return;
      }
      repo.saveText(tx, { documentId: d.id, companyId: d.companyId, text }, now);
      repo.setTextStatus(tx, d.id, "done");
      // Read again: the document may have moved to another person (a merge) while its text was read.
      const current = repo.getDocument(tx, d.companyId, d.id);
      repo.noteCandidateForSearch(tx, current?.candidateId ?? d.candidateId);
    };
  };
}
