// CSV commit throughput through the real imports service (preview, then commit, which runs in a worker
// thread with its own connection on a database file). Optional: skipped when the module is not there.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { pino } from "pino";
import { openDatabase } from "../src/db/client";
import type { UserActor } from "../src/lib/actor";
import type { Deps } from "../src/lib/deps";
import { createOpening } from "../src/modules/openings/openings.service";
import { seededPerson } from "./seed";

type ImportsModule = typeof import("../src/modules/imports/imports.service");
type ImportsRepo = typeof import("../src/modules/imports/imports.repo");

const servicePath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src/modules/imports/imports.service.ts");

export type CsvResult =
  | { status: "skipped"; reason: string }
  | {
      status: "done";
      rows: number;
      previewMs: number;
      commitMs: number;
      added: number;
      linked: number;
      skipped: number;
      finalStatus: string;
      error: string | null;
      /** What the service logged at warn or above (e.g. why a worker crashed). */
      logged: string[];
      /** When the worker commit failed: the same commit function run in this process on its own connection. */
      fallback: { commitMs: number; status: string; added: number; linked: number; skipped: number; error: string | null } | null;
    };

const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** `rows` people; one in twenty is an already-seeded candidate (matched by email, so it links instead of creating). */
export function generateCsv(rows: number, seededCount: number): string {
  const lines = ["Name,Email,LinkedIn,Title,Company,Location,Skills"];
  for (let i = 0; i < rows; i++) {
    if (seededCount > 0 && i % 20 === 19) {
      const p = seededPerson((i * 7919) % seededCount);
      lines.push([`${p.first} ${p.last}`, p.email, "", "Software Engineer", "Acme, Inc.", "Prague", "TypeScript; SQL"].map(quote).join(","));
    } else {
      lines.push(
        [`Csv Person ${i}`, `csv.person.${i}@import.example.com`, `https://www.linkedin.com/in/csv-person-${i}`, "Data Engineer", "Acme, Inc.", "Brno", "Python; Spark"]
          .map(quote)
          .join(","),
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

export async function benchCsvCommit(deps: Deps, admin: UserActor, rows: number, seededCount: number): Promise<CsvResult> {
  if (!fs.existsSync(servicePath)) return { status: "skipped", reason: "skipped: imports module not present" };
  const mod = (await import(pathToFileURL(servicePath).href)) as ImportsModule;
  if (typeof mod.previewImport !== "function" || typeof mod.commitImport !== "function" || typeof mod.getImport !== "function") {
    return { status: "skipped", reason: "skipped: imports module has no previewImport/commitImport/getImport" };
  }
  // The service logs a crashed worker; keep those lines for the report.
  const logged: string[] = [];
  const log = pino({ level: "warn" }, { write: (line: string) => void logged.push(line.trim()) });
  const d: Deps = { ...deps, log };
  const openingId = createOpening(d, admin, { title: "CSV import bench", prospectingEnabled: true });
  const csv = generateCsv(rows, seededCount);

  const t0 = performance.now();
  const preview = await mod.previewImport(d, admin, { openingId, workflow: "prospecting", fileName: "bench.csv", csv });
  const t1 = performance.now();
  if (preview.errorRows > 0) {
    return { status: "skipped", reason: `preview refused ${preview.errorRows} rows: ${JSON.stringify(preview.errors.slice(0, 3))}` };
  }
  let state = await mod.commitImport(d, admin, { batchId: preview.batchId, skipInvalid: false });
  // On a file the commit returns while its worker writes; follow it as the UI does.
  while (state.status === "committing") {
    await new Promise((r) => setTimeout(r, 10));
    state = mod.getImport(d, admin, preview.batchId);
  }
  const t2 = performance.now();

  let fallback: Extract<CsvResult, { status: "done" }>["fallback"] = null;
  if (state.status === "failed") {
    // Measure the commit itself anyway: executeCommit is exactly what the worker runs, on its own connection.
    const repo = (await import(pathToFileURL(path.join(path.dirname(servicePath), "imports.repo.ts")).href)) as ImportsRepo;
    repo.transitionBatch(d.db, admin.companyId, preview.batchId, ["failed"], "committing", { error: null, finishedAt: null });
    const own = openDatabase(d.db.$client.name);
    let outcome: { status: string; error: string | null; summary?: { added: number; linked: number; skipped: unknown[] } } = { status: "?", error: null };
    const t3 = performance.now();
    try {
      mod.executeCommit(own, { batchId: preview.batchId, actor: admin, skipInvalid: false, now: Date.now() }, (m) => {
        if (m.type === "done") outcome = { status: "committed", error: null, summary: m.summary };
        else if (m.type === "failed") outcome = { status: "failed", error: m.error };
        else if (m.type === "refused") outcome = { status: "refused", error: m.message };
      });
    } finally {
      own.$client.close();
    }
    const t4 = performance.now();
    fallback = {
      commitMs: t4 - t3,
      status: outcome.status,
      error: outcome.error,
      added: outcome.summary?.added ?? 0,
      linked: outcome.summary?.linked ?? 0,
      skipped: outcome.summary?.skipped.length ?? 0,
    };
  }
  return {
    status: "done",
    rows: preview.totalRows,
    previewMs: t1 - t0,
    commitMs: t2 - t1,
    added: state.summary?.added ?? 0,
    linked: state.summary?.linked ?? 0,
    skipped: state.summary?.skipped.length ?? 0,
    finalStatus: state.status,
    error: state.error,
    logged,
    fallback,
  };
}
