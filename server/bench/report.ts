// Percentiles and the printed table. The benchmark reports figures; it never fails on a missed target.
import { fmtLoad, LoadTracker } from "../../scripts/bench-load";

/** Value at percentile p (0–100) of an ascending-sorted array (nearest rank). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(samples: number[] | Float64Array): Summary {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

export const fmtMs = (ms: number) => (Number.isNaN(ms) ? "n/a" : ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);
export const fmtInt = (n: number) => Math.round(n).toLocaleString("en-US");
export const fmtSec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export type Verdict = "PASS" | "MISS" | "INFO" | "SKIP" | "FAIL";

export interface Row {
  section: string;
  metric: string;
  value: string;
  target: string;
  verdict: Verdict;
  /** What other processes did while this figure was measured ("others <cores> · la <load average>"). */
  load: string;
}

/** The rows of the final table, in the order they were measured. */
export class Report {
  readonly rows: Row[] = [];
  readonly notes: string[] = [];
  /** Each row's load is that of the window since the previous row (or the last `restartLoad`). */
  private readonly load = new LoadTracker();

  /** A new measurement starts now: what ran since the previous row (seeding, set-up) is not its load. */
  restartLoad() {
    this.load.restart();
  }

  private push(row: Omit<Row, "load">) {
    this.rows.push({ ...row, load: fmtLoad(this.load.current()) });
  }

  info(section: string, metric: string, value: string) {
    this.push({ section, metric, value, target: "", verdict: "INFO" });
  }

  /** A figure with a target; `ok` decides PASS or MISS. */
  check(section: string, metric: string, value: string, target: string, ok: boolean) {
    this.push({ section, metric, value, target, verdict: ok ? "PASS" : "MISS" });
  }

  skip(section: string, metric: string, why: string, target = "") {
    this.push({ section, metric, value: why, target, verdict: "SKIP" });
  }

  fail(section: string, metric: string, why: string, target = "") {
    this.push({ section, metric, value: why, target, verdict: "FAIL" });
  }

  note(line: string) {
    this.notes.push(line);
  }

  render(): string {
    const head: Row = { section: "Section", metric: "Metric", value: "Value", target: "Target", verdict: "INFO", load: "Load while measured" };
    const width = (f: (r: Row) => string) => Math.max(...[head, ...this.rows].map((r) => f(r).length));
    const cols = [width((r) => r.section), width((r) => r.metric), width((r) => r.value), width((r) => r.target), 6, width((r) => r.load)];
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(cols[i]!)).join(" | ")} |`;
    const sep = `|${cols.map((w) => "-".repeat(w + 2)).join("|")}|`;
    const out = [line(["Section", "Metric", "Value", "Target", "Result", head.load]), sep];
    let prev = "";
    // Sections are numbered; a stable sort keeps each section's rows in measuring order.
    const order = (r: Row) => Number.parseInt(r.section, 10) || 0;
    for (const r of [...this.rows].sort((a, b) => order(a) - order(b))) {
      const verdict = r.verdict === "INFO" ? "" : r.verdict;
      out.push(line([r.section === prev ? "" : r.section, r.metric, r.value, r.target, verdict, r.load]));
      prev = r.section;
    }
    return out.join("\n");
  }
}

/** A progress line on stderr, so stdout stays the report. */
export function progress(msg: string) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}
