import fs from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webRoutes } from "../src/web";

let server: Server;
let base: string;
let dist: string;
let missing: Server;
let missingBase: string;

async function listen(app: express.Express): Promise<[Server, string]> {
  const s = app.listen(0, "127.0.0.1");
  await new Promise((r) => s.once("listening", r));
  return [s, `http://127.0.0.1:${(s.address() as AddressInfo).port}`];
}

beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), "prospector-web-"));
  fs.mkdirSync(path.join(dist, "assets"));
  fs.writeFileSync(path.join(dist, "index.html"), "<!doctype html><title>Prospector</title><div id=root></div>");
  fs.writeFileSync(path.join(dist, "assets", "index-abc123.js"), "console.log(1)");
  [server, base] = await listen(express().use(webRoutes(dist)));
  [missing, missingBase] = await listen(express().use(webRoutes(path.join(dist, "nope"))));
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await new Promise((r) => missing.close(r));
  fs.rmSync(dist, { recursive: true, force: true });
});

describe("web UI serving", () => {
  it("redirects / to /app/", async () => {
    const r = await fetch(`${base}/`, { redirect: "manual" });
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe("/app/");
  });

  it("serves index.html for every app path (SPA fallback), uncached and with a CSP", async () => {
    for (const p of ["/app", "/app/", "/app/openings/12/pipeline", "/app/candidates?tab=prospects"]) {
      const r = await fetch(`${base}${p}`);
      expect(r.status, p).toBe(200);
      expect(await r.text()).toContain('<div id=root>');
      expect(r.headers.get("cache-control")).toBe("no-cache");
      expect(r.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
      expect(r.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    }
  });

  it("serves hashed assets with a long cache, and a missing file is a 404, not the app", async () => {
    const js = await fetch(`${base}/app/assets/index-abc123.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get("cache-control")).toMatch(/immutable/);
    expect((await fetch(`${base}/app/assets/gone-123.js`)).status).toBe(404);
    expect((await fetch(`${base}/app/favicon.ico`)).status).toBe(404);
  });

  it("says how to build the UI when it is missing", async () => {
    const r = await fetch(`${missingBase}/app/`);
    expect(r.status).toBe(503);
    expect(await r.text()).toMatch(/npm run build -w @prospector\/server/);
  });
});
