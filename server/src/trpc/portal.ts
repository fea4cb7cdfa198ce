import { initTRPC, TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { z, ZodError } from "zod";
import { whenWritable, writeLockHeldElsewhere } from "../db/write-gate";
import type { ClientContactActor } from "../lib/actor";
import type { Deps } from "../lib/deps";
import { AppError, type AppErrorCode } from "../lib/errors";
import * as portal from "../modules/portal/portal.service";

/** Transport facts of a portal request; tests supply a fake. */
export interface PortalMeta {
  ip: string;
  /** The request carried the anti-CSRF header and, if it had an Origin, it was ours. */
  csrfOk: boolean;
  sessionToken: string | null;
  setSessionCookie(token: string, expiresAt: number): void;
  clearSessionCookie(): void;
}

/**
 * The client portal's own tRPC instance: its context knows only portal sessions (a staff cookie or token
 * means nothing here), and none of its procedures is on the staff router (a portal cookie means nothing there).
 */
export interface PortalContext {
  deps: Deps;
  contact: ClientContactActor | null;
  meta: PortalMeta;
}

const codeMap: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
};

const t = initTRPC.context<PortalContext>().create({
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      message: error.code === "INTERNAL_SERVER_ERROR" ? "Internal server error" : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        fieldErrors: error.cause instanceof ZodError ? error.cause.issues.map((i) => ({ path: i.path.join("."), message: i.message })) : null,
      },
    };
  },
});

const guard = t.middleware(async ({ ctx, type, next }) => {
  if (type === "mutation") {
    // Every portal mutation is cookie-authenticated (or signs in): all need the CSRF header.
    if (!ctx.meta.csrfOk) throw new TRPCError({ code: "FORBIDDEN", message: "Cross-site request refused" });
    if (writeLockHeldElsewhere(ctx.deps.db)) await whenWritable(ctx.deps.db);
  }
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: codeMap[cause.code], message: cause.message, cause });
  }
  return result;
});

const publicPortal = t.procedure.use(guard);
const contactProcedure = publicPortal.use(({ ctx, next }) => {
  if (!ctx.contact) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  return next({ ctx: { contact: ctx.contact } });
});

const zSlug = z.string().trim().min(1).max(100);
const zApp = z.object({ applicationId: z.number().int().positive() });
const zOk = z.object({ ok: z.literal(true) });
const zBranding = z.object({ slug: z.string(), companyName: z.string(), portalName: z.string(), logoUrl: z.string().nullable(), brandColor: z.string().nullable() });

export const portalRouter = t.router({
  branding: publicPortal.input(z.object({ slug: zSlug })).output(zBranding).query(({ ctx, input }) => portal.branding(ctx.deps, input.slug)),
  requestLink: publicPortal
    .input(z.object({ slug: zSlug, email: z.string().trim().min(3).max(320), openingId: z.number().int().positive().optional() }))
    .output(zOk)
    .mutation(({ ctx, input }) => portal.requestSignInLink(ctx.deps, input, ctx.meta.ip)),
  redeemLink: publicPortal
    .input(z.object({ slug: zSlug, token: z.string().min(20).max(200) }))
    .output(z.object({ next: z.string() }))
    .mutation(({ ctx, input }) => {
      const s = portal.redeemSignInLink(ctx.deps, input);
      ctx.meta.setSessionCookie(s.token, s.expiresAt);
      return { next: s.next };
    }),
  signIn: publicPortal
    .input(z.object({ slug: zSlug, email: z.string().trim().min(3).max(320), password: z.string().min(1).max(1024) }))
    .output(zOk)
    .mutation(async ({ ctx, input }) => {
      const s = await portal.signInWithPassword(ctx.deps, input, ctx.meta.ip);
      ctx.meta.setSessionCookie(s.token, s.expiresAt);
      return { ok: true as const };
    }),
  signOut: publicPortal.output(zOk).mutation(({ ctx }) => {
    portal.signOut(ctx.deps, ctx.meta.sessionToken);
    ctx.meta.clearSessionCookie();
    return { ok: true as const };
  }),
  me: contactProcedure
    .output(z.object({ name: z.string(), email: z.string(), hasPassword: z.boolean(), branding: zBranding }))
    .query(({ ctx }) => portal.me(ctx.deps, ctx.contact)),
  setPassword: contactProcedure
    .input(z.object({ password: z.string().min(10).max(1024) }))
    .output(zOk)
    .mutation(({ ctx, input }) => portal.setPassword(ctx.deps, ctx.contact, input)),
  jobs: contactProcedure.query(({ ctx }) => portal.listJobs(ctx.deps, ctx.contact)),
  job: contactProcedure.input(z.object({ openingId: z.number().int().positive() })).query(({ ctx, input }) => portal.getJob(ctx.deps, ctx.contact, input)),
  candidate: contactProcedure.input(zApp).query(({ ctx, input }) => portal.getCandidate(ctx.deps, ctx.contact, input)),
  rate: contactProcedure
    .input(zApp.extend({ rating: z.number().int().min(1).max(5) }))
    .mutation(({ ctx, input }) => portal.rate(ctx.deps, ctx.contact, input)),
  feedback: contactProcedure
    .input(zApp.extend({ comment: z.string().trim().min(1).max(5000) }))
    .output(zOk)
    .mutation(({ ctx, input }) => portal.feedback(ctx.deps, ctx.contact, input)),
  interview: contactProcedure
    .input(
      zApp.extend({
        slots: z.array(z.object({ localDateTime: z.string().max(16), timeZone: z.string().min(1).max(64) })).min(1).max(10),
        note: z.string().max(2000).optional(),
      }),
    )
    .output(zOk)
    .mutation(({ ctx, input }) => portal.requestInterview(ctx.deps, ctx.contact, input)),
  hire: contactProcedure
    .input(zApp.extend({ note: z.string().max(2000).optional() }))
    .output(zOk)
    .mutation(({ ctx, input }) => portal.requestHire(ctx.deps, ctx.contact, input)),
  reject: contactProcedure
    .input(zApp.extend({ reason: z.string().max(2000).optional() }))
    .output(z.object({ status: z.string() }))
    .mutation(({ ctx, input }) => portal.reject(ctx.deps, ctx.contact, input)),
});

export type PortalRouter = typeof portalRouter;
export const createPortalCaller = t.createCallerFactory(portalRouter);
