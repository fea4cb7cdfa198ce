// What the portal's first screen downloads (the entry script, the chunks index.html preloads, and CSS),
// gzipped. Run after the build (it fails the build over budget) and by the bench (server/bench/portal.ts).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

/** Issue 10: the portal's first screen JavaScript stays under 120 KB gzipped. */
export const PORTAL_JS_BUDGET_KB = 120;
export const PORTAL_DIST = path.resolve(import.meta.dirname, "..", "dist");

/** Sizes of what index.html loads before anything is shown. */
export function portalFirstScreen(dist = PORTAL_DIST) {
  const html = fs.readFileSync(path.join(dist, "index.html"), "utf8");
  const urls = [...html.matchAll(/(?:src|href)="\/portal\/assets\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  if (!urls.some((u) => u.endsWith(".js"))) throw new Error(`no script found in ${path.join(dist, "index.html")}`);
  let jsGz = 0;
  let cssGz = 0;
  const files = [];
  for (const u of new Set(urls)) {
    const buf = fs.readFileSync(path.join(dist, u));
    const gz = zlib.gzipSync(buf, { level: 9 }).length;
    if (u.endsWith(".js")) jsGz += gz;
    else cssGz += gz;
    files.push({ file: u, bytes: buf.length, gzBytes: gz });
  }
  return { files, jsGzKb: jsGz / 1024, cssGzKb: cssGz / 1024 };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = portalFirstScreen();
  console.log("client portal, first screen:");
  for (const f of r.files) {
    console.log(`  ${f.file.padEnd(40)} ${(f.bytes / 1024).toFixed(1).padStart(8)} KB  ${(f.gzBytes / 1024).toFixed(1).padStart(7)} KB gzipped`);
  }
  console.log(`portal first-screen JavaScript: ${r.jsGzKb.toFixed(1)} KB gzipped (budget ${PORTAL_JS_BUDGET_KB} KB); CSS ${r.cssGzKb.toFixed(1)} KB gzipped`);
  if (r.jsGzKb > PORTAL_JS_BUDGET_KB) {
    console.error(`portal over budget by ${(r.jsGzKb - PORTAL_JS_BUDGET_KB).toFixed(1)} KB`);
    process.exit(1);
  }
}
