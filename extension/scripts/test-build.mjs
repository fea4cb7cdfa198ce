// Makes build/chrome-mv3-test from the production build for the browser tests: the content script also runs
// on http://127.0.0.1/* (the tests' own fixture pages) and 127.0.0.1 is a granted host, so connecting to the
// test server needs no permission prompt. Nothing else differs from what users install.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const prod = path.join(root, "build", "chrome-mv3-prod");
const test = path.join(root, "build", "chrome-mv3-test");
const LOCAL = "http://127.0.0.1/*";

const manifest = JSON.parse(fs.readFileSync(path.join(prod, "manifest.json"), "utf8"));
const problems = [];
if ((manifest.host_permissions ?? []).length > 0) problems.push(`host_permissions at install: ${JSON.stringify(manifest.host_permissions)}`);
const matches = (manifest.content_scripts ?? []).flatMap((cs) => cs.matches ?? []);
if (matches.some((m) => m === "<all_urls>" || /^\*:\/\/\*\/|^https?:\/\/\*\//.test(m))) problems.push(`broad content-script matches: ${matches.join(", ")}`);
if (problems.length) {
  console.error(`The production manifest asks for too much:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}

fs.rmSync(test, { recursive: true, force: true });
fs.cpSync(prod, test, { recursive: true });
manifest.name = `${manifest.name} (test build)`;
for (const cs of manifest.content_scripts ?? []) cs.matches = [...new Set([...(cs.matches ?? []), LOCAL])];
// localhost: a page the content script does not match, for the on-demand capture (activeTab in real use).
manifest.host_permissions = [LOCAL, "http://localhost/*"];
fs.writeFileSync(path.join(test, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);

const size = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? size(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).size), 0);
const cs = (manifest.content_scripts ?? []).flatMap((c) => c.js ?? []).map((f) => `${f} ${(fs.statSync(path.join(prod, f)).size / 1024).toFixed(1)} KB`);
console.log(`extension: ${path.relative(root, prod)} (${(size(prod) / 1024).toFixed(0)} KB); content script: ${cs.join(", ")}; test build: ${path.relative(root, test)}`);
