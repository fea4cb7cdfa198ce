import { z } from "zod";
import { authedProcedure, publicProcedure, router } from "../../trpc/init";
import * as auth from "./auth.service";

const zCredentials = z.object({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(1024) });
const zPublicUser = z.object({
  id: z.number(),
  companyId: z.number(),
  email: z.string(),
  name: z.string(),
  role: z.enum(["super_admin", "admin", "recruiter"]),
  mustChangePassword: z.boolean(),
  active: z.boolean(),
});
const zTokenInfo = z.object({ id: z.number(), name: z.string(), prefix: z.string(), createdAt: z.number(), lastUsedAt: z.number().nullable() });

export const authRouter = router({
  signIn: publicProcedure
    .input(zCredentials)
    .output(z.object({ user: zPublicUser }))
    .mutation(async ({ ctx, input }) => {
      const s = await auth.signIn(ctx.deps, input, ctx.meta.ip);
      ctx.meta.setSessionCookie(s.token, s.expiresAt);
      return { user: s.user };
    }),
  signOut: publicProcedure.output(z.object({ ok: z.literal(true) })).mutation(({ ctx }) => {
    auth.signOut(ctx.deps, ctx.meta.sessionToken);
    ctx.meta.clearSessionCookie();
    return { ok: true as const };
  }),
  me: authedProcedure.output(zPublicUser).query(({ ctx }) => auth.me(ctx.deps, ctx.actor)),
  changePassword: authedProcedure
    .input(z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(10).max(1024) }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await auth.changePassword(ctx.deps, ctx.actor, input);
      return { ok: true as const };
    }),
  createExtensionToken: publicProcedure
    .input(zCredentials.extend({ name: z.string().trim().min(1).max(100).default("Chrome extension") }))
    .output(z.object({ token: z.string(), id: z.number(), prefix: z.string(), user: zPublicUser }))
    .mutation(async ({ ctx, input }) => {
      const r = await auth.createExtensionToken(ctx.deps, input, ctx.meta.ip);
      return { token: r.token, id: r.id, prefix: r.prefix, user: r.user };
    }),
  tokens: router({
    list: authedProcedure.output(z.array(zTokenInfo)).query(({ ctx }) => auth.listApiTokens(ctx.deps, ctx.actor)),
    create: authedProcedure
      .input(z.object({ name: z.string().trim().min(1).max(100) }))
      .output(zTokenInfo.extend({ token: z.string() }))
      .mutation(({ ctx, input }) => ({ ...auth.createApiToken(ctx.deps, ctx.actor, input.name), lastUsedAt: null })),
    revoke: authedProcedure
      .input(z.object({ id: z.number().int().positive() }))
      .output(z.object({ ok: z.literal(true) }))
      .mutation(({ ctx, input }) => {
        auth.revokeApiToken(ctx.deps, ctx.actor, input.id);
        return { ok: true as const };
      }),
  }),
});
