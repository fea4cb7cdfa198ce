// The candidates screen at 1M candidates, as a person sees it: headless Chromium signs in through the
// real sign-in page, then opens /app/candidates repeatedly on the warm server; each figure is the time from
// starting the navigation to the first candidate row on screen (page load, JS start, auth.me, candidates.list).
// (The first screen's JavaScript size is printed by the web build: web/scripts/bundle-size.mjs.)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROME_PATH, CHROMIUM_ARGS } from "../../e2e/chromium";

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export type UiResult = { status: "skipped"; reason: string } | { status: "done"; coldMs: number; warmMs: number[]; rows: number };

/** The web app is part of `npm run build`; the bench builds it when it is missing so it measures what ships. */
function ensureWebBuild() {
  if (fs.existsSync(path.join(serverDir, "web", "dist", "index.html"))) return;
  const vite = createRequire(import.meta.url).resolve("vite/bin/vite.js");
  execFileSync(process.execPath, [vite, "build", "--config", "web/vite.config.ts", "--logLevel", "warn"], { cwd: serverDir, stdio: "ignore" });
}

export async function benchCandidatesPage(baseUrl: string, email: string, password: string, runs = 10): Promise<UiResult> {
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
    const firstRow = page.locator("table.table tbody tr").first();
    const open = async () => {
      const t0 = performance.now();
      await page.goto("/app/candidates", { waitUntil: "commit" });
      await firstRow.waitFor({ state: "visible", timeout: 30_000 });
      return performance.now() - t0;
    };
    const coldMs = await open();
    const warmMs: number[] = [];
    for (let i = 0; i < runs; i++) warmMs.push(await open());
    const rows = await page.locator("table.table tbody tr").count();
    return { status: "done", coldMs, warmMs, rows };
  } finally {
    await browser.close();
  }
}
