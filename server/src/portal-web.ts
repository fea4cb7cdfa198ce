import fs from "node:fs";
import path from "node:path";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import express, { type Request, type Response, Router } from "express";
import { CSRF_HEADER, PORTAL_SESSION_COOKIE, readCookie, sameOrigin } from "./app";
import type { Deps } from "./lib/deps";
import { AppError } from "./lib/errors";
import { DOCUMENT_CSP, sendDocument } from "./modules/documents/documents.routes";
import { documentFile } from "./modules/documents/documents.store";
import { logoBySlug } from "./modules/companies/companies.service";
import { logoFile } from "./modules/companies/logo";
import * as portal from "./modules/portal/portal.service";
import { type PortalContext, portalRouter } from "./trpc/portal";

/** The portal's own small bundle (Vite, portal/vite.config.ts): never the admin UI's. */
export const PORTAL_DIST_DIR = path.resolve(import.meta.dirname, "..", "portal", "dist");

const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");


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
export function portalRoutes(deps: Deps, distDir: string = PORTAL_DIST_DIR): Router {
  const r = Router();
  const index = path.join(distDir, "index.html");
  // The company logo, public (the portal's sign-in page and the careers page show it): only the bytes that
  // were sniffed as PNG, JPEG or WebP at upload, with their type, never sniffed again by the browser.
  r.get("/brand/:slug/logo", (req, res) => {
    const logo = logoBySlug(deps, req.params.slug);
    const file = logo ? logoFile(deps, logo.sha256) : null;
    if (!logo || !file || !fs.existsSync(file)) {
      res.status(404).type("text").send("Not found");
      return;
    }
    const versioned = req.query.v === logo.sha256.slice(0, 16);
    res.setHeader("content-type", logo.type);
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader("content-security-policy", DOCUMENT_CSP);
    res.setHeader("cross-origin-resource-policy", "cross-origin");
    res.setHeader("cache-control", versioned ? "public, max-age=31536000, immutable" : "public, max-age=300");
    res.setHeader("etag", `"${logo.sha256}"`);
    if (req.headers["if-none-match"] === `"${logo.sha256}"`) {
      res.status(304).end();
      return;
    }
    res.sendFile(file);
  });
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
  // Hashed file names: cached for a year. index.html is the page's shell, served below with its CSP.
  r.get("/portal/assets/index.html", (_req, res) => void res.status(404).type("text").send("Not found"));
  r.use("/portal/assets", express.static(distDir, { immutable: true, maxAge: "1y", index: false, redirect: false, fallthrough: false }));
  r.get(["/portal/:slug", "/portal/:slug/*splat"], (req, res) => {
    if (req.params.slug === "api" || req.params.slug === "assets") {
      res.status(404).type("text").send("Not found");
      return;
    }
    if (!fs.existsSync(index)) {
      res.status(503).type("text").send("The client portal has not been built yet: run `npm run build -w @prospector/server` (npm start does it for you).");
      return;
    }
    res.setHeader("cache-control", "no-cache");
    res.setHeader("content-security-policy", PAGE_CSP);
    res.sendFile(index);
  });
  return r;
}
