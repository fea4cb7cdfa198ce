// Re-engagement at full size, in-process through the real services on a connection to the seeded database:
// the search (page and total count) with a common term, a rare term, a phrase and no term, and an invitation send
// of 10,000 people, with the longest event-loop stall while it queues.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { startMaintenance } from "../src/jobs/maintenance";
import type { UserActor } from "../src/lib/actor";
import type { Deps } from "../src/lib/deps";
import { sendInvitation } from "../src/modules/reengage/invitations.service";
import { countAllMatches, explainSearch, type SearchFilters, search } from "../src/modules/reengage/reengage.service";
import { type Summary, summarize } from "./report";

export interface SearchTiming {
  label: string;
  filters: SearchFilters;
  total: number;
  /** Whether more than `total` match (the count stops at COUNT_CAP). */
  capped: boolean;
  /** The exact number of matches and what counting them all took (median of 3): the cost the cap saves. */
  exact: { total: number; ms: number };
  rows: number;
  wall: Summary;
  cpu: Summary;
  plan: string[];
}

export interface SendTiming {
  people: number;
  invited: number;
  skipped: Record<string, number>;
  ms: number;
  /** Longest event-loop delay while the send queued (what another request could have waited). */
  maxStallMs: number;
  /** A probe query every 5 ms during the send: how late the slowest answered. */
  probeMaxMs: number;
  /** When the latest probe was due, from the start of the send. */
  probeMaxAtMs: number;
  probes: number;
  mails: number;
}

function timeSearch(deps: Deps, actor: UserActor, filters: SearchFilters, iterations: number, budgetMs: number) {
  const wall: number[] = [];
  const cpu: number[] = [];
  const deadline = performance.now() + budgetMs;
  for (let i = 0; i < iterations; i++) {
    const c = process.cpuUsage();
    const t = process.hrtime.bigint();
    search(deps, actor, filters, { limit: 25 });
    wall.push(Number(process.hrtime.bigint() - t) / 1e6);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
    if (performance.now() > deadline) break;
  }
  return { wall: summarize(wall), cpu: summarize(cpu) };
}

export function benchSearch(deps: Deps, actor: UserActor, cases: { label: string; filters: SearchFilters }[], iterations: number, budgetMs: number): SearchTiming[] {
  return cases.map((c) => {
    const first = search(deps, actor, c.filters, { limit: 25 });
    const e = explainSearch(deps, actor, c.filters);
    const plan = [...e.count.map((l) => `count: ${l}`), ...e.page.map((l) => `page:  ${l}`)];
    timeSearch(deps, actor, c.filters, Math.max(3, Math.floor(iterations / 10)), budgetMs / 4);
    const t = timeSearch(deps, actor, c.filters, iterations, budgetMs);
    const runs = [0, 1, 2].map(() => {
      const s = performance.now();
      const total = countAllMatches(deps, actor, c.filters);
      return { total, ms: performance.now() - s };
    });
    const exact = runs.sort((a, b) => a.ms - b.ms)[1]!;
    return { label: c.label, filters: c.filters, total: first.total, capped: first.totalCapped, exact, rows: first.items.length, ...t, plan };
  });
}

/** An invitation send of `people` ticked ids to an opening with prospecting on (each invited one a new prospect). */
export async function benchSend(deps: Deps, actor: UserActor, openingId: number, candidateIds: number[]): Promise<SendTiming> {
  // As the server runs: WAL checkpoints in a worker thread, search indexing in slices (not inside some commit).
  const maintenance = startMaintenance(deps.db, deps.log);
  const h = monitorEventLoopDelay({ resolution: 1 });
  const probe = deps.db.$client.prepare("SELECT count(*) FROM invitation_sends");
  let probeMaxMs = 0;
  let probeMaxAtMs = 0;
  let probes = 0;
  let last = performance.now();
  let t = last;
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last - 5 > probeMaxMs) {
      probeMaxMs = now - last - 5;
      probeMaxAtMs = last + 5 - t;
    }
    last = now;
    probe.get();
    probes++;
  }, 5);
  h.enable();
  t = performance.now();
  const r = await sendInvitation(deps, actor, {
    requestId: `bench-${Date.now()}`,
    selection: { candidateIds },
    target: { openingId },
    text: {},
    recentDays: 30,
  });
  const ms = performance.now() - t;
  h.disable();
  clearInterval(timer);
  await maintenance.stop();
  const mails = (deps.db.$client.prepare("SELECT count(*) AS n FROM mails WHERE id IN (SELECT mail_id FROM invitations WHERE send_id = ?)").get(r.id) as { n: number }).n;
  return { people: candidateIds.length, invited: r.invited, skipped: r.skipped, ms, maxStallMs: h.max / 1e6, probeMaxMs, probeMaxAtMs, probes, mails };
}
