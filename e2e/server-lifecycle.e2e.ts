import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freePort, ROOT } from "./harness";

/** Child pids of a process, read from /proc (Linux): what a service manager would see left behind. */
function childrenOf(pid: number): number[] {
  const kids: number[] = [];
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      // pid (comm) state ppid …: comm may hold spaces, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) kids.push(Number(d));
    } catch {
      // the process ended while we looked
    }
  }
  return kids;
}

function descendantsOf(pid: number): number[] {
  const all: number[] = [];
  for (const k of childrenOf(pid)) all.push(k, ...descendantsOf(k));
  return all;
}

const alive = (pid: number) => fs.existsSync(`/proc/${pid}`) && !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));

describe("the server under npm: stopping npm stops the server", () => {
  it.runIf(process.platform === "linux")("SIGTERM to `npm run start` ends node too, after a graceful shutdown that closes the database", async () => {
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "prospector-lifecycle-"));
    const npm = spawn("npm", ["run", "start", "--workspace", "@prospector/server"], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, SMTP_LISTEN_PORT: "off", PROSPECTOR_NO_DEMO: "1", LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    npm.stdout.on("data", (d) => (out += d));
    npm.stderr.on("data", (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => npm.once("exit", (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`the server did not answer within 60 s:\n${out}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const tree = descendantsOf(npm.pid!);
    const nodes = tree.filter((p) => fs.readFileSync(`/proc/${p}/cmdline`, "utf8").includes("dist/main.js"));
    expect(nodes).toHaveLength(1);

    npm.kill("SIGTERM");
    expect(await exited).toBe(0);
    // npm has gone: nothing it started may still run (a service manager would otherwise lose track of it).
    for (const p of tree) expect(alive(p), `pid ${p} is still running`).toBe(false);
    expect(out).toContain("database closed; bye");
    expect(fs.existsSync(path.join(dataDir, "prospector.db-wal"))).toBe(false);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
