import { z } from "zod";
import { authedProcedure, router, superAdminProcedure } from "../../trpc/init";
import * as companies from "./companies.service";
import { LOGO_MAX_BYTES } from "./logo";

const zCompany = z.object({ id: z.number(), name: z.string(), slug: z.string(), publicContactEmail: z.string().nullable(), logoUrl: z.string().nullable(), logo: z.object({ url: z.string(), type: z.string() }).nullable(), brandColor: z.string().nullable(), portalName: z.string().nullable(), mailsPerMinute: z.number() });

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
  /** A logo image (PNG, JPEG or WebP, sniffed from the bytes; ≤ 1 MB) sent as base64: it replaces the current one. */
  uploadLogo: superAdminProcedure
    .input(
      z.object({
        dataBase64: z
          .string()
          .max(Math.ceil(LOGO_MAX_BYTES / 3) * 4 + 4, "A logo is at most 1 MB")
          .regex(/^[A-Za-z0-9+/]*={0,2}$/, "Not base64"),
      }),
    )
    .output(zCompany)
    .mutation(({ ctx, input }) => companies.uploadLogo(ctx.deps, ctx.actor, { bytes: Buffer.from(input.dataBase64, "base64") })),
  removeLogo: superAdminProcedure.output(zCompany).mutation(({ ctx }) => companies.removeLogo(ctx.deps, ctx.actor)),
});
