// Prints what the first screen downloads (the entry script, the chunks index.html preloads, and CSS),
// gzipped, and fails the build when the JavaScript is over budget (250 KB gzipped, issue 4).
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const BUDGET_KB = 250;
const dist = path.resolve(import.meta.dirname, "..", "dist");
const html = fs.readFileSync(path.join(dist, "index.html"), "utf8");
const urls = [...html.matchAll(/(?:src|href)="\/app\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
let js = 0;
let css = 0;
const rows = [];
for (const u of new Set(urls)) {
  const buf = fs.readFileSync(path.join(dist, u));
  const gz = zlib.gzipSync(buf, { level: 9 }).length;
  if (u.endsWith(".js")) js += gz;
  else css += gz;
  rows.push(`  ${u.padEnd(40)} ${(buf.length / 1024).toFixed(1).padStart(8)} KB  ${(gz / 1024).toFixed(1).padStart(7)} KB gzipped`);
}
console.log("web UI, first screen:");
console.log(rows.join("\n"));
console.log(`first-screen JavaScript: ${(js / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB); CSS ${(css / 1024).toFixed(1)} KB gzipped`);
if (js / 1024 > BUDGET_KB) {
  console.error(`over budget by ${(js / 1024 - BUDGET_KB).toFixed(1)} KB`);
  process.exit(1);
}
