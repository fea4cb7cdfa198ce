import { z } from "zod";
import { authedProcedure, router, superAdminProcedure } from "../../trpc/init";
import * as decisions from "./decisions.service";

const zKind = z.enum(["rejected", "withdrawn", "hired", "rejected_by_client"]);
const zState = z.object({ id: z.number(), name: z.string(), kind: zKind, isSystem: z.boolean(), position: z.number(), retired: z.boolean() });
const zName = z.string().trim().min(1).max(100);
const zStateId = z.object({ stateId: z.number().int().positive() });

export const decisionedStatesRouter = router({
  list: authedProcedure
    .input(z.object({ includeRetired: z.boolean().default(false) }).default({ includeRetired: false }))
    .output(z.array(zState))
    .query(({ ctx, input }) => decisions.listStates(ctx.deps, ctx.actor, input.includeRetired)),
  create: superAdminProcedure
    .input(z.object({ name: zName, kind: z.enum(["rejected", "withdrawn", "hired"]) }))
    .output(zState)
    .mutation(({ ctx, input }) => decisions.createState(ctx.deps, ctx.actor, input)),
  rename: superAdminProcedure
    .input(zStateId.extend({ name: zName }))
    .output(zState)
    .mutation(({ ctx, input }) => decisions.renameState(ctx.deps, ctx.actor, input)),
  reorder: superAdminProcedure
    .input(z.object({ stateIds: z.array(z.number().int().positive()).min(1).max(200) }))
    .output(z.array(zState))
    .mutation(({ ctx, input }) => decisions.reorderStates(ctx.deps, ctx.actor, input)),
  remove: superAdminProcedure
    .input(zStateId)
    .output(z.object({ outcome: z.enum(["retired", "deleted"]) }))
    .mutation(({ ctx, input }) => decisions.removeState(ctx.deps, ctx.actor, input)),
  restore: superAdminProcedure
    .input(zStateId)
    .output(zState)
    .mutation(({ ctx, input }) => decisions.restoreState(ctx.deps, ctx.actor, input)),
});
