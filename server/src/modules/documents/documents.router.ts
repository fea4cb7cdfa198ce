import { z } from "zod";
import { DOCUMENT_FORMATS, DOCUMENT_KINDS, DOCUMENT_SOURCES, DOCUMENT_TEXT_STATUSES } from "../../db/schema/documents";
import { authedProcedure, router } from "../../trpc/init";
import * as documents from "./documents.service";

const zId = z.number().int().positive();

export const zDocument = z.object({
  id: z.number(),
  candidateId: z.number(),
  kind: z.enum(DOCUMENT_KINDS),
  fileName: z.string(),
  format: z.enum(DOCUMENT_FORMATS),
  sizeBytes: z.number(),
  source: z.enum(DOCUMENT_SOURCES),
  messageId: z.number().nullable(),
  openingId: z.number().nullable(),
  uploadedByName: z.string().nullable(),
  textStatus: z.enum(DOCUMENT_TEXT_STATUSES),
  createdAt: z.number(),
  downloadUrl: z.string(),
  previewUrl: z.string().nullable(),
});

/**
 * A candidate's documents. Uploading is multipart over plain HTTP (POST /api/candidates/<id>/documents) and
 * downloading is GET /api/documents/<id> (documents.routes.ts); these are the list and the (admin) removal.
 */
export const documentsRouter = router({
  list: authedProcedure
    .input(z.object({ candidateId: zId }))
    .output(z.array(zDocument))
    .query(({ ctx, input }) => documents.listDocuments(ctx.deps, ctx.actor, input)),
  remove: authedProcedure
    .input(z.object({ documentId: zId }))
    .output(z.object({ removed: z.literal(true) }))
    .mutation(({ ctx, input }) => documents.removeDocument(ctx.deps, ctx.actor, input)),
});
