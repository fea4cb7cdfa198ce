// Debugging aid: `npm run extract -- <file.html> --url <page-url> [--draft]` prints what
// extractProfile reads from a saved page (and, with --draft, the prospects.add input).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { JSDOM } from "jsdom";
import { extractProfile, toProspectDraft } from "../src/extract/index";

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run extract -- <file.html> --url <page-url> [--draft]\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let file: string | undefined;
let url: string | undefined;
let draft = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--url") url = args[++i];
  else if (a?.startsWith("--url=")) url = a.slice("--url=".length);
  else if (a === "--draft") draft = true;
  else if (a?.startsWith("--")) usage(`unknown option ${a}`);
  else if (file === undefined) file = a;
  else usage(`unexpected argument ${a}`);
}
if (file === undefined) usage("missing <file.html>");
if (url === undefined) usage("missing --url");
try {
  new URL(url);
} catch {
  usage(`not a URL: ${url}`);
}

// npm runs workspace scripts inside shared/; paths are meant relative to where the user typed them.
const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
const html = readFileSync(path, "utf8");
// Scripts are not run (jsdom's default): a saved page is data, exactly as in the extension.
const dom = new JSDOM(html, { url });
const result = extractProfile(dom.window.document, url);
const output = draft && result.person ? { ...result, draft: toProspectDraft(result.person, url) } : result;
process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
dom.window.close();
