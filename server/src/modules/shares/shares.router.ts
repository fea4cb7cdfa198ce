import { z } from "zod";
import { adminProcedure, authedProcedure, router } from "../../trpc/init";
import * as shares from "./shares.service";

const zId = z.number().int().positive();
const zIds = z.array(zId).min(1).max(shares.MAX_BULK_SHARE);

const zShare = z.object({
  applicationId: z.number(),
  sharedAt: z.number(),
  unsharedAt: z.number().nullable(),
  firstViewedAt: z.number().nullable(),
  viewedBy: z.string().nullable(),
  resumeDocumentId: z.number().nullable(),
  videoUrl: z.string().nullable(),
  profileTemplateId: z.number().nullable(),
  clientRating: z.number().nullable(),
});
const zTemplate = z.object({ id: z.number(), name: z.string(), fields: z.array(z.string()), isDefault: z.boolean() });
const zSkip = <T extends [string, ...string[]]>(reasons: T) => z.object({ applicationId: z.number(), candidateName: z.string().nullable(), reason: z.enum(reasons) });
const zDone = z.object({ applicationId: z.number(), candidateName: z.string() });

export const sharesRouter = router({
  details: authedProcedure
    .input(z.object({ applicationId: zId }))
    .output(
      z.object({
        applicationId: z.number(),
        clientId: z.number().nullable(),
        clientName: z.string().nullable(),
        share: zShare.nullable(),
        cannotShare: z.enum(["not_visible", "no_client", "no_active_contact", "decisioned", "already_shared"]).nullable(),
        documents: z.array(z.object({ id: z.number(), fileName: z.string(), kind: z.string(), createdAt: z.number() })),
        profileTemplates: z.array(zTemplate),
      }),
    )
    .query(({ ctx, input }) => shares.shareDetails(ctx.deps, ctx.actor, input)),
  share: authedProcedure
    .input(
      z.object({
        applicationId: zId,
        resumeDocumentId: zId.nullable().optional(),
        videoUrl: z.url({ protocol: /^https?$/ }).max(2000).nullable().optional(),
        profileTemplateId: zId.nullable().optional(),
      }),
    )
    .output(zShare.nullable())
    .mutation(({ ctx, input }) => shares.shareOne(ctx.deps, ctx.actor, input)),
  shareMany: authedProcedure
    .input(z.object({ applicationIds: zIds, profileTemplateId: zId.nullable().optional() }))
    .output(z.object({ shared: z.array(zDone), skipped: z.array(zSkip(["not_visible", "no_client", "no_active_contact", "decisioned", "already_shared"])) }))
    .mutation(({ ctx, input }) => shares.shareMany(ctx.deps, ctx.actor, input)),
  unshareMany: authedProcedure
    .input(z.object({ applicationIds: zIds }))
    .output(z.object({ unshared: z.array(zDone), skipped: z.array(zSkip(["not_visible", "not_shared"])) }))
    .mutation(({ ctx, input }) => shares.unshareMany(ctx.deps, ctx.actor, input)),
  ofOpening: authedProcedure
    .input(z.object({ openingId: zId }))
    .output(z.array(z.object({ applicationId: z.number(), sharedAt: z.number(), firstViewedAt: z.number().nullable(), viewedBy: z.string().nullable(), clientRating: z.number().nullable() })))
    .query(({ ctx, input }) => shares.sharesOfOpening(ctx.deps, ctx.actor, input)),
  portalLink: authedProcedure
    .input(z.object({ openingId: zId }))
    .output(z.object({ url: z.string(), clientId: z.number().nullable(), contacts: z.array(z.object({ id: z.number(), name: z.string(), email: z.string() })), subject: z.string(), body: z.string() }))
    .query(({ ctx, input }) => shares.portalLink(ctx.deps, ctx.actor, input)),
  sendPortalLink: authedProcedure
    .input(z.object({ openingId: zId, contactIds: z.array(zId).min(1).max(50), subject: z.string().trim().min(1).max(300), body: z.string().trim().min(1).max(20_000) }))
    .output(z.object({ sent: z.number() }))
    .mutation(({ ctx, input }) => shares.sendPortalLink(ctx.deps, ctx.actor, input)),
  profileTemplates: authedProcedure.output(z.array(zTemplate)).query(({ ctx }) => shares.listProfileTemplates(ctx.deps, ctx.actor)),
  saveProfileTemplate: adminProcedure
    .input(z.object({ templateId: zId.optional(), name: z.string().trim().min(1).max(100), fields: z.array(z.enum(shares.PROFILE_FIELDS)).min(1), isDefault: z.boolean().optional() }))
    .output(z.object({ id: z.number() }))
    .mutation(({ ctx, input }) => shares.saveProfileTemplate(ctx.deps, ctx.actor, input)),
});
