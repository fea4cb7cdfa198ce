// The client portal at full size: the jobs list and a job page as a contact calls them (through the portal's
// own tRPC caller, in-process: server time without the network), on the 1M-candidate database, with a client
// whose contact has a few hundred live shares over several openings. Also the portal's first-screen JavaScript.
import type { ClientContactActor } from "../src/lib/actor";
import type { Deps } from "../src/lib/deps";
import { createClient, createContact } from "../src/modules/clients/clients.service";
import { updateOpening } from "../src/modules/openings/openings.service";
import { shareMany } from "../src/modules/shares/shares.service";
import { createPortalCaller } from "../src/trpc/portal";
import { PORTAL_JS_BUDGET_KB, portalFirstScreen } from "../portal/scripts/bundle-size.mjs";
import type { Timed } from "./lists";
import { summarize } from "./report";
import type { SeedResult } from "./seed";

export interface PortalBench {
  shares: number;
  openings: number;
  biggestJob: { openingId: number; shared: number };
  jobs: Timed;
  job: Timed;
  /** The portal's first screen, or why it could not be measured (not built). */
  firstScreen: { jsGzKb: number; cssGzKb: number; budgetKb: number } | { error: string };
}

/** Seeds the client, its contact and the shares through the real services, then times the two screens. */
export async function benchPortal(deps: Deps, seeded: SeedResult, opts: { sharesPerOpening: number; iterations: number; budgetMs: number }): Promise<PortalBench> {
  const admin = seeded.admin;
  const { id: clientId } = createClient(deps, admin, { name: "Bench Client GmbH" });
  const contact = createContact(deps, admin, { clientId, name: "Bench Contact", email: "contact@bench-client.test" });
  let shares = 0;
  let biggestJob = { openingId: 0, shared: 0 };
  for (const [i, o] of seeded.openings.entries()) {
    updateOpening(deps, admin, { openingId: o.id, clientId });
    // Fewer on each later opening: the first is the biggest job page.
    const want = Math.max(10, Math.floor(opts.sharesPerOpening / (i + 1)));
    const ids = (
      deps.db.$client.prepare("SELECT id FROM applications WHERE company_id = ? AND opening_id = ? AND status = 'active' ORDER BY id LIMIT ?").all(seeded.companyId, o.id, want) as {
        id: number;
      }[]
    ).map((r) => r.id);
    for (let k = 0; k < ids.length; k += 500) shares += shareMany(deps, admin, { applicationIds: ids.slice(k, k + 500) }).shared.length;
    if (ids.length > biggestJob.shared) biggestJob = { openingId: o.id, shared: ids.length };
  }
  const actor: ClientContactActor = { type: "client_contact", companyId: seeded.companyId, contactId: contact.id, clientId, name: contact.name };
  const meta = { ip: "127.0.0.1", csrfOk: true, sessionToken: null, setSessionCookie() {}, clearSessionCookie() {} };
  const caller = createPortalCaller({ deps, contact: actor, meta });
  // Sanity: a wrong set-up must not pass as a fast benchmark of an empty list.
  const list = await caller.jobs();
  if (list.jobs.length !== seeded.openings.length) throw new Error(`portal jobs list has ${list.jobs.length} jobs, expected ${seeded.openings.length}`);
  const page = await caller.job({ openingId: biggestJob.openingId });
  const onPage = page.groups.reduce((n, g) => n + g.candidates.length, 0);
  if (onPage !== biggestJob.shared) throw new Error(`portal job page shows ${onPage} candidates, expected ${biggestJob.shared}`);

  // The procedures are synchronous underneath; awaiting the caller's promise adds only microtask hops.
  const timeCalls = async (fn: () => Promise<unknown>, iterations: number): Promise<Timed> => {
    const wall: number[] = [];
    const cpu: number[] = [];
    const deadline = performance.now() + opts.budgetMs;
    for (let i = 0; i < iterations && performance.now() < deadline; i++) {
      const c = process.cpuUsage();
      const t = process.hrtime.bigint();
      await fn();
      wall.push(Number(process.hrtime.bigint() - t) / 1e6);
      const d = process.cpuUsage(c);
      cpu.push((d.user + d.system) / 1000);
    }
    return { wall: summarize(wall), cpu: summarize(cpu), n: wall.length };
  };
  const warmup = Math.max(10, Math.floor(opts.iterations / 10));
  const jobsCall = () => caller.jobs();
  const jobCall = () => caller.job({ openingId: biggestJob.openingId });
  await timeCalls(jobsCall, warmup);
  await timeCalls(jobCall, warmup);
  const jobs = await timeCalls(jobsCall, opts.iterations);
  const job = await timeCalls(jobCall, opts.iterations);

  let firstScreen: PortalBench["firstScreen"];
  try {
    const fs = portalFirstScreen();
    firstScreen = { jsGzKb: fs.jsGzKb, cssGzKb: fs.cssGzKb, budgetKb: PORTAL_JS_BUDGET_KB };
  } catch (err) {
    firstScreen = { error: `not built (${err instanceof Error ? err.message : String(err)}): run npm run build -w @prospector/server` };
  }
  return { shares, openings: seeded.openings.length, biggestJob, jobs, job, firstScreen };
}
