// Helpers for the extension's browser tests: the real server (stoppable and restartable on the same data
// directory and port, for the offline queue), the fixture pages, Chromium with the built test extension,
// and a small tRPC-over-HTTP client to check what landed on the server.
import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page, type Worker } from "playwright-core";
import { withExtension } from "./chromium";
import { CHROME_PATH, freePort, ROOT, serverProcess } from "./harness";

export const EXTENSION_BUILD = path.join(ROOT, "extension", "build", "chrome-mv3-test");
export const FIXTURES = path.join(ROOT, "e2e", "fixtures", "extension");
export const EXT_SCREENSHOTS = path.join(ROOT, "screenshots", "extension");

export interface ProspectorServer {
  url: string;
  port: number;
  dataDir: string;
  admin: { email: string; password: string; name: string };
  logs: () => string;
  /** Stops the process (SIGTERM), keeping the data directory. */
  stop: () => Promise<void>;
  /** Starts it again on the same port and data directory. */
  start: () => Promise<void>;
  /** Stops it and removes the data directory. */
  dispose: () => Promise<void>;
}

/** The real server (src/main.ts) on a free port with a fresh data directory, and no demo data. */
export async function startProspector(): Promise<ProspectorServer> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "prospector-ext-e2e-"));
  const admin = { email: "sourcer@ext-e2e.test", password: "ext-e2e-password-1234", name: "" };
  const server = serverProcess({ port, dataDir, admin, entry: ["--import", "tsx", "src/main.ts"] });
  await server.start();
  return {
    url: server.url,
    port,
    dataDir,
    admin,
    logs: server.logs,
    stop: server.stop,
    start: server.start,
    dispose: async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Serves the fixture pages: path → file. */
export async function startFixtureServer(routes: Record<string, string>): Promise<{ url: string; port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const p = new URL(req.url ?? "/", "http://x").pathname;
    const file = routes[p];
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(fs.readFileSync(path.join(FIXTURES, file)));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, port, close: () => new Promise((r) => server.close(() => r())) };
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  worker: () => Promise<Worker>;
  close: () => Promise<void>;
}

/** Chromium with the unpacked test build of the extension (a persistent context: the only way to load one). */
export async function launchWithExtension(): Promise<ExtensionBrowser> {
  if (!fs.existsSync(path.join(EXTENSION_BUILD, "manifest.json"))) {
    throw new Error(`The extension is not built (${EXTENSION_BUILD}): run \`npm run build -w @prospector/extension\``);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "prospector-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROME_PATH,
    headless: true,
    viewport: { width: 1280, height: 860 },
    args: withExtension(EXTENSION_BUILD),
  });
  context.setDefaultTimeout(15_000);
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  const extensionId = new URL(sw.url()).host;
  return {
    context,
    extensionId,
    // The worker can be stopped and restarted by Chromium: always ask for the current one.
    worker: async () => context.serviceWorkers().find((w) => w.url().includes(extensionId)) ?? (await context.waitForEvent("serviceworker")),
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function shot(page: Page, name: string, opts: { fullPage?: boolean } = {}) {
  fs.mkdirSync(EXT_SCREENSHOTS, { recursive: true });
  const file = path.join(EXT_SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: opts.fullPage ?? false });
  return file;
}

/** A minimal tRPC-over-HTTP client (no transformer) for checking the server's side. */
export function api(baseUrl: string, token?: string) {
  const headers = (): Record<string, string> => ({ "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : { "x-prospector-csrf": "1" }) });
  const unwrap = async (res: Response, p: string) => {
    const body = (await res.json()) as { result?: { data: unknown }; error?: { message: string; data?: { code?: string } } };
    if (body.error) throw Object.assign(new Error(`${p}: ${body.error.message}`), { code: body.error.data?.code });
    return body.result?.data;
  };
  return {
    // biome-ignore lint/suspicious/noExplicitAny: test helper over untyped JSON
    query: async <T = any>(p: string, input?: unknown): Promise<T> =>
      (await unwrap(await fetch(`${baseUrl}/trpc/${p}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, { headers: headers() }), p)) as T,
    // biome-ignore lint/suspicious/noExplicitAny: test helper over untyped JSON
    mutate: async <T = any>(p: string, input?: unknown): Promise<T> =>
      (await unwrap(await fetch(`${baseUrl}/trpc/${p}`, { method: "POST", headers: headers(), body: JSON.stringify(input ?? {}) }), p)) as T,
  };
}

/** Polls until fn returns a truthy value (or throws after the timeout with the last value seen). */
export async function eventually<T>(fn: () => Promise<T>, timeoutMs = 15_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastErr: unknown;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)} ${lastErr ? String(lastErr) : ""}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
