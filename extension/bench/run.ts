// Extension benchmark (`npm run bench -w @prospector/extension`, and the root `npm run bench` after the server's):
// the built extension in headless Chromium (playwright-core + the system Chromium, as the browser tests run it).
//  1. Extraction on a heavy generated LinkedIn-like profile page (~2 MB): the built extractor, called in the
//     content script's isolated world on the page (chrome.scripting from the service worker), the code that
//     really runs; p50 against 15 ms.
//  2. What the content script costs the page on pages that are not profiles (a LinkedIn feed-like page and a
//     GitHub repository page, both matched by the content script): the main-thread time Chromium's trace
//     attributes to the extension's scripts (compile, evaluate, callbacks and timers) over the first 3 s after
//     load; against 2 ms. The same on the heavy profile page, for comparison (that includes loading the
//     extractor and one extraction).
//  3. The content script's size (minified, as built) against 100 KB, and the extractor loaded on profile pages.
//     Each page is loaded BENCH_PAGE_LOADS (7) times and the median taken: the machine is shared and noisy.
// Knobs: BENCH_EXTRACT_RUNS (30), BENCH_PAGE_LOADS (7), CHROME_PATH. Misses are reported, not failed (exit 1 only when a run is invalid).
// Every figure is printed with the load it was measured under (scripts/bench-load.ts: the cores other processes used
// meanwhile, and the load average). The content script's cost is given twice: the wall time of its trace events,
// which grows when the renderer is descheduled on a busy machine, and their thread (CPU) time, which does not.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { type BrowserContext, chromium } from "playwright-core";
import { fmtLoad, LoadTracker, type LoadWindow } from "../../scripts/bench-load";
import { CHROME_PATH, withExtension } from "../../e2e/chromium";
import { heavyProfilePage, repositoryPage } from "./heavy-page";

const ROOT = path.resolve(import.meta.dirname, "..");
const TEST_BUILD = path.join(ROOT, "build", "chrome-mv3-test");
const RUNS = Math.max(5, Number(process.env.BENCH_EXTRACT_RUNS ?? 30));
const LOADS = Math.max(1, Number(process.env.BENCH_PAGE_LOADS ?? 7));
const TARGET = { extractP50Ms: 15, nonProfileMs: 2, contentScriptKb: 100 };

const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const ms = (x: number) => `${x.toFixed(2)} ms`;

function ensureBuilt() {
  if (fs.existsSync(path.join(TEST_BUILD, "manifest.json"))) return;
  console.log("building the extension…");
  execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
}

/** The test build, plus host access to the sites the bench serves (so chrome.scripting can time the extractor there). */
function benchBuild(emptyContentScript = false): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prospector-ext-bench-"));
  fs.cpSync(TEST_BUILD, dir, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
  // The floor: what Chromium charges for any content script of an extension (its isolated world) on a page.
  if (emptyContentScript) fs.writeFileSync(path.join(dir, manifest.content_scripts[0].js[0]), process.env.BENCH_FLOOR_SCRIPT ? fs.readFileSync(process.env.BENCH_FLOOR_SCRIPT) : "void 0;\n");
  manifest.host_permissions = [...(manifest.host_permissions ?? []), "https://www.linkedin.com/*", "https://github.com/*"];
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
  return dir;
}

