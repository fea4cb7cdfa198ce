import { z } from "zod";
import { TASK_SOURCES } from "../../db/schema/portal";
import { authedProcedure, router } from "../../trpc/init";
import * as tasks from "./tasks.service";

const zId = z.number().int().positive();

const zTask = z.object({
  id: z.number(),
  title: z.string(),
  details: z.string(),
  source: z.enum(TASK_SOURCES),
  dueAt: z.number().nullable(),
  doneAt: z.number().nullable(),
  createdAt: z.number(),
  openingId: z.number().nullable(),
  openingTitle: z.string().nullable(),
  candidateId: z.number().nullable(),
  candidateName: z.string().nullable(),
  applicationId: z.number().nullable(),
  createdBy: z.string().nullable(),
});

export const tasksRouter = router({
  /** The signed-in user's tasks: open (by due date) or done (latest first). */
  mine: authedProcedure
    .input(z.object({ done: z.boolean().default(false), offset: z.number().int().min(0).max(100_000).default(0), limit: z.number().int().min(1).max(200).default(50) }))
    .output(z.object({ items: z.array(zTask), nextOffset: z.number().nullable() }))
    .query(({ ctx, input }) => tasks.listMine(ctx.deps, ctx.actor, input)),
  openCount: authedProcedure.output(z.object({ open: z.number() })).query(({ ctx }) => ({ open: tasks.openCount(ctx.deps, ctx.actor) })),
  create: authedProcedure
    .input(
      z.object({
        title: z.string().trim().min(1).max(300),
        details: z.string().max(5000).optional(),
        dueAt: z.number().int().positive().nullable().optional(),
        applicationId: zId.optional(),
        assigneeId: zId.optional(),
      }),
    )
    .output(z.object({ id: z.number() }))
    .mutation(({ ctx, input }) => tasks.createManual(ctx.deps, ctx.actor, input)),
  setDone: authedProcedure
    .input(z.object({ taskId: zId, done: z.boolean() }))
    .output(z.object({ open: z.number() }))
    .mutation(({ ctx, input }) => tasks.setDone(ctx.deps, ctx.actor, input)),
});
