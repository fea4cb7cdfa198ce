import { afterAll, describe, expect, it } from "vitest";
import { EXTRACT_LIMITS, extractorStats, setExtractLimits, stopExtractor } from "../src/modules/documents/documents.extract";
import { uploadDocument } from "../src/modules/documents/documents.service";
import { MAX_TEXT_CHARS } from "../src/modules/documents/documents.text";
import { draft, makeOpening, makeWorld, newRequestId } from "./factory";
import { docxBomb, incoming, pdfBomb, pdfBytes, peakRssMb, textWorker, withDataDir } from "./support/documents";

/**
 * Hostile documents: text extraction runs in a child process with hard limits (address space, resident memory,
 * wall clock), so a decompression bomb ends that process, never this one; the document is marked failed (no
 * retry) and the next one is read by a fresh extractor.
 */
afterAll(() => stopExtractor());

const GB = 1024 * 1024 * 1024;

async function world() {
  const w = await makeWorld();
  withDataDir(w.deps);
  const o = await makeOpening(w);
  const jane = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: o.id, draft: draft({ fullName: "Jane Doe", emails: ["jane@example.com"] }) });
  const upload = async (fileName: string, bytes: Buffer) => uploadDocument(w.deps, w.admin, { candidateId: jane.candidateId, file: await incoming(w.deps, fileName, bytes) });
  const statusOf = (id: number) => w.deps.db.$client.prepare("SELECT text_status FROM documents WHERE id = ?").pluck().get(id);
  const jobs = () => w.deps.db.$client.prepare("SELECT status, attempts FROM jobs WHERE kind = 'document.text' ORDER BY id").all();
  return { w, upload, statusOf, jobs };
}

describe("decompression bombs", () => {
  it("a small DOCX whose document.xml inflates to 1 GB fails cleanly (declared size honest or forged): no retry, this process's memory stays put, the next document is read", async () => {
    const { w, upload, statusOf, jobs } = await world();
    const honest = docxBomb(GB);
    const forged = docxBomb(GB, 40_000);
    expect(honest.length).toBeLessThan(4 * 1024 * 1024);
    const before = peakRssMb();
    const a = await upload("bomb.docx", honest);
    const b = await upload("forged.docx", forged);
    const good = await upload("cv.pdf", await pdfBytes(["Jane Doe", "Quokka husbandry and zeppelin repair"]));
    expect([a.format, b.format]).toEqual(["docx", "docx"]);
    expect(await textWorker(w.deps).drain()).toBe(3);
    expect([statusOf(a.id), statusOf(b.id), statusOf(good.id)]).toEqual(["failed", "failed", "done"]);
    // Each job ran once and is finished: a bomb is not tried again.
    expect(jobs()).toEqual([
      { status: "done", attempts: 1 },
      { status: "done", attempts: 1 },
      { status: "done", attempts: 1 },
    ]);
    expect((await w.as.admin.candidates.list({ search: "quokka" })).items).toHaveLength(1);
    const after = peakRssMb();
    if (before !== null && after !== null) expect(after - before).toBeLessThan(250);
  }, 120_000);

  it("a PDF whose content stream inflates to 1 GB fails cleanly: this process's memory stays put, the extractor is replaced, the next document is read", async () => {
    // pdf.js streams this one (a no-op drawing command repeated) within the memory caps and would finish it in about
    // 20 s: with the server's 20 s limit the test raced it (and once lost, on a quiet machine). Here the wall clock
    // gives up at 5 s, well before; the good CV takes milliseconds.
    setExtractLimits({ timeoutMs: 5_000 });
    try {
      const { w, upload, statusOf, jobs } = await world();
      const bomb = pdfBomb(GB);
      expect(bomb.length).toBeLessThan(4 * 1024 * 1024);
      const before = peakRssMb();
      const a = await upload("bomb.pdf", bomb);
      const good = await upload("cv.pdf", await pdfBytes(["Jane Doe", "Wombat logistics"]));
      expect(a.format).toBe("pdf");
      expect(await textWorker(w.deps).drain()).toBe(2);
      expect([statusOf(a.id), statusOf(good.id)]).toEqual(["failed", "done"]);
      expect(jobs()).toEqual([
        { status: "done", attempts: 1 },
        { status: "done", attempts: 1 },
      ]);
      expect((await w.as.admin.candidates.list({ search: "wombat" })).items).toHaveLength(1);
      const after = peakRssMb();
      if (before !== null && after !== null) expect(after - before).toBeLessThan(250);
    } finally {
      setExtractLimits({ timeoutMs: EXTRACT_LIMITS.timeoutMs });
    }
  }, 120_000);
});

describe("plain text", () => {
  it("a 10 MB text file is read in the extractor process, not on the server's thread, and only its first part is kept", async () => {
    const { w, upload, statusOf } = await world();
    const line = "Kotlin and Elixir on the platform team; speaks Esperanto.\n";
    const big = Buffer.from(line.repeat(Math.floor((10 * 1024 * 1024 - 10) / line.length)));
    const d = await upload("notes.txt", big);
    const runs = extractorStats().runs;
    expect(await textWorker(w.deps).drain()).toBe(1);
    expect(statusOf(d.id)).toBe("done");
    expect(extractorStats().runs).toBe(runs + 1);
    const text = w.deps.db.$client.prepare("SELECT text FROM document_texts WHERE document_id = ?").pluck().get(d.id) as string;
    expect(text.length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
    expect(text.startsWith("Kotlin and Elixir")).toBe(true);
  });
});
