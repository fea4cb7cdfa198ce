import { z } from "zod";
import { authedProcedure, router } from "../../trpc/init";
import * as imports from "./imports.service";

const zId = z.number().int().positive();
const zWorkflow = z.enum(["prospecting", "hiring"]);
const zField = z.enum(imports.IMPORT_FIELDS);
const zMapping = z.record(z.string().max(300), zField).refine((m) => Object.keys(m).length <= 200, "At most 200 columns");

const zRowError = z.object({
  row: z.number(),
  code: z.enum(["missing_name", "malformed_email", "malformed_phone", "malformed_url", "invalid_value", "too_many_values", "extra_values", "duplicate_in_file", "already_on_opening"]),
  field: z.string().optional(),
  reason: z.string(),
  candidateId: z.number().optional(),
});

const zSampleRow = z.object({
  row: z.number(),
  fullName: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  profileUrl: z.string().nullable(),
  links: z.array(z.string()),
  title: z.string(),
  company: z.string(),
  location: z.string(),
  headline: z.string(),
  summary: z.string(),
  skills: z.array(z.string()),
  tags: z.array(z.string()),
  outcome: z.enum(["create", "link", "error"]),
});

const zBatch = z.object({
  batchId: z.number(),
  openingId: z.number(),
  workflow: zWorkflow,
  stageId: z.number(),
  fileName: z.string(),
  status: z.enum(["previewed", "committing", "committed", "failed"]),
  totalRows: z.number(),
  processedRows: z.number(),
  summary: z
    .object({
      added: z.number(),
      linked: z.number(),
      skipped: z.array(z.object({ row: z.number(), reason: z.string() })),
    })
    .nullable(),
  error: z.string().nullable(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
});

export const importsRouter = router({
  /** Parses and checks a CSV for one opening's workflow stage; stores it as a batch; writes no candidate. */
  preview: authedProcedure
    .input(
      z.object({
        openingId: zId,
        workflow: zWorkflow,
        stageId: zId.optional(),
        fileName: z.string().max(255).optional(),
        // Characters, a lower bound of bytes; the service checks the byte size.
        csv: z.string().max(imports.MAX_IMPORT_BYTES, `The file is larger than ${imports.MAX_IMPORT_BYTES / 1024 / 1024} MB; split it into smaller files`),
        mapping: zMapping.optional(),
      }),
    )
    .output(
      z.object({
        batchId: z.number(),
        openingId: z.number(),
        workflow: zWorkflow,
        stageId: z.number(),
        stageName: z.string(),
        headers: z.array(z.string()),
        /** Per header, in the same order: its first few non-empty values. */
        columnSamples: z.array(z.array(z.string())),
        delimiter: z.string(),
        mapping: z.record(z.string(), zField),
        warnings: z.array(z.string()),
        totalRows: z.number(),
        valid: z.number(),
        willCreate: z.number(),
        willLink: z.number(),
        errorRows: z.number(),
        errors: z.array(zRowError),
        sample: z.array(zSampleRow),
      }),
    )
    .mutation(({ ctx, input }) => imports.previewImport(ctx.deps, ctx.actor, input)),
  /** All rows or none; returns at once with status "committing" on a database file (poll `get`). */
  commit: authedProcedure
    .input(z.object({ batchId: zId, mapping: zMapping.optional(), skipInvalid: z.boolean() }))
    .output(zBatch)
    .mutation(({ ctx, input }) => imports.commitImport(ctx.deps, ctx.actor, input)),
  get: authedProcedure
    .input(z.object({ batchId: zId }))
    .output(zBatch)
    .query(({ ctx, input }) => imports.getImport(ctx.deps, ctx.actor, input.batchId)),
  /** The committed batch's rows linked to an existing candidate, or skipped (and why), in file order; also at GET /exports/imports/<id>/rows.csv. */
  rows: authedProcedure
    .input(z.object({ batchId: zId, outcome: z.enum(["linked", "skipped"]), cursor: z.number().int().nonnegative().optional(), limit: z.number().int().min(1).max(200).default(50) }))
    .output(
      z.object({
        items: z.array(z.object({ row: z.number(), name: z.string(), candidateId: z.number().nullable(), candidateName: z.string().nullable(), reason: z.string() })),
        nextCursor: z.number().nullable(),
      }),
    )
    .query(({ ctx, input }) => imports.listImportRows(ctx.deps, ctx.actor, input)),
});
