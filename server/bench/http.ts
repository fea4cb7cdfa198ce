// The real server as a child process, driven over HTTP with autocannon.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon, { type Request } from "autocannon";
import { type Summary, summarize } from "./report";

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  pid: number;
  baseUrl: string;
  /** Last lines the server wrote (warnings, errors), for diagnosis. */
  output: string[];
  stop(): Promise<void>;
}

/**
 * Runs the server as `npm start` does: the bundle in dist/ under plain node (built first), so the pid we
 * sample for RSS is the server itself and no TypeScript loader sits in its memory.
 */
/** The node flags of `npm start` (server/package.json "start": "node <flags> dist/main.js"), so the bench runs what users run. */
function startFlags(): string[] {
  const start = (JSON.parse(fs.readFileSync(path.join(serverDir, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start;
  const m = /^(?:exec\s+)?node\s+(.*?)\s*dist\/main\.js$/.exec(start.trim());
  if (!m) throw new Error(`unexpected start script: ${start}`);
  return m[1] ? m[1].split(/\s+/) : [];
}

export async function startServer(dataDir: string, nodeArgs: string[] = [], extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    PROSPECTOR_NO_DEMO: "1",
    NODE_ENV: "production",
    ...extraEnv,
  };
  delete env.PROSPECTOR_ADMIN_EMAIL;
  delete env.PROSPECTOR_ADMIN_PASSWORD;
  delete env.PUBLIC_URL;
  execFileSync(process.execPath, ["scripts/build-server.mjs"], { cwd: serverDir, stdio: "ignore" });
  const child: ChildProcess = spawn(process.execPath, [...startFlags(), ...nodeArgs, "dist/main.js"], { cwd: serverDir, env, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const keep = (buf: Buffer) => {
    for (const line of buf.toString().split("\n")) if (line.trim()) output.push(line);
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exited: number | null = null;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", (code) => {
      exited = code ?? -1;
      resolve();
    }),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exit;
    clearTimeout(timer);
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) throw new Error(`server exited with ${exited} before it was healthy:\n${output.join("\n")}`);
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server not healthy after 60 s:\n${output.join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { pid: child.pid!, baseUrl, output, stop };
}

/** Signs in over the real API and returns a personal API token (what the extension does). */
export async function createToken(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/trpc/auth.createExtensionToken`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-prospector-csrf": "1" },
    body: JSON.stringify({ email, password, name: "bench" }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`auth.createExtensionToken answered ${res.status}: ${text}`);
  const token = (JSON.parse(text) as { result?: { data?: { token?: string } } }).result?.data?.token;
  if (!token) throw new Error(`no token in ${text}`);
  return token;
}

/** Samples VmRSS of a process while it runs. */
export function rssSampler(pid: number, everyMs = 50) {
  const file = `/proc/${pid}/status`;
  let peakKb = 0;
  let lastKb = 0;
  const read = () => {
    try {
      const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(file, "utf8"));
      if (m) {
        lastKb = Number(m[1]);
        if (lastKb > peakKb) peakKb = lastKb;
      }
    } catch {
      // process gone
    }
  };
  read();
  const timer = setInterval(read, everyMs);
  timer.unref();
  return {
    sample: () => {
      read();
      return lastKb / 1024;
    },
    /** Peak since start (or the last reset), MB. */
    peakMb: () => peakKb / 1024,
    resetPeak: () => {
      peakKb = 0;
      read();
    },
    stop: () => clearInterval(timer),
  };
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU time (user + system, all its threads) a process has used so far, ms; 0 when it is gone. */
export function processCpuMs(pid: number): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** CPU ticks of the whole machine and of one process, to tell our load from everyone else's. */
function cpuSnapshot(pid: number) {
  const stat = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = stat;
  let proc = 0;
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    proc = Number(f[11]) + Number(f[12]);
  } catch {
    // process gone
  }
  const self = process.cpuUsage();
  return { busy: user + nice + system + irq + softirq + steal, total: user + nice + system + idle + iowait + irq + softirq + steal, proc, selfMs: (self.user + self.system) / 1000 };
}

export interface CannonResult {
  label: string;
  durationS: number;
  requests: number;
  rps: number;
  /** From every 2xx response's own timing (µs resolution), not autocannon's whole-ms histogram. */
  latency: Summary;
  statuses: Record<string, number>;
  non2xx: number;
  errors: number;
  errorSamples: string[];
  /** Server CPU time per request (user + system), ms: independent of what else runs on the machine. */
  serverCpuMsPerReq: number;
  /** Cores' worth of CPU used during the run by the server, by this process (autocannon), and by everything else. */
  cores: { server: number; bench: number; other: number; total: number };
}

export interface CannonSpec {
  label: string;
  baseUrl: string;
  path: string;
  token: string;
  /** Builds each request's body; called once per request. */
  body: () => string;
  /** POST (the default, tRPC mutations) or GET (pages: no body, no token). */
  method?: "GET" | "POST";
  connections: number;
  durationS: number;
  /** The server's pid, for its CPU time. */
  serverPid: number;
}

export async function cannon(spec: CannonSpec): Promise<CannonResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const errorSamples: string[] = [];
  const instance = autocannon({
    url: spec.baseUrl,
    connections: spec.connections,
    duration: spec.durationS,
    timeout: 10,
    headers: spec.method === "GET" ? {} : { "content-type": "application/json", authorization: `Bearer ${spec.token}` },
    requests: [
      {
        method: spec.method ?? "POST",
        path: spec.path,
        setupRequest: (req: Request) => (spec.method === "GET" ? req : { ...req, body: spec.body() }),
        onResponse: (status: number, body: string) => {
          if ((status < 200 || status >= 300) && errorSamples.length < 5) errorSamples.push(`${status} ${body.slice(0, 300)}`);
        },
      },
    ],
  });
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const before = cpuSnapshot(spec.serverPid);
  const r = await instance;
  const after = cpuSnapshot(spec.serverPid);
  const wallMs = r.duration * 1000;
  const serverMs = (after.proc - before.proc) * TICK_MS;
  const benchMs = after.selfMs - before.selfMs;
  const busyMs = (after.busy - before.busy) * TICK_MS;
  const total = Object.values(statuses).reduce((a, b) => a + b, 0);
  const ok = latencies.length;
  return {
    label: spec.label,
    durationS: r.duration,
    requests: total,
    rps: ok / r.duration,
    latency: summarize(latencies),
    statuses,
    non2xx: total - ok,
    errors: r.errors,
    errorSamples,
    serverCpuMsPerReq: serverMs / Math.max(total, 1),
    cores: {
      server: serverMs / wallMs,
      bench: benchMs / wallMs,
      other: Math.max(0, busyMs - serverMs - benchMs) / wallMs,
      total: busyMs / wallMs,
    },
  };
}

/** A unique person per request: a fresh requestId, LinkedIn URL and email, so every add creates. */
export function prospectBodies(openingId: number) {
  const run = randomUUID().slice(0, 8);
  let n = 0;
  return () => {
    n++;
    return JSON.stringify({
      requestId: `bench-${run}-${n}`,
      openingId,
      draft: {
        fullName: `Bench Person ${run} ${n}`,
        title: "Software Engineer",
        company: "Bench Corp s.r.o.",
        location: "Prague",
        profileUrl: `https://www.linkedin.com/in/bench-${run}-${n}`,
        emails: [`bench.${run}.${n}@bench.example.com`],
        skills: ["TypeScript", "SQL"],
      },
    });
  };
}
