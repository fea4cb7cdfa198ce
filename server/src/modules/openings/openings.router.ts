import { z } from "zod";
import { authedProcedure, router } from "../../trpc/init";
import * as openings from "./openings.service";

const zStatus = z.enum(["draft", "open", "on_hold", "closed", "archived"]);
const zWorkflow = z.enum(["prospecting", "hiring"]);
const zId = z.number().int().positive();
const zName = z.string().trim().min(1).max(100);
const zOpeningId = z.object({ openingId: zId });

const zOpening = z.object({
  id: z.number(),
  title: z.string(),
  department: z.string(),
  location: z.string(),
  description: z.string(),
  clientId: z.number().nullable(),
  ownerId: z.number(),
  status: zStatus,
  prospectingEnabled: z.boolean(),
  /** Listed on the public careers page (when open). */
  published: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
/** count: active applications in the stage; decisionedCount: decisioned ones that were in it. */
const zStage = z.object({ id: z.number(), name: z.string(), workflow: zWorkflow, position: z.number(), count: z.number(), decisionedCount: z.number() });
const zOpeningDetail = zOpening.extend({
  hiringStages: z.array(zStage),
  prospectingStages: z.array(zStage),
  team: z.array(z.object({ id: z.number(), name: z.string(), email: z.string(), role: z.string(), active: z.boolean() })),
  canManage: z.boolean(),
});

export const openingsRouter = router({
  list: authedProcedure
    .input(
      z.object({
        statuses: z.array(zStatus).optional(),
        search: z.string().trim().max(200).optional(),
        mine: z.boolean().optional(),
        /** Pickers and filters need no counts; counting walks every application of the listed openings. */
        withCounts: z.boolean().default(true),
        cursor: zId.optional(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .output(z.object({ items: z.array(zOpening.extend({ counts: z.object({ hiring: z.number(), prospecting: z.number() }).nullable() })), nextCursor: z.number().nullable() }))
    .query(({ ctx, input }) => openings.listOpenings(ctx.deps, ctx.actor, input)),
  get: authedProcedure.input(zOpeningId).output(zOpeningDetail).query(({ ctx, input }) => openings.getOpening(ctx.deps, ctx.actor, input.openingId)),
  create: authedProcedure
    .input(
      z.object({
        title: z.string().trim().min(1).max(200),
        department: z.string().trim().max(200).optional(),
        location: z.string().trim().max(200).optional(),
        description: z.string().max(50_000).optional(),
        clientId: zId.nullable().optional(),
        ownerId: zId.optional(),
        status: zStatus.optional(),
        prospectingEnabled: z.boolean().optional(),
        hiringStages: z.array(zName).min(1).max(30).optional(),
        prospectingStages: z.array(zName).min(1).max(30).optional(),
        teamUserIds: z.array(zId).max(100).optional(),
      }),
    )
    .output(zOpeningDetail)
    .mutation(({ ctx, input }) => openings.getOpening(ctx.deps, ctx.actor, openings.createOpening(ctx.deps, ctx.actor, input))),
  update: authedProcedure
    .input(
      zOpeningId.extend({
        title: z.string().trim().min(1).max(200).optional(),
        department: z.string().trim().max(200).optional(),
        location: z.string().trim().max(200).optional(),
        description: z.string().max(50_000).optional(),
        clientId: zId.nullable().optional(),
        ownerId: zId.optional(),
      }),
    )
    .output(zOpeningDetail)
    .mutation(({ ctx, input }) => openings.updateOpening(ctx.deps, ctx.actor, input)),
  setStatus: authedProcedure
    .input(zOpeningId.extend({ status: zStatus }))
    .output(zOpeningDetail)
    .mutation(({ ctx, input }) => openings.setStatus(ctx.deps, ctx.actor, input)),
  archive: authedProcedure
    .input(zOpeningId)
    .output(zOpeningDetail)
    .mutation(({ ctx, input }) => openings.setStatus(ctx.deps, ctx.actor, { openingId: input.openingId, status: "archived" })),
  setProspecting: authedProcedure
    .input(zOpeningId.extend({ enabled: z.boolean() }))
    .output(zOpeningDetail)
    .mutation(({ ctx, input }) => openings.setProspecting(ctx.deps, ctx.actor, input)),
  setPublished: authedProcedure
    .input(zOpeningId.extend({ published: z.boolean() }))
    .output(zOpeningDetail)
    .mutation(({ ctx, input }) => openings.setPublished(ctx.deps, ctx.actor, input)),
  team: router({
    add: authedProcedure
      .input(zOpeningId.extend({ userId: zId }))
      .output(zOpeningDetail)
      .mutation(({ ctx, input }) => openings.addTeamMember(ctx.deps, ctx.actor, input)),
    remove: authedProcedure
      .input(zOpeningId.extend({ userId: zId }))
      .output(zOpeningDetail)
      .mutation(({ ctx, input }) => openings.removeTeamMember(ctx.deps, ctx.actor, input)),
  }),
  stages: router({
    add: authedProcedure
      .input(zOpeningId.extend({ workflow: zWorkflow, name: zName, position: z.number().int().min(0).optional() }))
      .output(zOpeningDetail)
      .mutation(({ ctx, input }) => openings.addStage(ctx.deps, ctx.actor, input)),
    rename: authedProcedure
      .input(zOpeningId.extend({ stageId: zId, name: zName }))
      .output(zOpeningDetail)
      .mutation(({ ctx, input }) => openings.renameStage(ctx.deps, ctx.actor, input)),
    reorder: authedProcedure
      .input(zOpeningId.extend({ workflow: zWorkflow, stageIds: z.array(zId).min(1).max(50) }))
      .output(zOpeningDetail)
      .mutation(({ ctx, input }) => openings.reorderStages(ctx.deps, ctx.actor, input)),
    remove: authedProcedure
      .input(zOpeningId.extend({ stageId: zId, moveToStageId: zId.optional() }))
      .output(zOpeningDetail)
      .mutation(({ ctx, input }) => openings.removeStage(ctx.deps, ctx.actor, input)),
  }),
});
