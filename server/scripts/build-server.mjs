// Bundles the server into dist/ for `npm start`: plain node runs it without a TypeScript loader in the
// process (measured: about 50 MB less resident memory than running from source under tsx).
// Packages from node_modules stay external (better-sqlite3 is native); the workspace's own TypeScript
// (@prospector/shared) is bundled in, since node cannot import .ts files.
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const pkg = (p) => JSON.parse(fs.readFileSync(p, "utf8"));
const server = pkg(path.join(root, "package.json"));
const shared = pkg(path.join(root, "..", "shared", "package.json"));
const external = [...Object.keys(server.dependencies ?? {}), ...Object.keys(shared.dependencies ?? {})]
  .filter((name) => !name.startsWith("@prospector/"))
  .flatMap((name) => [name, `${name}/*`]);

const out = path.join(root, "dist");
fs.rmSync(out, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    main: "src/main.ts",
    "imports.worker": "src/modules/imports/imports.worker.ts",
    "documents.extract.worker": "src/modules/documents/documents.extract.worker.ts",
  },
  outdir: out,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  external,
  logLevel: "warning",
});
// Migrations are applied at start-up from beside the code (db/client.ts).
fs.cpSync(path.join(root, "src", "db", "migrations"), path.join(out, "migrations"), { recursive: true });
console.log(`server bundled into ${path.relative(process.cwd(), out) || "."}`);
