import fs from "node:fs";
import path from "node:path";
import express, { Router } from "express";

/** Where `npm run build -w @prospector/server` puts the admin UI (Vite, base /app/). */
export const WEB_DIST_DIR = path.resolve(import.meta.dirname, "..", "web", "dist");

/**
 * The page may load only our own scripts and styles; images may come from https (candidate photos, logos);
 * it talks only to its own origin and is never framed.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Serves the built web UI at /app (hashed assets cached for a year, every other path → index.html) and redirects / there. */
export function webRoutes(distDir: string = WEB_DIST_DIR): Router {
  const r = Router();
  const index = path.join(distDir, "index.html");

  r.get("/", (_req, res) => res.redirect(302, "/app/"));
  r.use(
    "/app/assets",
    express.static(path.join(distDir, "assets"), { immutable: true, maxAge: "1y", index: false, redirect: false, fallthrough: false }),
  );
  r.use("/app", express.static(distDir, { index: false, redirect: false, maxAge: "1h" }));
  r.get(["/app", "/app/*splat"], (req, res) => {
    // A missing file (anything with an extension) is a 404, not the app: broken asset links stay visible.
    if (/\.[a-z0-9]+$/i.test(req.path)) {
      res.status(404).type("text").send("Not found");
      return;
    }
    if (!fs.existsSync(index)) {
      res
        .status(503)
        .type("text")
        .send("The web UI has not been built yet: run `npm run build -w @prospector/server` (npm start does it for you).");
      return;
    }
    res.setHeader("cache-control", "no-cache");
    res.setHeader("content-security-policy", CSP);
    res.sendFile(index);
  });
  return r;
}
