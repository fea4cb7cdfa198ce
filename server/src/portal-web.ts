import path from "node:path";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import express, { type Request, type Response, Router } from "express";
import { CSRF_HEADER, PORTAL_SESSION_COOKIE, readCookie, sameOrigin } from "./app";
import type { Deps } from "./lib/deps";
import { AppError } from "./lib/errors";
import { sendDocument } from "./modules/documents/documents.routes";
import { documentFile } from "./modules/documents/documents.store";
import * as portal from "./modules/portal/portal.service";
import { type PortalContext, portalRouter } from "./trpc/portal";

/** The portal's page, script and styles: its own small files, never the admin UI's bundle. */
export const PORTAL_ASSETS_DIR = path.resolve(import.meta.dirname, "..", "portal");

const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const SHELL = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Client portal</title>
<link rel="stylesheet" href="/portal/assets/portal.css">
<script type="module" src="/portal/assets/portal.js"></script>
</head>
<body><main id="root" tabindex="-1"><p>Loading…</p></main></body>
</html>
`;

function portalContext(deps: Deps, req: Request, res: Response): PortalContext {
  const secure = deps.config.publicUrl.startsWith("https:");
  const cookie = { httpOnly: true, sameSite: "lax" as const, secure, path: "/portal" };
  const sessionToken = readCookie(req, PORTAL_SESSION_COOKIE);
  return {
    deps,
    contact: sessionToken ? portal.actorFromPortalSession(deps, sessionToken) : null,
    meta: {
      ip: req.ip ?? req.socket.remoteAddress ?? "unknown",
      csrfOk: req.headers[CSRF_HEADER] !== undefined && sameOrigin(req, deps.config.publicUrl),
      sessionToken,
      setSessionCookie: (token, expiresAt) => res.cookie(PORTAL_SESSION_COOKIE, token, { ...cookie, expires: new Date(expiresAt) }),
      clearSessionCookie: () => res.clearCookie(PORTAL_SESSION_COOKIE, cookie),
    },
  };
}

/** /portal/api/trpc (the portal's procedures), /portal/api/resume/:applicationId, the assets and the page. */
export function portalRoutes(deps: Deps, assetsDir: string = PORTAL_ASSETS_DIR): Router {
  const r = Router();
  r.use(
    "/portal/api/trpc",
    createExpressMiddleware({
      router: portalRouter,
      createContext: ({ req, res }) => portalContext(deps, req, res),
      maxBatchSize: 20,
      onError: ({ error, path: p }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") deps.log.error({ err: error.cause ?? error, path: p }, "portal procedure failed");
      },
    }),
  );
  r.get("/portal/api/resume/:applicationId", (req, res) => {
    const ctx = portalContext(deps, req, res);
    res.setHeader("cache-control", "private, no-store");
    if (!ctx.contact) {
      res.status(401).type("text").send("Sign in first");
      return;
    }
    const id = Number(req.params.applicationId);
    let doc: ReturnType<typeof portal.resumeOf>;
    try {
      if (!Number.isInteger(id) || id <= 0) throw new AppError("NOT_FOUND", "Resume not found");
      doc = portal.resumeOf(deps, ctx.contact, { applicationId: id });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      res.status(404).type("text").send("Not found");
      return;
    }
    // A PDF may open in the browser's own viewer (?view=1); everything else is only ever a download.
    sendDocument(res, doc, documentFile(deps, doc.sha256), { preview: req.query.view === "1" });
  });
  r.use("/portal/assets", express.static(assetsDir, { index: false, redirect: false, fallthrough: false, maxAge: "1h" }));
  r.get(["/portal/:slug", "/portal/:slug/*splat"], (req, res) => {
    if (req.params.slug === "api" || req.params.slug === "assets") {
      res.status(404).type("text").send("Not found");
      return;
    }
    res.setHeader("cache-control", "no-cache");
    res.setHeader("content-security-policy", PAGE_CSP);
    res.type("html").send(SHELL);
  });
  return r;
}
