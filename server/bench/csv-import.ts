// CSV commit throughput as a user gets it: the running server (the npm start bundle, its worker thread for the
// commit), over HTTP with an admin's API token: imports.preview, then imports.commit, then imports.get polled
// as the web UI follows the progress bar (every 400 ms), until the batch is committed. Every 50 ms here: it was
// every 10 ms, and on a loaded 2-core machine answering 100 polls a second (2–3 ms of server CPU each there) took
// a large part of the CPU the server got; 50 ms keeps the end within ~1% of a multi-second commit.
// (The batch's finishedAt cannot serve as the end: it is the time the commit was asked for.)
const POLL_MS = 50;
import { processCpuMs } from "./http";
import { importedProfile, seededPerson } from "./seed";

export type CsvResult =
  | { status: "failed"; reason: string }
  | {
      status: "done";
      rows: number;
      previewMs: number;
      commitMs: number;
      /** The server's CPU time (all threads: the commit's worker included) from the commit call until committed. */
      commitCpuMs: number;
      added: number;
      linked: number;
      skipped: number;
      finalStatus: string;
      error: string | null;
    };

const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * `rows` people; one in twenty is an already-seeded candidate (matched by email, so it links instead of creating), the
 * others new, with the seed's spread of titles, companies, locations and skills.
 */
export function generateCsv(rows: number, seededCount: number): string {
  const lines = ["Name,Email,LinkedIn,Title,Company,Location,Skills"];
  for (let i = 0; i < rows; i++) {
    if (seededCount > 0 && i % 20 === 19) {
      const p = seededPerson((i * 7919) % seededCount);
      lines.push([`${p.first} ${p.last}`, p.email, "", "Software Engineer", "Acme, Inc.", "Prague", "TypeScript; SQL"].map(quote).join(","));
    } else {
      const w = importedProfile(i);
      lines.push(
        [`Csv Person ${i}`, `csv.person.${i}@import.example.com`, `https://www.linkedin.com/in/csv-person-${i}`, w.title, w.company, w.location, w.skills.join("; ")]
          .map(quote)
          .join(","),
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

export async function benchCsvCommit(baseUrl: string, token: string, openingId: number, rows: number, seededCount: number, serverPid: number): Promise<CsvResult> {
  const call = async (path: string, input: unknown, mutation: boolean) => {
    const url = mutation ? `${baseUrl}/trpc/${path}` : `${baseUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;
    const res = await fetch(url, {
      method: mutation ? "POST" : "GET",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: mutation ? JSON.stringify(input) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${text.slice(0, 500)}`);
    return (JSON.parse(text) as { result: { data: Record<string, unknown> } }).result.data;
  };
  try {
    const csv = generateCsv(rows, seededCount);
    const t0 = performance.now();
    const preview = (await call("imports.preview", { openingId, workflow: "prospecting", fileName: "bench.csv", csv }, true)) as { batchId: number; errorRows: number; totalRows: number };
    const t1 = performance.now();
    if (preview.errorRows > 0) return { status: "failed", reason: `the preview found ${preview.errorRows} bad rows` };
    type State = { status: string; error: string | null; summary: { added: number; linked: number; skipped: unknown[] } | null };
    const cpu0 = processCpuMs(serverPid);
    let state = (await call("imports.commit", { batchId: preview.batchId, skipInvalid: false }, true)) as State;
    while (state.status === "committing") {
      await new Promise((r) => setTimeout(r, POLL_MS));
      state = (await call("imports.get", { batchId: preview.batchId }, false)) as State;
    }
    const t2 = performance.now();
    const commitCpuMs = processCpuMs(serverPid) - cpu0;
    return {
      status: "done",
      rows: preview.totalRows,
      previewMs: t1 - t0,
      commitMs: t2 - t1,
      commitCpuMs,
      added: state.summary?.added ?? 0,
      linked: state.summary?.linked ?? 0,
      skipped: state.summary?.skipped.length ?? 0,
      finalStatus: state.status,
      error: state.error,
    };
  } catch (err) {
    return { status: "failed", reason: err instanceof Error ? err.message : String(err) };
  }
}