async function serve(pages: Record<string, string>) {
  const server = http.createServer((req, res) => {
    const body = pages[new URL(req.url ?? "/", "http://x").pathname];
    if (body === undefined) res.writeHead(404).end();
    else res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { port: (server.address() as net.AddressInfo).port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of a complete event, µs, where Chromium records it. */
  tdur?: number;
  tid: number;
  pid: number;
  args?: { data?: { url?: string; scriptName?: string; functionName?: string }; fileName?: string; url?: string };
}

/** Main-thread time attributed to the extension's scripts in a trace: outermost events only (no double counting). */
function extensionTime(events: TraceEvent[], extensionId: string, frameId: string): { totalMs: number; cpuMs: number | null; byKind: Record<string, number> } {
  const prefix = `chrome-extension://${extensionId}/`;
  // Only the renderer of the page measured (the trace also sees other tabs' timers).
  const pids = new Set(events.filter((e) => (e.args?.data as { frame?: string } | undefined)?.frame === frameId).map((e) => e.pid));
  const urlOf = (e: TraceEvent) => e.args?.data?.url ?? e.args?.data?.scriptName ?? e.args?.fileName ?? e.args?.url ?? "";
  const KINDS = new Set(["EvaluateScript", "v8.compile", "v8.compileModule", "v8.evaluateModule", "FunctionCall", "v8.produceCache", "v8.run"]);
  const mine = events
    .filter((e) => e.ph === "X" && e.dur !== undefined && pids.has(e.pid) && KINDS.has(e.name) && urlOf(e).startsWith(prefix))
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const lastEnd = new Map<string, number>();
  let total = 0;
  let cpu = 0;
  let withThreadTime = 0;
  const byKind: Record<string, number> = {};
  for (const e of mine) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ts < (lastEnd.get(key) ?? -1)) continue; // inside one already counted
    lastEnd.set(key, e.ts + (e.dur ?? 0));
    total += (e.dur ?? 0) / 1000;
    if (e.tdur !== undefined) {
      cpu += e.tdur / 1000;
      withThreadTime++;
    }
    byKind[e.name] = (byKind[e.name] ?? 0) + (e.dur ?? 0) / 1000;
  }
  return { totalMs: total, cpuMs: withThreadTime > 0 ? cpu : null, byKind };
}

/** The median over LOADS fresh loads of a page, of the time the trace attributes to the extension. */
async function medianLoad(context: BrowserContext, url: string, extensionId: string) {
  const totals: number[] = [];
  const cpus: number[] = [];
  let shownButton = false;
  let byKind: Record<string, number> = {};
  for (let i = 0; i < LOADS; i++) {
    const r = await tracedLoad(context, url, extensionId);
    await r.page.close();
    totals.push(r.totalMs);
    if (r.cpuMs !== null) cpus.push(r.cpuMs);
    shownButton ||= r.shownButton;
    byKind = r.byKind;
  }
  return { totalMs: pct(totals, 50), cpuMs: cpus.length ? pct(cpus, 50) : null, all: totals, shownButton, byKind };
}

async function tracedLoad(context: BrowserContext, url: string, extensionId: string, settleMs = 3000) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on("Tracing.dataCollected", (d) => events.push(...(d.value as unknown as TraceEvent[])));
  const done = new Promise<void>((r) => cdp.once("Tracing.tracingComplete", () => r()));
  await cdp.send("Tracing.start", {
    traceConfig: { includedCategories: ["devtools.timeline", "v8", "disabled-by-default-devtools.timeline", "v8.execute"] },
    transferMode: "ReportEvents",
  });
  const { frameTree } = (await cdp.send("Page.getFrameTree")) as { frameTree: { frame: { id: string } } };
  await page.goto(url, { waitUntil: "load" });
  await page.waitForTimeout(settleMs);
  await cdp.send("Tracing.end");
  await done;
  const t = extensionTime(events, extensionId, frameTree.frame.id);
  if (process.env.BENCH_TRACE_DUMP) {
    const prefix = `chrome-extension://${extensionId}/`;
    const rows = events.filter((e) => JSON.stringify(e.args ?? {}).includes(prefix));
    for (const e of rows.slice(0, 60)) console.log(url.slice(0, 40), e.name, e.ph, e.ts, ((e.dur ?? 0) / 1000).toFixed(3), JSON.stringify(e.args).slice(0, 200));
  }
  return { page, ...t, shownButton: (await page.locator("#prospector-csui button").count()) > 0 };
}

function launch(profileDir: string, ext: string) {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROME_PATH,
    headless: true,
    viewport: { width: 1280, height: 860 },
    args: withExtension(ext),
  });
}

/** The real sites' URLs (the content script's production matches, the LinkedIn reader), served locally. */
async function routeSites(context: BrowserContext, pages: Record<string, string>) {
  await context.route(/^https:\/\/(www\.linkedin\.com|github\.com)\//, (route) => {
    const body = pages[new URL(route.request().url()).pathname];
    return body === undefined ? route.fulfill({ status: 404, body: "" }) : route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body });
  });
}

