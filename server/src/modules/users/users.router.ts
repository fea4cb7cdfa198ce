import { z } from "zod";
import { adminProcedure, authedProcedure, router, superAdminProcedure } from "../../trpc/init";
import * as users from "./users.service";

const zRole = z.enum(["super_admin", "admin", "recruiter"]);
const zUser = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string(),
  role: zRole,
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: z.number(),
});
const zUserId = z.object({ userId: z.number().int().positive() });

export const usersRouter = router({
  /** Emails and roles of the whole company: admins only. */
  list: adminProcedure.output(z.array(zUser)).query(({ ctx }) => users.listUsers(ctx.deps, ctx.actor)),
  /** What a picker needs (a hiring team, an owner): names only, for every signed-in user. */
  directory: authedProcedure
    .output(z.array(z.object({ id: z.number(), name: z.string(), active: z.boolean() })))
    .query(({ ctx }) => users.listDirectory(ctx.deps, ctx.actor)),
  create: superAdminProcedure
    .input(z.object({ email: z.string().trim().pipe(z.email().max(320)), name: z.string().trim().min(1).max(200), role: zRole }))
    .output(z.object({ user: zUser, oneTimePassword: z.string() }))
    .mutation(({ ctx, input }) => users.createUser(ctx.deps, ctx.actor, input)),
  changeRole: superAdminProcedure
    .input(zUserId.extend({ role: zRole }))
    .output(zUser)
    .mutation(({ ctx, input }) => users.changeRole(ctx.deps, ctx.actor, input)),
  setActive: superAdminProcedure
    .input(zUserId.extend({ active: z.boolean() }))
    .output(zUser)
    .mutation(({ ctx, input }) => users.setActive(ctx.deps, ctx.actor, input)),
  resetPassword: superAdminProcedure
    .input(zUserId)
    .output(z.object({ oneTimePassword: z.string() }))
    .mutation(({ ctx, input }) => users.resetPassword(ctx.deps, ctx.actor, input)),
});
