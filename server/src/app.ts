import { createExpressMiddleware } from "@trpc/server/adapters/express";
import express, { type NextFunction, type Request, type Response } from "express";
import type { Deps } from "./lib/deps";
import { loggedPath, requestLog } from "./lib/request-log";
import { actorFromApiToken, actorFromSession } from "./modules/auth/auth.service";
import type { Context, RequestMeta } from "./trpc/context";
import { appRouter } from "./trpc/router";
import { mailRoutes } from "./mail/routes";
import { importExportRoutes } from "./modules/imports/imports.http";
import { webRoutes } from "./web";
import { portalRoutes } from "./portal-web";
import { documentRoutes } from "./modules/documents/documents.routes";
import { careersRoutes } from "./modules/careers/careers.routes";

export const SESSION_COOKIE = "prospector_session";
/** The client portal's own session cookie: another name, and sent only under /portal. */
export const PORTAL_SESSION_COOKIE = "prospector_portal";
/** Header the web UI sends with every mutation; a cross-site form or fetch cannot set it without CORS. */
export const CSRF_HEADER = "x-prospector-csrf";

export function readCookie(req: Request, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

export function sameOrigin(req: Request, publicUrl: string): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (origin === new URL(publicUrl).origin) return true;
  // The browser extension's service worker (creating its token) sends its own origin; no web page can claim
  // one, so it is not a cross-site request.
  if (/^(chrome|moz)-extension:\/\/[a-z0-9-]+$/i.test(origin)) return true;
  const host = req.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

/**
 * Who a request is from (a staff session cookie or a Bearer API token) and whether a state-changing request passes
 * the CSRF rule (Bearer, or the CSRF header from our own origin). The tRPC context and the plain HTTP routes
 * (document upload and download) use the same rule.
 */
export function staffAuth(deps: Deps, req: Request) {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? null;
  const sessionToken = readCookie(req, SESSION_COOKIE);
  let actor: Context["actor"] = null;
  let authVia: RequestMeta["authVia"] = null;
  if (bearer) {
    actor = actorFromApiToken(deps, bearer);
    authVia = actor ? "bearer" : null;
  } else if (sessionToken) {
    actor = actorFromSession(deps, sessionToken);
    authVia = actor ? "cookie" : null;
  }
  const csrfOk = req.headers[CSRF_HEADER] !== undefined && sameOrigin(req, deps.config.publicUrl);
  return { actor, authVia, bearer, sessionToken, csrfOk, mayChange: authVia === "bearer" || csrfOk };
}

function createContext(deps: Deps, req: Request, res: Response): Context {
  const secure = deps.config.publicUrl.startsWith("https:");
  const cookieBase = { httpOnly: true, sameSite: "lax" as const, secure, path: "/" };
  const { actor, authVia, bearer, sessionToken, csrfOk } = staffAuth(deps, req);
  const meta: RequestMeta = {
    ip: req.ip ?? req.socket.remoteAddress ?? "unknown",
    authVia,
    csrfOk,
    sessionToken,
    stillAuthorized: () => {
      if (!actor) return false;
      const now = bearer ? actorFromApiToken(deps, bearer) : sessionToken ? actorFromSession(deps, sessionToken) : null;
      return now !== null && now.userId === actor.userId && now.role === actor.role && !now.mustChangePassword;
    },
    setSessionCookie: (token, expiresAt) => res.cookie(SESSION_COOKIE, token, { ...cookieBase, expires: new Date(expiresAt) }),
    clearSessionCookie: () => res.clearCookie(SESSION_COOKIE, cookieBase),
  };
  return { deps, actor, meta };
}

/** The Express app (testable without listening): tRPC at /trpc, health at /healthz. */
export function createApp(deps: Deps) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use(requestLog(deps.log, { ignore: (path) => path === "/healthz" }));
  app.use((_req, res, next) => {
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader("referrer-policy", "same-origin");
    res.setHeader("x-frame-options", "DENY");
    next();
  });

  app.get("/healthz", (_req, res) => {
    try {
      deps.db.$client.prepare("SELECT 1").get();
      res.json({ ok: true });
    } catch (err) {
      deps.log.error({ err }, "health check failed");
      res.status(503).json({ ok: false });
    }
  });

  app.use(
    "/trpc",
    createExpressMiddleware({
      router: appRouter,
      createContext: ({ req, res }) => createContext(deps, req, res),
      maxBatchSize: 50,
      onError: ({ error, path, ctx }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") {
          deps.log.error({ err: error.cause ?? error, path, userId: ctx?.actor?.userId }, "procedure failed");
        }
      },
    }),
  );
  app.use(documentRoutes(deps));
  app.use(careersRoutes(deps));
  app.use(portalRoutes(deps));
  app.use(mailRoutes(deps));
  app.use(importExportRoutes(deps, (req) => staffAuth(deps, req).actor));
  app.use(webRoutes());
  // Last: anything a route or body parser threw. Express's own handler would print the stack trace (paths,
  // library internals) to anonymous callers; this one logs it and answers with the status and a plain sentence.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const status = httpStatusOf(err);
    if (status >= 500) deps.log.error({ err, path: loggedPath(req.url) }, "request failed");
    const message = status >= 500 ? "Something went wrong on our side." : status === 413 ? "That is too large." : "That request could not be read.";
    res.status(status);
    if (req.accepts(["html", "json"]) === "html") res.type("html").send(`<!doctype html><meta charset="utf-8"><title>${status}</title><p>${message}</p>`);
    else res.json({ error: { status, message } });
  });
  return app;
}

/** The HTTP status an error carries (body-parser and http-errors set `status`), else 500. */
function httpStatusOf(err: unknown): number {
  const s = typeof err === "object" && err !== null ? ((err as { status?: unknown; statusCode?: unknown }).status ?? (err as { statusCode?: unknown }).statusCode) : undefined;
  return typeof s === "number" && s >= 400 && s < 600 ? s : 500;
}
