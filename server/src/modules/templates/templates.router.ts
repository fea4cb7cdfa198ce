import { z } from "zod";
import { authedProcedure, router, superAdminProcedure } from "../../trpc/init";
import * as templates from "./templates.service";

const zId = z.number().int().positive();
const zTemplate = z.object({ id: z.number(), name: z.string(), subject: z.string(), body: z.string(), defaultKey: z.string().nullable(), updatedAt: z.number() });
const zName = z.string().trim().min(1).max(120);
const zSubject = z.string().trim().min(1).max(300);
const zBody = z.string().min(1).max(20_000);

export const templatesRouter = router({
  list: authedProcedure.output(z.array(zTemplate)).query(({ ctx }) => templates.listTemplates(ctx.deps, ctx.actor)),
  get: authedProcedure.input(z.object({ templateId: zId })).output(zTemplate).query(({ ctx, input }) => templates.getTemplate(ctx.deps, ctx.actor, input.templateId)),
  placeholders: authedProcedure
    .output(z.array(z.object({ name: z.string(), description: z.string(), token: z.string() })))
    .query(() => templates.listPlaceholders()),
  create: superAdminProcedure
    .input(z.object({ name: zName, subject: zSubject, body: zBody }))
    .output(zTemplate)
    .mutation(({ ctx, input }) => templates.createTemplate(ctx.deps, ctx.actor, input)),
  update: superAdminProcedure
    .input(z.object({ templateId: zId, name: zName.optional(), subject: zSubject.optional(), body: zBody.optional() }))
    .output(zTemplate)
    .mutation(({ ctx, input }) => templates.updateTemplate(ctx.deps, ctx.actor, input)),
  remove: superAdminProcedure
    .input(z.object({ templateId: zId }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) => {
      templates.removeTemplate(ctx.deps, ctx.actor, input);
      return { ok: true as const };
    }),
  /** What one candidate would receive: a saved template, or an edited subject/body, filled for their application. */
  preview: authedProcedure
    .input(z.object({ applicationId: zId, templateId: zId.optional(), subject: zSubject.optional(), body: zBody.optional() }))
    .output(z.object({ to: z.string().nullable(), subject: z.string(), text: z.string(), html: z.string(), warnings: z.array(z.string()) }))
    .query(({ ctx, input }) => templates.previewTemplate(ctx.deps, ctx.actor, input)),
});
