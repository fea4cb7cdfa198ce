import { z } from "zod";
import { authedProcedure, router } from "../../trpc/init";
import * as reengage from "./reengage.service";

const zTexts = z.array(z.string().trim().min(1).max(200)).max(20).optional();
export const zSearchFilters = z.object({
  query: z.string().max(2000).optional(),
  titles: zTexts,
  locations: zTexts,
  skills: zTexts,
  sources: z.array(z.enum(["extension", "bulk_upload", "manual", "application", "import"])).max(5).optional(),
  inactiveMonthsMin: z.number().int().min(0).max(600).optional(),
  inactiveMonthsMax: z.number().int().min(0).max(600).optional(),
  validEmail: z.boolean().optional(),
});
const zCursor = z.object({ rank: z.number(), at: z.number().int(), id: z.number().int().positive() });

export const reengageRouter = router({
  search: authedProcedure
    .input(z.object({ filters: zSearchFilters, limit: z.number().int().min(1).max(100).default(25), cursor: zCursor.nullish() }))
    .query(({ ctx, input }) => reengage.search(ctx.deps, ctx.actor, input.filters, { limit: input.limit, cursor: input.cursor })),
});
