// Documents and the careers page: text extraction from a 20-page PDF CV (generated here) in this process and
// through the server's extraction worker thread, and the public careers pages under autocannon.
import { PDFDocument, StandardFonts } from "pdf-lib";
import type { Deps } from "../src/lib/deps";
import * as html from "../src/modules/careers/careers.html";
import * as careers from "../src/modules/careers/careers.service";
import { extractText, stopExtractor } from "../src/modules/documents/documents.extract";
import { extractTextInProcess } from "../src/modules/documents/documents.text";
import { type CannonResult, cannon } from "./http";
import { type Summary, summarize } from "./report";

const SKILLS = ["TypeScript", "Kubernetes", "PostgreSQL", "Go", "Terraform", "Kafka", "React", "gRPC", "Prometheus", "AWS"];

/** A realistic CV of `pages` A4 pages: a header, then jobs with dated bullet points, ~45 lines a page. */
export async function cvPdf(pages = 20): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([595, 842]);
    let y = 800;
    const line = (text: string, f = font, size = 10) => {
      page.drawText(text, { x: 48, y, size, font: f });
      y -= size + 6;
    };
    if (p === 0) {
      line("Jana Nováková — Senior Platform Engineer", bold, 16);
      line("Brno, Czech Republic · jana@example.com · +420 777 123 456 · github.com/jana");
    }
    for (let j = 0; j < 3; j++) {
      const year = 2024 - p * 2 - j;
      line(`${SKILLS[(p + j) % SKILLS.length]} engineer, Company ${p * 3 + j + 1} s.r.o. (${year - 2}–${year})`, bold, 12);
      for (let b = 0; b < 12; b++) {
        line(`• Built and ran ${SKILLS[(p + j + b) % SKILLS.length]} services for ${b + 2} teams; cut latency by ${10 + b}% and on-call pages by half.`);
      }
    }
  }
  return Buffer.from(await doc.save());
}

async function time(n: number, f: () => Promise<unknown>): Promise<Summary> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f();
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

export interface ExtractionResult {
  pages: number;
  bytes: number;
  chars: number;
  /** The first extraction in a fresh worker (loading pdf.js included). */
  coldWorkerMs: number;
  /** Warm, in this thread (pdf.js alone). */
  inProcess: Summary;
  /** Warm, through the worker thread as the server's job does it (copy in, text out). */
  worker: Summary;
}

export async function benchPdfExtraction(iterations: number): Promise<ExtractionResult> {
  const pdf = await cvPdf(20);
  await stopExtractor();
  const t0 = performance.now();
  const text = await extractText("pdf", pdf);
  const coldWorkerMs = performance.now() - t0;
  for (let i = 0; i < 3; i++) await extractTextInProcess("pdf", pdf);
  const inProcess = await time(iterations, () => extractTextInProcess("pdf", pdf));
  const worker = await time(iterations, () => extractText("pdf", pdf));
  await stopExtractor();
  if (!text.includes("Senior Platform Engineer")) throw new Error("the extracted text lacks the CV's heading");
  return { pages: 20, bytes: pdf.length, chars: text.length, coldWorkerMs, inProcess, worker };
}

/** GET the careers list and a job page (with its form) under autocannon; the first of each checked by hand. */
export async function benchCareersPages(opts: { baseUrl: string; slug: string; openingId: number; connections: number; durationS: number; warmupS: number; serverPid: number }) {
  const paths = { list: `/jobs/${opts.slug}`, job: `/jobs/${opts.slug}/${opts.openingId}` };
  for (const p of Object.values(paths)) {
    const res = await fetch(`${opts.baseUrl}${p}`);
    const html = await res.text();
    if (res.status !== 200 || !html.includes("<main")) throw new Error(`GET ${p} answered ${res.status}: ${html.slice(0, 300)}`);
  }
  const run = async (label: string, path: string): Promise<CannonResult> => {
    const spec = { label, baseUrl: opts.baseUrl, path, token: "", body: () => "", method: "GET" as const, connections: opts.connections, serverPid: opts.serverPid };
    if (opts.warmupS > 0) await cannon({ ...spec, durationS: opts.warmupS });
    return cannon({ ...spec, durationS: opts.durationS });
  };
  return { list: await run("careers list", paths.list), job: await run("job page", paths.job) };
}

/**
 * The careers pages' server time without HTTP: what the routes do per request (the company and openings from
 * SQLite through prepared statements, the form's signed token, the escaped HTML), timed in this process.
 */
export function timeCareersInProcess(deps: Deps, slug: string, openingId: number, iterations: number) {
  const list = () => {
    const l = careers.careersList(deps, slug, null)!;
    return html.layout(l.company, { title: "x", nonce: "n", token: null, body: html.listBody(l) });
  };
  const job = () => {
    const p = careers.jobPage(deps, slug, openingId, null)!;
    const form = { values: p.prefill, errors: {}, formToken: careers.newFormToken(deps, p.companyId, p.job.id), hadFile: false };
    return html.layout(p.company, { title: "x", nonce: "n", token: null, body: html.jobBody(p, form) });
  };
  if (!list().includes("<main") || !job().includes("<form")) throw new Error("the careers pages did not render");
  const run = (f: () => string) => {
    for (let i = 0; i < Math.min(200, iterations); i++) f();
    const samples: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const t = performance.now();
      f();
      samples.push(performance.now() - t);
    }
    return summarize(samples);
  };
  return { list: run(list), job: run(job) };
}
