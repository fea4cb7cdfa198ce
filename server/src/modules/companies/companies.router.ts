import { z } from "zod";
import { authedProcedure, router, superAdminProcedure } from "../../trpc/init";
import * as companies from "./companies.service";

const zCompany = z.object({ id: z.number(), name: z.string(), slug: z.string(), publicContactEmail: z.string().nullable(), logoUrl: z.string().nullable(), brandColor: z.string().nullable(), portalName: z.string().nullable(), mailsPerMinute: z.number() });

export const companyRouter = router({
  get: authedProcedure.output(zCompany).query(({ ctx }) => companies.getCompany(ctx.deps, ctx.actor)),
  update: superAdminProcedure
    .input(
      z.object({
        name: z.string().trim().min(1).max(200).optional(),
        publicContactEmail: z.email().max(320).nullable().optional(),
        logoUrl: z.url({ protocol: /^https?$/ }).max(2000).nullable().optional(),
        /** The portal's primary colour, #rrggbb. */
        brandColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, "A colour is #rrggbb").transform((s) => s.toLowerCase()).nullable().optional(),
        /** The name clients see on the portal (the company's name when empty). */
        portalName: z.string().trim().max(100).transform((s) => s || null).nullable().optional(),
        /** The throttle of bulk sends (re-engagement invitations), so a big send does not burn the sending domain. */
        mailsPerMinute: z.number().int().min(1, "At least 1 mail per minute").max(10_000, "At most 10,000 mails per minute").optional(),
      }),
    )
    .output(zCompany)
    .mutation(({ ctx, input }) => companies.updateCompany(ctx.deps, ctx.actor, input)),
});