/** The same non-profile pages with the content script replaced by an empty one. */
async function emptyScriptFloor(pages: Record<string, string>) {
  const ext = benchBuild(true);
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), "prospector-bench-chromium-"));
  const context = await launch(profileDir, ext);
  try {
    const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
    const extensionId = new URL(sw.url()).host;
    await routeSites(context, pages);
    const feed = await medianLoad(context, "https://www.linkedin.com/feed/", extensionId);
    const repo = await medianLoad(context, "https://github.com/octocat/hello-world", extensionId);
    return { feed: feed.totalMs, repo: repo.totalMs, feedCpu: feed.cpuMs, repoCpu: repo.cpuMs };
  } finally {
    await context.close();
    fs.rmSync(profileDir, { recursive: true, force: true });
    fs.rmSync(ext, { recursive: true, force: true });
  }
}

async function main() {
  ensureBuilt();
  if (!fs.existsSync(CHROME_PATH)) {
    console.error(`No Chromium at ${CHROME_PATH}: install it (apt-get install -y chromium) or set CHROME_PATH`);
    process.exit(1);
  }
  const prod = path.join(ROOT, "build", "chrome-mv3-prod");
  const manifest = JSON.parse(fs.readFileSync(path.join(prod, "manifest.json"), "utf8"));
  const csFile = manifest.content_scripts[0].js[0] as string;
  const sizeOf = (f: string) => {
    const b = fs.readFileSync(path.join(prod, f));
    return { kb: b.length / 1024, gz: zlib.gzipSync(b).length / 1024 };
  };
  const cs = sizeOf(csFile);
  const ex = sizeOf("extractor.js");

  const heavy = heavyProfilePage();
  const pages: Record<string, string> = { "/in/jane-doe-4b2a1/": heavy, "/feed/": repositoryPage(), "/octocat/hello-world": repositoryPage() };
  const fixtures = await serve(pages);
  const load = new LoadTracker();
  const floor = await emptyScriptFloor(pages);
  const floorLoad = load.current();
  const ext = benchBuild();
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), "prospector-bench-chromium-"));
  const context = await launch(profileDir, ext);
  let invalid = false;
  try {
    const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
    const extensionId = new URL(sw.url()).host;
    await routeSites(context, pages);

    // 1. Extraction on the heavy page.
    load.restart();
    const profile = await tracedLoad(context, "https://www.linkedin.com/in/jane-doe-4b2a1/", extensionId);
    if (!profile.shownButton) {
      console.error("the Add prospect button did not appear on the heavy profile page");
      invalid = true;
    }
    await profile.page.bringToFront();
    // As a string: tsx would wrap functions in a helper (__name) that the worker and the page do not have.
    const timing = (await sw.evaluate(`(async () => {
      const [tab] = await chrome.tabs.query({ url: "https://www.linkedin.com/in/*" });
      const [r] = await chrome.scripting.executeScript({
        target: { tabId: tab.id },
        args: [${RUNS + 1}, "__prospectorExtractor"],
        func: (n, g) => {
          const api = globalThis[g];
          const times = [];
          let person = null;
          for (let i = 0; i < n; i++) {
            const t0 = performance.now();
            person = api.capture(document, location.href).person;
            times.push(performance.now() - t0);
          }
          return { times, fullName: person ? person.fullName : null, experience: person ? person.experience.length : 0,
            bytes: document.documentElement.outerHTML.length, nodes: document.getElementsByTagName("*").length };
        },
      });
      return r.result;
    })()`)) as { times: number[]; fullName: string | null; experience: number; bytes: number; nodes: number };
    if (timing.fullName !== "Jane Doe") {
      console.error(`the extractor read ${JSON.stringify(timing.fullName)} on the heavy page, not Jane Doe`);
      invalid = true;
    }
    const [first, ...rest] = timing.times;
    const p50 = pct(rest, 50);
    const p95 = pct(rest, 95);
    const extractLoad = load.current();

    // 2. Pages that are not profiles.
    await profile.page.close();
    load.restart();
    const feed = await medianLoad(context, "https://www.linkedin.com/feed/", extensionId);
    const feedLoad = load.current();
    const repo = await medianLoad(context, "https://github.com/octocat/hello-world", extensionId);
    const repoLoad = load.current();
    for (const [name, r] of [
      ["LinkedIn feed", feed],
      ["GitHub repository", repo],
    ] as const) {
      if (r.shownButton) {
        console.error(`the button appeared on the ${name} page`);
        invalid = true;
      }
    }
    // The trace must see the content script at all, or the figures mean nothing.
    if (feed.totalMs === 0 || repo.totalMs === 0) {
      console.error("the trace attributed no time to the content script: the measurement is not valid");
      invalid = true;
    }

    const cpuText = (x: number | null) => (x === null ? "n/a" : ms(x));
    const line = (label: string, value: string, target: string, ok: boolean | null, w?: LoadWindow) =>
      console.log(`${label.padEnd(66)} ${value.padStart(22)}   ${target.padEnd(12)} ${(ok === null ? "" : verdict(ok)).padEnd(4)}   ${w ? fmtLoad(w) : ""}`);
    console.log("\nExtension (Chromium, built extension, content script's isolated world)");
    console.log(`${"".padEnd(66)} ${"".padStart(22)}   ${"target".padEnd(12)} ${"".padEnd(4)}   load while measured (cores used by other processes · load average)`);
    console.log(`  heavy profile page: ${(timing.bytes / 1024 / 1024).toFixed(2)} MB, ${timing.nodes} elements, ${timing.experience} experience entries read`);
    line("  extractProfile on the heavy page, p50", ms(p50), `< ${TARGET.extractP50Ms} ms`, p50 < TARGET.extractP50Ms, extractLoad);
    line("  extractProfile on the heavy page, p95 / first run", `${ms(p95)} / ${ms(first!)}`, "", null, extractLoad);
    // The fastest run is the one least interrupted: the closest a busy machine gets to the code's own cost.
    line("  extractProfile on the heavy page, fastest run", ms(Math.min(...rest)), "", null, extractLoad);
    line("  content script, LinkedIn feed-like page (3 s after load, median)", ms(feed.totalMs), `< ${TARGET.nonProfileMs} ms`, feed.totalMs < TARGET.nonProfileMs, feedLoad);
    line("    same, thread (CPU) time of those events", cpuText(feed.cpuMs), "", null, feedLoad);
    line("  content script, GitHub repository page (3 s after load, median)", ms(repo.totalMs), `< ${TARGET.nonProfileMs} ms`, repo.totalMs < TARGET.nonProfileMs, repoLoad);
    line("    same, thread (CPU) time of those events", cpuText(repo.cpuMs), "", null, repoLoad);
    line("  (floor: an empty content script, the same two pages)", `${ms(floor.feed)} / ${ms(floor.repo)}`, "", null, floorLoad);
    line("    same, thread (CPU) time", `${cpuText(floor.feedCpu)} / ${cpuText(floor.repoCpu)}`, "", null, floorLoad);
    line("  content script size (minified)", `${cs.kb.toFixed(1)} KB (${cs.gz.toFixed(1)} gz)`, `< ${TARGET.contentScriptKb} KB`, cs.kb < TARGET.contentScriptKb);
    line("  extractor, loaded on profile pages only (minified)", `${ex.kb.toFixed(1)} KB (${ex.gz.toFixed(1)} gz)`, "", null);
    console.log(
      `  (trace: ${Object.entries(feed.byKind)
        .map(([k, v]) => `${k} ${v.toFixed(2)} ms`)
        .join(", ")} on the last feed load; all loads: feed ${feed.all.map((x) => x.toFixed(2)).join(", ")}, repository ${repo.all.map((x) => x.toFixed(2)).join(", ")} ms)`,
    );
  } finally {
    await context.close();
    await fixtures.close();
    fs.rmSync(profileDir, { recursive: true, force: true });
    fs.rmSync(ext, { recursive: true, force: true });
  }
  if (invalid) process.exit(1);
}

await main();
