import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import { CHROME_PATH, CHROMIUM_ARGS } from "./chromium";

export { CHROME_PATH };

export const ROOT = path.resolve(import.meta.dirname, "..");
export const HAS_CHROMIUM = fs.existsSync(CHROME_PATH);
export const IN_CI = Boolean(process.env.CI);
export const SCREENSHOT_DIR = path.join(ROOT, "screenshots", "admin-ui");
const WEB_INDEX = path.join(ROOT, "server", "web", "dist", "index.html");
const SERVER_BUNDLE = path.join(ROOT, "server", "dist", "main.js");

if (!HAS_CHROMIUM && !IN_CI) {
  console.warn(
    `\n  Browser tests SKIPPED: no Chromium at ${CHROME_PATH}.\n  Install it with \`apt-get update && apt-get install -y chromium\` (or set CHROME_PATH).\n`,
  );
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  dataDir: string;
  admin: { email: string; password: string };
  logs: () => string;
  stop: () => Promise<void>;
}

/** A server process on a fixed port and data directory that can be stopped and started again (same data). */
export interface ServerProcess {
  url: string;
  logs: () => string;
  /** Starts the process and resolves once /healthz answers. */
  start: () => Promise<void>;
  /** SIGTERM (graceful shutdown), SIGKILL if it does not exit in time; the data directory stays. */
  stop: () => Promise<void>;
}

/**
 * The real server with the first super admin given by environment and no demo data. `entry` is what node
 * runs in server/: the built bundle (as `npm start` runs it) or the sources through tsx.
 */
export function serverProcess(opts: { port: number; dataDir: string; admin: { email: string; password: string }; entry: string[]; env?: Record<string, string> }): ServerProcess {
  const url = `http://127.0.0.1:${opts.port}`;
  let out = "";
  let child: ChildProcess | null = null;
  const start = async () => {
    const c = spawn(process.execPath, opts.entry, {
      cwd: path.join(ROOT, "server"),
      env: {
        ...process.env,
        PORT: String(opts.port),
        HOST: "127.0.0.1",
        PUBLIC_URL: url,
        DATA_DIR: opts.dataDir,
        PROSPECTOR_ADMIN_EMAIL: opts.admin.email,
        PROSPECTOR_ADMIN_PASSWORD: opts.admin.password,
        PROSPECTOR_NO_DEMO: "1",
        LOG_LEVEL: "warn",
        ...opts.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = c;
    c.stdout?.on("data", (d) => (out += d));
    c.stderr?.on("data", (d) => (out += d));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (c.exitCode !== null) throw new Error(`the server exited (${c.exitCode}):\n${out}`);
      try {
        if ((await fetch(`${url}/healthz`)).ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the server did not start in 60 s:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 8000))]);
    if (c.exitCode === null) {
      c.kill("SIGKILL");
      await exited;
    }
  };
  return { url, logs: () => out, start, stop };
}

/**
 * Starts the real server as `npm start` runs it (the built bundle) on a free port with an empty data directory;
 * `env` adds configuration (e.g. SMTP_URL to a test sink, INBOUND_EMAIL_SECRET).
 */
export async function startServer(opts: { env?: Record<string, string> } = {}): Promise<RunningServer> {
  for (const f of [WEB_INDEX, SERVER_BUNDLE]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: run \`npm run build -w @prospector/server\` (npm run test:e2e does)`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "prospector-e2e-"));
  const admin = { email: "owner@e2e.test", password: "e2e-password-1234" };
  const server = serverProcess({ port: await freePort(), dataDir, admin, entry: [SERVER_BUNDLE], env: opts.env });
  await server.start();
  return {
    url: server.url,
    dataDir,
    admin,
    logs: server.logs,
    stop: async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROME_PATH, headless: true, args: CHROMIUM_ARGS });
}

export async function newPage(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1360, height: 900 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  (page as Page & { pageErrors: string[] }).pageErrors = errors;
  return { context, page };
}

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

const AXE_SOURCE = fs.readFileSync(path.join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core in the page (evaluated through the DevTools protocol, so the page's CSP does not apply). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  return result;
}

export const serious = (vs: AxeViolation[]) => vs.filter((v) => v.impact === "serious" || v.impact === "critical");

/** Fails the test with each serious or critical axe violation on the page, named by its screen. */
export async function checkA11y(p: Page, screen: string) {
  const vs = serious(await axeViolations(p));
  expect(vs.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), `axe on ${screen}`).toEqual([]);
}

/** Same-origin tRPC call from inside the page (the session cookie and the CSRF header, as the app sends them). */
export async function pageApi(p: Page, proc: string, input: unknown, mutation = true) {
  return p.evaluate(
    async ({ proc, input, mutation }) => {
      const url = mutation ? `/trpc/${proc}` : `/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`;
      const r = await fetch(url, {
        method: mutation ? "POST" : "GET",
        headers: { "content-type": "application/json", "x-prospector-csrf": "1" },
        body: mutation ? JSON.stringify(input) : undefined,
      });
      return { status: r.status, body: await r.json() };
    },
    { proc, input, mutation },
  );
}
