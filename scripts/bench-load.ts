// What else the machine was doing while a benchmark measured something: the cores' worth of CPU that
// processes outside this benchmark's own process tree (the bench, the server it started, Chromium, their
// workers) used during a window, read from /proc. Both benchmarks (server/bench, extension/bench) print it
// beside every figure, because on a shared 2-core machine a wall-clock figure means little without it.
import fs from "node:fs";
import os from "node:os";

const TICK_MS = 10; // USER_HZ is 100 on Linux

export interface LoadSnapshot {
  at: number;
  /** Busy ticks of the whole machine. */
  busy: number;
  /** Ticks of this process and every descendant (their reaped children included). */
  ours: number;
}

/** utime + stime + cutime + cstime of each process, and its parent. */
function processTable(): Map<number, { ppid: number; ticks: number }> {
  const table = new Map<number, { ppid: number; ticks: number }>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const f = fs.readFileSync(`/proc/${name}/stat`, "utf8").split(") ")[1]!.split(" ");
      table.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
    } catch {
      // the process ended while we read the table
    }
  }
  return table;
}

export function loadSnapshot(): LoadSnapshot {
  const at = performance.now();
  let busy = 0;
  try {
    const stat = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = stat;
    busy = user + nice + system + irq + softirq + steal;
  } catch {
    return { at, busy: 0, ours: 0 };
  }
  const table = processTable();
  const children = new Map<number, number[]>();
  for (const [pid, p] of table) {
    const list = children.get(p.ppid) ?? [];
    list.push(pid);
    children.set(p.ppid, list);
  }
  let ours = 0;
  const stack = [process.pid];
  while (stack.length) {
    const pid = stack.pop()!;
    ours += table.get(pid)?.ticks ?? 0;
    for (const c of children.get(pid) ?? []) stack.push(c);
  }
  return { at, busy, ours };
}

export interface LoadWindow {
  /** Cores' worth of CPU used by processes outside this benchmark during the window. */
  others: number;
  /** Cores' worth used by this benchmark's process tree. */
  ours: number;
  /** The 1-minute load average at the window's end. */
  loadAvg1: number;
  cores: number;
  ms: number;
}

export function loadBetween(a: LoadSnapshot, b: LoadSnapshot): LoadWindow {
  const ms = Math.max(1, b.at - a.at);
  const busy = (b.busy - a.busy) * TICK_MS;
  const ours = Math.max(0, (b.ours - a.ours) * TICK_MS);
  return { others: Math.max(0, busy - ours) / ms, ours: ours / ms, loadAvg1: os.loadavg()[0]!, cores: os.cpus().length, ms };
}

/** "others 0.12 cores · load 1.05", the column both reports print. */
export function fmtLoad(w: LoadWindow): string {
  return `others ${w.others.toFixed(2)} · la ${w.loadAvg1.toFixed(2)}`;
}

/**
 * Gives each reported figure the load of the window it was measured in: from the previous figure (or the
 * start) to now. Figures recorded right after one another (several rows of one measurement) share it.
 */
export class LoadTracker {
  private last = loadSnapshot();
  private lastWindow: LoadWindow | null = null;

  /** Starts a new window now (call before a measurement whose start is not the previous figure). */
  restart() {
    this.last = loadSnapshot();
    this.lastWindow = null;
  }

  /** The load since the window started; rows within 250 ms of the previous one reuse its window. */
  current(): LoadWindow {
    const now = loadSnapshot();
    if (this.lastWindow && now.at - this.last.at < 250) return this.lastWindow;
    const w = loadBetween(this.last, now);
    this.last = now;
    this.lastWindow = w;
    return w;
  }
}
