// After `plasmo build`: builds the page reader (the shared extraction library) into extractor.js with esbuild,
// declares it and the framed capture form as web-accessible on the pages the content script runs on, checks
// that the manifest asks for no broad host access, prints the sizes, and makes build/chrome-mv3-test for the
// browser tests: the content script (and the web-accessible files) also on http://127.0.0.1/* (the tests'
// own fixture pages), and 127.0.0.1 a granted host, so connecting to the test server needs no permission
// prompt. Nothing else differs from what users install.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const prod = path.join(root, "build", "chrome-mv3-prod");
const test = path.join(root, "build", "chrome-mv3-test");
const LOCAL = "http://127.0.0.1/*";
// The same names as src/lib/protocol.ts (EXTRACTOR_FILE, CAPTURE_PAGE).
const EXTRACTOR_FILE = "extractor.js";
const CAPTURE_PAGE = "tabs/capture.html";

const inPage = { bundle: true, minify: true, format: "iife", target: "chrome110", legalComments: "none", logLevel: "warning", tsconfig: path.join(root, "tsconfig.json") };
await build({ ...inPage, entryPoints: [path.join(root, "src", "lib", "extractor.ts")], outfile: path.join(prod, EXTRACTOR_FILE) });

const manifestFile = path.join(prod, "manifest.json");
const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
// The content script loads the extractor with a native import(); Parcel turns every import() into its own
// module loader, which cannot load a file of the extension. So the content script Plasmo built (and declared,
// with the matches of its `config`) is rebuilt from the same source by esbuild, under the same name.
const csFiles = (manifest.content_scripts ?? []).flatMap((cs) => cs.js ?? []).filter((f) => /^prospect-button\.[^/]*\.js$/.test(f));
if (csFiles.length !== 1) {
  console.error(`expected one prospect-button content script in the manifest, found ${JSON.stringify(csFiles)}`);
  process.exit(1);
}
await build({ ...inPage, entryPoints: [path.join(root, "src", "contents", "prospect-button.ts")], outfile: path.join(prod, csFiles[0]), allowOverwrite: true });
if (!/\bimport\(chrome\.runtime\.getURL\(/.test(fs.readFileSync(path.join(prod, csFiles[0]), "utf8"))) {
  console.error("the content script lost its import() of the extractor");
  process.exit(1);
}
if (!fs.existsSync(path.join(prod, CAPTURE_PAGE))) {
  console.error(`${CAPTURE_PAGE} is missing from the build`);
  process.exit(1);
}
const matches = (manifest.content_scripts ?? []).flatMap((cs) => cs.matches ?? []);
// Web-accessible only where the content script runs: elsewhere a page could probe for the extension with it.
manifest.web_accessible_resources = [
  ...(manifest.web_accessible_resources ?? []).filter((r) => !r.resources?.includes(EXTRACTOR_FILE)),
  { resources: [EXTRACTOR_FILE, CAPTURE_PAGE], matches: [...new Set(matches)] },
];
fs.writeFileSync(manifestFile, JSON.stringify(manifest));

const problems = [];
if ((manifest.host_permissions ?? []).length > 0) problems.push(`host_permissions at install: ${JSON.stringify(manifest.host_permissions)}`);
const broad = (m) => m === "<all_urls>" || /^\*:\/\/\*\/|^https?:\/\/\*\//.test(m);
if (matches.some(broad)) problems.push(`broad content-script matches: ${matches.join(", ")}`);
if (manifest.web_accessible_resources.some((r) => (r.matches ?? []).some(broad))) problems.push("web-accessible resources for every site");
if (problems.length) {
  console.error(`The production manifest asks for too much:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}

fs.rmSync(test, { recursive: true, force: true });
fs.cpSync(prod, test, { recursive: true });
manifest.name = `${manifest.name} (test build)`;
for (const cs of manifest.content_scripts ?? []) cs.matches = [...new Set([...(cs.matches ?? []), LOCAL])];
for (const r of manifest.web_accessible_resources) if (r.resources.includes(EXTRACTOR_FILE)) r.matches = [...new Set([...r.matches, LOCAL])];
// localhost: a page the content script does not match, for the on-demand capture (activeTab in real use).
manifest.host_permissions = [LOCAL, "http://localhost/*"];
fs.writeFileSync(path.join(test, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);

const size = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? size(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).size), 0);
const kb = (f) => {
  const buf = fs.readFileSync(path.join(prod, f));
  return `${f} ${(buf.length / 1024).toFixed(1)} KB (${(zlib.gzipSync(buf).length / 1024).toFixed(1)} KB gzipped)`;
};
const cs = (manifest.content_scripts ?? []).flatMap((c) => c.js ?? []).map(kb);
console.log(
  `extension: ${path.relative(root, prod)} (${(size(prod) / 1024).toFixed(0)} KB); content script: ${cs.join(", ")}; loaded on profile pages: ${kb(EXTRACTOR_FILE)}; test build: ${path.relative(root, test)}`,
);
