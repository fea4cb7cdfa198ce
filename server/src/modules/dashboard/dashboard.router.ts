import { z } from "zod";
import { authedProcedure, router } from "../../trpc/init";
import * as dashboard from "./dashboard.service";

const zActivity = z.object({
  id: z.number(),
  type: z.string(),
  data: z.record(z.string(), z.unknown()),
  actorType: z.string(),
  actorName: z.string().nullable(),
  candidateId: z.number().nullable(),
  candidateName: z.string().nullable(),
  openingId: z.number().nullable(),
  openingTitle: z.string().nullable(),
  createdAt: z.number(),
});

export const dashboardRouter = router({
  summary: authedProcedure
    .input(z.object({ recentLimit: z.number().int().min(1).max(100).default(20) }).default({ recentLimit: 20 }))
    .output(z.object({ needsFollowUp: z.number(), needsFollowUpCapped: z.boolean(), openTasks: z.number(), recent: z.array(zActivity), setupNeeded: z.array(z.enum(["public_contact_email"])) }))
    .query(({ ctx, input }) => dashboard.getSummary(ctx.deps, ctx.actor, input)),
});
