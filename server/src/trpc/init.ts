import { initTRPC, TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { ZodError } from "zod";
import { whenWritable, writeLockHeldElsewhere } from "../db/write-gate";
import { isAdmin, isSuperAdmin } from "../lib/actor";
import { AppError, type AppErrorCode } from "../lib/errors";
import type { Context } from "./context";

const codeMap: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
};

const t = initTRPC.context<Context>().create({
  // Subscriptions (live messages, notification count) run over SSE; pings keep proxies from closing them.
  sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 30_000 } },
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      // Internal errors never leak their text (it may hold SQL or paths); they are logged instead.
      message: error.code === "INTERNAL_SERVER_ERROR" ? "Internal server error" : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        details: cause instanceof AppError ? (cause.details ?? null) : null,
        fieldErrors: cause instanceof ZodError ? cause.issues.map((i) => ({ path: i.path.join("."), message: i.message })) : null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Every procedure's one wrapper (one middleware, not three: each costs a tRPC call frame and context copies
 * on every request, the extension's add included):
 * - cookie-authenticated mutations need the CSRF header (Bearer tokens are not sent by browsers on their own);
 * - mutations wait while an import's worker holds SQLite's write lock, instead of failing with SQLITE_BUSY;
 * - domain errors (AppError) become transport errors here, in one place.
 */
const guard = t.middleware(async ({ ctx, type, next }) => {
  if (type === "mutation") {
    if (ctx.meta.authVia !== "bearer" && !ctx.meta.csrfOk) throw new TRPCError({ code: "FORBIDDEN", message: "Cross-site request refused" });
    if (writeLockHeldElsewhere(ctx.deps.db)) await whenWritable(ctx.deps.db);
  }
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: codeMap[cause.code], message: cause.message, cause });
  }
  return result;
});

export const publicProcedure = t.procedure.use(guard);

/** What someone signed in with a one-time password may do before choosing their own. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(["auth.me", "auth.changePassword", "auth.signOut"]);

export const authedProcedure = publicProcedure.use(({ ctx, path, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  if (ctx.actor.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(path)) {
    throw new TRPCError({ code: "PRECONDITION_FAILED", message: "Choose your own password first (you signed in with a one-time password)" });
  }
  return next({ ctx: { actor: ctx.actor } });
});

export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!isAdmin(ctx.actor)) throw new TRPCError({ code: "FORBIDDEN", message: "Admins only" });
  return next();
});

export const superAdminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!isSuperAdmin(ctx.actor)) throw new TRPCError({ code: "FORBIDDEN", message: "Super admins only" });
  return next();
});
