// The candidates screen at 1M candidates, as a person sees it: headless Chromium signs in through the
// real sign-in page, then opens /app/candidates repeatedly on the warm server; each figure is the time from
// starting the navigation to the first candidate row on screen (page load, JS start, auth.me, candidates.list),
// taken inside the page (navigation start to the frame after the row appeared). Seen from the bench process
// through Playwright it also holds the driver's polling and round trips, which a loaded machine stretches most.
// (The first screen's JavaScript size is printed by the web build: web/scripts/bundle-size.mjs.)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROME_PATH, CHROMIUM_ARGS } from "../../e2e/chromium";
import { processCpuMs } from "./http";

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export type UiResult =
  | { status: "skipped"; reason: string }
  | { status: "done"; coldMs: number; warmMs: number[]; outsideMs: number[]; rows: number; serverCpuMsPerVisit: number };

/** Marks, in the page, when the first candidate row is drawn: the next animation frame after it is inserted. */
const FIRST_ROW_PROBE = `(() => {
  const seen = () => document.querySelector("table.table tbody tr");
  const obs = new MutationObserver(() => {
    if (!seen()) return;
    obs.disconnect();
    requestAnimationFrame(() => { window.__firstRowMs = performance.now(); });
  });
  obs.observe(document, { childList: true, subtree: true });
})();`;

/** The web app is part of `npm run build`; the bench builds it when it is missing so it measures what ships. */
function ensureWebBuild() {
  if (fs.existsSync(path.join(serverDir, "web", "dist", "index.html"))) return;
  const vite = createRequire(import.meta.url).resolve("vite/bin/vite.js");
  execFileSync(process.execPath, [vite, "build", "--config", "web/vite.config.ts", "--logLevel", "warn"], { cwd: serverDir, stdio: "ignore" });
}

export async function benchCandidatesPage(baseUrl: string, email: string, password: string, runs = 20, serverPid?: number): Promise<UiResult> {
  if (!fs.existsSync(CHROME_PATH)) return { status: "skipped", reason: `skipped: no Chromium at ${CHROME_PATH} (set CHROME_PATH)` };
  ensureWebBuild();
  const browser = await chromium.launch({ executablePath: CHROME_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ baseURL: baseUrl });
    await page.goto("/app/signin");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => !u.pathname.endsWith("/signin"));
    await page.addInitScript(FIRST_ROW_PROBE);
    const firstRow = page.locator("table.table tbody tr").first();
    const open = async () => {
      const t0 = performance.now();
      await page.goto("/app/candidates", { waitUntil: "commit" });
      await firstRow.waitFor({ state: "visible", timeout: 30_000 });
      const outside = performance.now() - t0;
      await page.waitForFunction("window.__firstRowMs !== undefined", undefined, { timeout: 30_000 });
      return { inPage: (await page.evaluate("window.__firstRowMs")) as number, outside };
    };
    const coldMs = (await open()).inPage;
    const warmMs: number[] = [];
    const outsideMs: number[] = [];
    const cpu0 = serverPid ? processCpuMs(serverPid) : 0;
    for (let i = 0; i < runs; i++) {
      const t = await open();
      warmMs.push(t.inPage);
      outsideMs.push(t.outside);
    }
    const serverCpuMsPerVisit = serverPid ? (processCpuMs(serverPid) - cpu0) / runs : Number.NaN;
    const rows = await page.locator("table.table tbody tr").count();
    return { status: "done", coldMs, warmMs, outsideMs, rows, serverCpuMsPerVisit };
  } finally {
    await browser.close();
  }
}
