import fs from "node:fs";
import http, { type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { APPLY_LIMIT } from "../src/modules/careers/careers.service";
import { makeOpening, makeWorld, snapshot, type World } from "./factory";
import { pdfBytes, storedFiles, withDataDir } from "./support/documents";

/**
 * The Apply form's POST against the real Express app, with requests written by hand: a refused post (another
 * site's Origin, an address over the limit, a declared size over the limit, a resume past 10 MB) is answered while
 * its body is still being sent, without storing any of it.
 */
let server: Server | null = null;
afterEach(async () => {
  const s = server;
  server = null;
  if (s) await new Promise<void>((r) => s.close(() => r()));
});

async function site() {
  const w = await makeWorld();
  const dir = withDataDir(w.deps);
  const opening = await makeOpening(w);
  await w.as.admin.openings.setPublished({ openingId: opening.id, published: true });
  const slug = (await w.as.admin.company.get()).slug;
  server = createApp(w.deps).listen(0, "127.0.0.1");
  await new Promise((r) => server!.once("listening", r));
  const port = (server.address() as AddressInfo).port;
  return { w, dir, opening, slug, port, url: `/jobs/${slug}/${opening.id}` };
}

const BOUNDARY = "----prospector-test-boundary";
const field = (name: string, value: string) => Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
const fileHead = (name: string, fileName: string) => Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`);
const end = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);

interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
  /** Whether the request's body had been sent to its end when the answer came. */
  bodyEnded: boolean;
}

/**
 * Sends a multipart POST: `parts` first, then (unless `finish`) keeps the request open without ending its body.
 * Resolves with the answer; a server that waits for the rest of the body never answers (the guard fails the test).
 */
function post(port: number, url: string, parts: Buffer[], opts: { headers?: Record<string, string>; contentLength?: number; finish?: boolean }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let bodyEnded = false;
    const headers: Record<string, string | number> = { "content-type": `multipart/form-data; boundary=${BOUNDARY}`, ...opts.headers };
    if (opts.contentLength !== undefined) headers["content-length"] = opts.contentLength;
    const req = http.request({ host: "127.0.0.1", port, path: url, method: "POST", headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => {
        clearTimeout(guard);
        resolve({ status: res.statusCode ?? 0, body, headers: res.headers, bodyEnded });
        req.destroy();
      });
    });
    req.on("error", (err) => {
      // The server closing after its answer may reset our unfinished upload; the answer already came.
      if (!(err as NodeJS.ErrnoException).code?.startsWith("ECONNRESET") && (err as NodeJS.ErrnoException).code !== "EPIPE") reject(err);
    });
    const guard = setTimeout(() => {
      req.destroy();
      reject(new Error("no answer while the body was still being sent: the server waited to read it all"));
    }, 15_000);
    (async () => {
      for (const p of parts) {
        if (!req.write(p)) await new Promise((r) => req.once("drain", r));
      }
      if (opts.finish) {
        req.end();
        bodyEnded = true;
      }
    })().catch(() => undefined);
  });
}

const tempFiles = (dir: string) => {
  const tmp = path.join(dir, "documents", "tmp");
  return fs.existsSync(tmp) ? fs.readdirSync(tmp) : [];
};
const candidates = (w: World) => w.deps.db.$client.prepare("SELECT count(*) FROM candidates").pluck().get();

describe("the Apply POST is refused before its body is read", () => {
  it(`the post after ${APPLY_LIMIT.count} from one address gets 429 at once: no temporary file, nothing stored`, async () => {
    const { w, dir, port, url } = await site();
    // Posts count whatever they carry (these are forms the server did not sign: shown again, 400).
    for (let i = 0; i < APPLY_LIMIT.count; i++) {
      const r = await post(port, url, [field("form", "x"), field("name", "Ann"), end], { finish: true });
      expect(r.status).toBe(400);
    }
    const before = snapshot(w.deps.db);
    const pdf = await pdfBytes(["Ann Applicant"]);
    // The headers and the start of the file, then nothing more: the answer must not wait for the rest.
    const r = await post(port, url, [field("form", "x"), field("name", "Ann"), field("email", "ann@example.com"), fileHead("resume", "cv.pdf"), pdf.subarray(0, 200)], {
      contentLength: 2 * 1024 * 1024,
    });
    expect(r).toMatchObject({ status: 429, bodyEnded: false });
    expect(r.headers["retry-after"]).toBe("600");
    expect(r.headers.connection).toBe("close");
    expect(r.body).toContain("Too many applications were sent from your network");
    expect(tempFiles(dir)).toEqual([]);
    expect(storedFiles(dir)).toEqual([]);
    expect(snapshot(w.deps.db)).toBe(before);
  });

  it("a declared Content-Length over the limit gets 413 at once; a resume past 10 MB sent without one stops the reading at the limit (413, the fields before it kept)", async () => {
    const { w, dir, port, url } = await site();
    const before = candidates(w);
    const big = await post(port, url, [field("form", "x"), field("name", "Ann"), fileHead("resume", "cv.pdf"), Buffer.from("%PDF-1.7\n")], { contentLength: 50 * 1024 * 1024 });
    expect(big).toMatchObject({ status: 413, bodyEnded: false });
    expect(big.body).toContain("Your file is larger than 10 MB");
    expect(tempFiles(dir)).toEqual([]);
    // Chunked (no Content-Length): 11 MB of file and no end to the body. The answer comes at the 10 MB limit.
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const parts = [field("form", "x"), field("name", "Ann <Applicant>"), field("email", "ann@example.com"), fileHead("resume", "cv.pdf"), Buffer.from("%PDF-1.7\n"), ...Array<Buffer>(11).fill(chunk)];
    const r = await post(port, url, parts, {});
    expect(r).toMatchObject({ status: 413, bodyEnded: false });
    expect(r.headers.connection).toBe("close");
    expect(r.body).toMatch(/id="f-resume-error">This file is larger than 10 MB/);
    // What came before the file is shown again (escaped).
    expect(r.body).toContain('value="Ann &#60;Applicant&#62;"');
    expect(r.body).toContain('value="ann@example.com"');
    expect(tempFiles(dir)).toEqual([]);
    expect(storedFiles(dir)).toEqual([]);
    expect(candidates(w)).toBe(before);
  });

  it("a post whose Origin is another site is refused (403) before its body is read; our own Origin and none are read", async () => {
    const { w, dir, port, url } = await site();
    const before = snapshot(w.deps.db);
    const parts = [field("form", "x"), field("name", "Ann"), fileHead("resume", "cv.pdf"), Buffer.from("%PDF-1.7\n")];
    for (const origin of ["https://evil.example", "null", "http://localhost:3001"]) {
      const r = await post(port, url, parts, { headers: { origin }, contentLength: 1024 * 1024 });
      expect(r, origin).toMatchObject({ status: 403, bodyEnded: false });
      expect(r.body).toContain("Your application could not be sent");
    }
    expect(tempFiles(dir)).toEqual([]);
    expect(snapshot(w.deps.db)).toBe(before);
    // The form from our own page (PUBLIC_URL's origin), or a client that sends no Origin: read (a stale form: 400).
    for (const headers of [{ origin: "http://localhost:3000" }, {}] as Record<string, string>[]) {
      const r = await post(port, url, [field("form", "x"), field("name", "Ann"), end], { headers, finish: true });
      expect(r.status).toBe(400);
      expect(r.body).toContain("This form had been open for a long time");
    }
  });

  it("the job page tells browsers to send its Origin on the form's POST (Referrer-Policy same-origin, not no-referrer)", async () => {
    const { port, url } = await site();
    const res = await fetch(`http://127.0.0.1:${port}${url}`);
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
  });
});
