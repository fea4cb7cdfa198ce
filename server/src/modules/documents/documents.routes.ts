import fs from "node:fs";
import { type Request, type Response, Router } from "express";
import { DOCUMENT_KINDS } from "../../db/schema/documents";
import type { Deps } from "../../lib/deps";
import { AppError } from "../../lib/errors";
import { staffAuth } from "../../app";
import { DOCUMENT_MAX_BYTES } from "./documents.formats";
import { MultipartError, readMultipart } from "./documents.multipart";
import * as documents from "./documents.service";

/** A downloaded document may do nothing (no scripts, no requests), in a sandbox even when opened directly. */
export const DOCUMENT_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'";
/**
 * A PDF shown in the browser's viewer: Chrome refuses to start its PDF viewer in a sandboxed document, so no
 * sandbox here; the bytes are a PDF by their sniffed type and are sent only as application/pdf.
 */
export const PDF_PREVIEW_CSP = "default-src 'none'; frame-ancestors 'self'";

/** Sends a document's bytes with the headers that keep it inert: attachment (or a PDF preview), nosniff, strict CSP. */
export function sendDocument(res: Response, doc: { fileName: string; format: string; mimeType: string }, file: string, opts: { preview: boolean }) {
  if (!fs.existsSync(file)) {
    res.status(404).type("text").send("Not found");
    return;
  }
  const inline = opts.preview && doc.format === "pdf";
  // An ASCII fallback name for old clients, and the real one (RFC 5987) for everyone else.
  const asciiName = doc.fileName.replace(/[^\w.\- ]+/g, "_").slice(0, 150) || "document";
  res.setHeader("content-type", inline || doc.format === "pdf" ? "application/pdf" : doc.format === "other" ? "application/octet-stream" : doc.mimeType);
  res.setHeader("content-disposition", `${inline ? "inline" : "attachment"}; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`);
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("content-security-policy", inline ? PDF_PREVIEW_CSP : DOCUMENT_CSP);
  res.setHeader("cross-origin-resource-policy", "same-origin");
  res.setHeader("cache-control", "private, no-store");
  res.sendFile(file);
}

function sendError(res: Response, status: number, message: string, field?: string) {
  res.status(status).json({ error: { message, ...(field ? { field } : {}) } });
}

const STATUS: Record<string, number> = { BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, PRECONDITION_FAILED: 412, TOO_MANY_REQUESTS: 429 };

/**
 * Staff document routes outside tRPC (multipart in, bytes out):
 * POST /api/candidates/:candidateId/documents (field `file`, optional `kind`) and GET /api/documents/:documentId
 * (?view=1: a PDF in the browser's viewer). Signed in by session cookie or Bearer token; the upload needs the CSRF
 * header as every other change does.
 */
export function documentRoutes(deps: Deps): Router {
  const r = Router();
  const signedIn = (req: Request, res: Response) => {
    const auth = staffAuth(deps, req);
    if (!auth.actor) {
      sendError(res, 401, "Sign in first");
      return null;
    }
    if (auth.actor.mustChangePassword) {
      sendError(res, 412, "Choose your own password first (you signed in with a one-time password)");
      return null;
    }
    return auth;
  };

  r.post("/api/candidates/:candidateId/documents", async (req, res) => {
    const auth = signedIn(req, res);
    if (!auth) return;
    if (!auth.mayChange) return sendError(res, 403, "Cross-site request refused");
    const candidateId = Number(req.params.candidateId);
    if (!Number.isInteger(candidateId) || candidateId <= 0) return sendError(res, 404, "Candidate not found");
    try {
      // Before the body is read: a wrong id costs no upload.
      documents.checkCandidate(deps, auth.actor!, candidateId);
    } catch (err) {
      if (err instanceof AppError) return sendError(res, 404, err.message);
      throw err;
    }
    let form: Awaited<ReturnType<typeof readMultipart>>;
    try {
      form = await readMultipart(deps, req, { fileField: "file", maxFileBytes: DOCUMENT_MAX_BYTES, maxFields: 5, maxFieldBytes: 1024 });
    } catch (err) {
      if (err instanceof MultipartError) return sendError(res, 400, "Send the file as multipart/form-data in the field “file”");
      throw err;
    }
    if (!form.file) return sendError(res, 400, "Choose a file to upload", "file");
    const kind = (DOCUMENT_KINDS as readonly string[]).includes(form.fields.kind ?? "") ? (form.fields.kind as (typeof DOCUMENT_KINDS)[number]) : "resume";
    try {
      const doc = await documents.uploadDocument(deps, auth.actor!, { candidateId, kind, file: form.file });
      res.status(201).json({ document: doc });
    } catch (err) {
      await form.file.discard();
      if (!(err instanceof AppError)) throw err;
      const status = err.code === "BAD_REQUEST" && form.file.tooLarge ? 413 : (STATUS[err.code] ?? 400);
      sendError(res, status, err.message, typeof err.details?.field === "string" ? err.details.field : undefined);
    }
  });

  r.get("/api/documents/:documentId", (req, res) => {
    const auth = signedIn(req, res);
    if (!auth) return;
    const id = Number(req.params.documentId);
    try {
      if (!Number.isInteger(id) || id <= 0) throw new AppError("NOT_FOUND", "Document not found");
      const { doc, file } = documents.documentForDownload(deps, auth.actor!, id);
      sendDocument(res, doc, file, { preview: req.query.view === "1" });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      sendError(res, STATUS[err.code] ?? 400, err.message);
    }
  });
  return r;
}
