import { createHash } from "node:crypto";
import fs from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import express from "express";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp, CSRF_HEADER, PORTAL_SESSION_COOKIE, SESSION_COOKIE } from "../src/app";
import { outboxTransport } from "../src/mail/transport";
import { careersList } from "../src/modules/careers/careers.service";
import { getCompany } from "../src/modules/companies/companies.repo";
import { sniffLogo } from "../src/modules/companies/logo";
import { actorFromPortalSession, portalSignInLink } from "../src/modules/portal/portal.service";
import { uploadDocument } from "../src/modules/documents/documents.service";
import { portalRoutes } from "../src/portal-web";
import { createPortalCaller, type PortalMeta, portalRouter } from "../src/trpc/portal";
import { rejects } from "./expect-error";
import { docxBytes, incoming, pdfBytes } from "./support/documents";
import { makePng } from "./support/png";
import { callerFor, draft, makeOpening, newRequestId, snapshot, TEST_PASSWORD, type World, makeWorld } from "./factory";
import { workerFor } from "./support/mail";

/**
 * Issue 10, the client contact's side, through the portal's own tRPC caller: what a contact sees (jobs, a job,
 * a candidate), what each action leaves behind (activity by the contact, the job owner's notification, email
 * and task), decisions, unsharing and archiving, and isolation of every portal procedure.
 */

type PortalCaller = ReturnType<typeof createPortalCaller>;

interface Session {
  token: string | null;
  caller: PortalCaller;
}

let w: World;
let slug: string;

function metaFor(jar: { token: string | null }, over: Partial<PortalMeta> = {}): PortalMeta {
  return {
    ip: "198.51.100.9",
    csrfOk: true,
    sessionToken: jar.token,
    setSessionCookie: (t) => {
      jar.token = t;
    },
    clearSessionCookie: () => {
      jar.token = null;
    },
    ...over,
  };
}

/** A portal caller as the HTTP layer builds it from a session cookie (or none). */
function portalCaller(token: string | null): PortalCaller {
  const jar = { token };
  return createPortalCaller({ deps: w.deps, contact: token ? actorFromPortalSession(w.deps, token) : null, meta: metaFor(jar) });
}

/** Mints a sign-in link for a contact (as an invitation or a link request would) and returns its token. */
function linkToken(contactId: number, companyId = w.companyId, companySlug = slug, openingId: number | null = null): string {
  const url = w.deps.db.transaction((tx) => portalSignInLink(tx, w.deps, { id: contactId, companyId }, companySlug, openingId));
  return /#token=([\w-]+)$/.exec(url)![1]!;
}

/** Signs a contact in through a real single-use link. */
async function signIn(contactId: number, companyId = w.companyId, companySlug = slug): Promise<Session> {
  const jar = { token: null as string | null };
  const anon = createPortalCaller({ deps: w.deps, contact: null, meta: metaFor(jar) });
  await anon.redeemLink({ slug: companySlug, token: linkToken(contactId, companyId, companySlug) });
  return { token: jar.token, caller: portalCaller(jar.token) };
}

const count = (sql: string, ...args: unknown[]) => (w.deps.db.$client.prepare(sql).get(...args) as { n: number }).n;

interface Fixture {
  clientId: number;
  carla: { id: number };
  colin: { id: number };
  opening: Awaited<ReturnType<typeof makeOpening>>;
  apps: Record<"jane" | "nora" | "bob" | "xena", number>;
  candidates: Record<"jane" | "nora" | "bob" | "xena", number>;
  carlaS: Session;
  ianS: Session;
  rivalS: Session;
}

/**
 * Globex (contacts Carla and Colin) with an open opening owned by the admin, four shared prospects; Initech
 * (contact Ian) with nothing shared; and a contact of another company's client.
 */
async function setup(): Promise<Fixture> {
  const globex = await w.as.admin.clients.create({ name: "Globex" });
  const carla = await w.as.admin.clients.createContact({ clientId: globex.id, name: "Carla Client", email: "carla@globex.test" });
  const colin = await w.as.admin.clients.createContact({ clientId: globex.id, name: "Colin Client", email: "colin@globex.test" });
  const initech = await w.as.admin.clients.create({ name: "Initech" });
  const ian = await w.as.admin.clients.createContact({ clientId: initech.id, name: "Ian Initech", email: "ian@initech.test" });
  const rivalClient = await w.as.otherCompany.clients.create({ name: "Rival client" });
  const rita = await w.as.otherCompany.clients.createContact({ clientId: rivalClient.id, name: "Rita Rival", email: "rita@rival-client.test" });

  const opening = await makeOpening(w, { clientId: globex.id, location: "Berlin", department: "Data" });
  const add = async (fullName: string, extra: Record<string, unknown> = {}) =>
    w.as.recruiter.prospects.add({
      requestId: newRequestId(),
      openingId: opening.id,
      draft: draft({ fullName, profileUrl: `https://www.linkedin.com/in/${fullName.toLowerCase().replace(/\W+/g, "-")}`, ...extra }),
    });
  const jane = await add("Jane Doe", { headline: "Data engineer", location: "Berlin", skills: ["Python", "Kafka"], summary: "Builds pipelines.", title: "Engineer", company: "Initrode", emails: ["jane@example.com"], phones: ["+49 30 1234567"] });
  const nora = await add("Nora Nomail");
  const bob = await add("Bob Builder");
  const xena = await add("Xena Warrior");
  const apps = { jane: jane.applicationId!, nora: nora.applicationId!, bob: bob.applicationId!, xena: xena.applicationId! };
  const candidates = { jane: jane.candidateId, nora: nora.candidateId, bob: bob.candidateId, xena: xena.candidateId };
  const r = await w.as.recruiter.shares.shareMany({ applicationIds: Object.values(apps) });
  expect(r.shared).toHaveLength(4);
  return {
    clientId: globex.id,
    carla,
    colin,
    opening,
    apps,
    candidates,
    carlaS: await signIn(carla.id),
    ianS: await signIn(ian.id),
    rivalS: await signIn(rita.id, w.otherCompany.companyId, getCompany(w.deps.db, w.otherCompany.companyId)!.slug),
  };
}

beforeEach(async () => {
  w = await makeWorld();
  slug = getCompany(w.deps.db, w.companyId)!.slug;
});

describe("what a contact sees", () => {
  it("jobs: the client's openings with a live share, counts, and the number of open jobs", async () => {
    const f = await setup();
    const stages = f.opening.hiringStages;
    // Jane to the Interview stage, Bob hired by the agency, Xena rejected by the agency.
    await w.as.recruiter.applications.move({ applicationId: f.apps.jane, stageId: stages.find((s) => s.name === "Interview")!.id });
    const states = await w.as.admin.decisionedStates.list({});
    await w.as.recruiter.applications.decide({ applicationId: f.apps.bob, stateId: states.find((s) => s.kind === "hired")!.id });
    await w.as.recruiter.applications.decide({ applicationId: f.apps.xena, stateId: states.find((s) => s.kind === "rejected")!.id });
    // A second Globex opening on hold with one share; a third with none (not listed).
    const onHold = await makeOpening(w, { title: "Analyst", clientId: f.clientId });
    const p = await w.as.recruiter.prospects.add({ requestId: newRequestId(), openingId: onHold.id, draft: draft({ fullName: "Olga Onhold" }) });
    await w.as.recruiter.shares.share({ applicationId: p.applicationId! });
    await w.as.admin.openings.setStatus({ openingId: onHold.id, status: "on_hold" });
    await makeOpening(w, { title: "Nothing shared", clientId: f.clientId });

    const jobs = await f.carlaS.caller.jobs();
    expect(jobs).toEqual({
      openJobs: 1,
      jobs: [
        { openingId: onHold.id, title: "Analyst", location: "", status: "on_hold", shared: 1, inInterview: 0, hired: 0, rejected: 0 },
        { openingId: f.opening.id, title: "Backend Engineer", location: "Berlin", status: "open", shared: 4, inInterview: 1, hired: 1, rejected: 1 },
      ],
    });
    // Another client's contact and another company's contact see none of it.
    expect(await f.ianS.caller.jobs()).toEqual({ openJobs: 0, jobs: [] });
    expect(await f.rivalS.caller.jobs()).toEqual({ openJobs: 0, jobs: [] });
  });

  it("a job: progress per stage and the shared candidates grouped by their stage, with status", async () => {
    const f = await setup();
    const interview = f.opening.hiringStages.find((s) => s.name === "Interview")!;
    await w.as.recruiter.applications.move({ applicationId: f.apps.jane, stageId: interview.id });
    const hired = (await w.as.admin.decisionedStates.list({})).find((s) => s.kind === "hired")!;
    await w.as.recruiter.applications.decide({ applicationId: f.apps.bob, stateId: hired.id });

    const job = await f.carlaS.caller.job({ openingId: f.opening.id });
    expect(job.opening).toMatchObject({ id: f.opening.id, title: "Backend Engineer", location: "Berlin", department: "Data", status: "open" });
    const firstProspecting = f.opening.prospectingStages[0]!;
    expect(job.progress.map((s) => [s.name, s.count])).toEqual([
      ...f.opening.prospectingStages.map((s) => [s.name, s.id === firstProspecting.id ? 2 : 0]),
      ...f.opening.hiringStages.map((s) => [s.name, s.id === interview.id ? 1 : 0]),
    ]);
    expect(job.decidedCount).toBe(1);
    expect(job.groups.map((g) => [g.name, g.candidates.map((c) => [c.name, c.status, c.decisioned])])).toEqual([
      [
        firstProspecting.name,
        [
          ["Xena Warrior", firstProspecting.name, false],
          ["Nora Nomail", firstProspecting.name, false],
        ],
      ],
      ["Interview", [["Jane Doe", "Interview", false]]],
      ["Decided", [["Bob Builder", "Hired", true]]],
    ]);
    expect(job.groups[1]!.candidates[0]).toMatchObject({ applicationId: f.apps.jane, headline: "Data engineer", rating: null, viewed: false });
  });

  it("a candidate: the online profile through the share's template (contact details hidden by default), no resume, the video link", async () => {
    const f = await setup();
    const c = await f.carlaS.caller.candidate({ applicationId: f.apps.jane });
    expect(c).toMatchObject({
      applicationId: f.apps.jane,
      opening: { id: f.opening.id, title: "Backend Engineer" },
      decisioned: false,
      rating: null,
      resume: null,
      videoUrl: null,
      profile: { name: "Jane Doe", headline: "Data engineer", location: "Berlin", summary: "Builds pipelines.", experience: "Engineer at Initrode", skills: ["Python", "Kafka"], emails: null, phones: null, profileUrls: null },
    });
    // A template that shows contact details, and a video link: the share says what the client sees.
    const t = await w.as.admin.shares.saveProfileTemplate({ name: "With contacts", fields: ["name", "email", "phone"] });
    await w.as.recruiter.shares.share({ applicationId: f.apps.jane, profileTemplateId: t.id, videoUrl: "https://video.example/jane" });
    const again = await f.carlaS.caller.candidate({ applicationId: f.apps.jane });
    expect(again.profile).toMatchObject({ name: "Jane Doe", headline: null, skills: null, emails: ["jane@example.com"], phones: ["+49 30 1234567"] });
    expect(again.videoUrl).toBe("https://video.example/jane");
  });

  it("the first view is recorded once (activity by the contact, 'viewed by' on the agency's board)", async () => {
    const f = await setup();
    await f.carlaS.caller.candidate({ applicationId: f.apps.jane });
    w.deps.clock.advance(60_000);
    await f.carlaS.caller.candidate({ applicationId: f.apps.jane });
    const colin = await signIn(f.colin.id);
    await colin.caller.candidate({ applicationId: f.apps.jane });
    expect(count("SELECT count(*) AS n FROM activities WHERE type = 'portal.viewed' AND application_id = ?", f.apps.jane)).toBe(1);
    const board = await w.as.recruiter.shares.ofOpening({ openingId: f.opening.id });
    expect(board.find((s) => s.applicationId === f.apps.jane)).toMatchObject({ viewedBy: "Carla Client", firstViewedAt: w.deps.clock.now() - 60_000 });
    expect((await f.carlaS.caller.job({ openingId: f.opening.id })).groups.flatMap((g) => g.candidates).find((c) => c.applicationId === f.apps.jane)?.viewed).toBe(true);
    const timeline = (await w.as.recruiter.candidates.get({ candidateId: f.candidates.jane })).candidate!.timeline;
    expect(timeline.find((t) => t.type === "portal.viewed")).toMatchObject({ actorType: "client_contact", actorName: "Carla Client" });
    // The dashboard's feed names the contact too (not their kind).
    expect((await w.as.admin.dashboard.summary({})).recent.find((a) => a.type === "portal.viewed")).toMatchObject({ actorName: "Carla Client" });
  });
});

describe("what a contact does", () => {
  /** What an action left for the job owner (the admin who made the opening). */
  async function ownerSees(since: number) {
    const notes = (await w.as.admin.notifications.list({})).items.filter((n) => n.createdAt >= since);
    const tasks = (await w.as.admin.tasks.mine({})).items;
    const mails = w.deps.db.$client.prepare("SELECT to_address AS t, subject, text FROM mails WHERE created_at >= ? ORDER BY id").all(since) as { t: string; subject: string; text: string }[];
    return { notes, tasks, mails };
  }

  it("rate, feedback, interview, hire: each an activity by the contact, a notification and an email to the job owner; interview and hire a task", async () => {
    const f = await setup();
    const c = f.carlaS.caller;
    const t0 = w.deps.clock.now();
    expect(await c.rate({ applicationId: f.apps.jane, rating: 4 })).toEqual({ rating: 4 });
    await c.feedback({ applicationId: f.apps.jane, comment: "  Strong on streaming.  " });
    await c.interview({
      applicationId: f.apps.jane,
      slots: [
        { localDateTime: "2026-03-02T10:00", timeZone: "Europe/Berlin" },
        { localDateTime: "2026-03-03T15:30", timeZone: "America/New_York" },
      ],
      note: "Video call",
    });
    await c.hire({ applicationId: f.apps.nora, note: "Start in May" });

    const types = w.deps.db.$client
      .prepare("SELECT type, actor_type AS actorType, actor_id AS actorId, application_id AS app FROM activities WHERE type LIKE 'portal.%' AND type <> 'portal.viewed' ORDER BY id")
      .all();
    expect(types).toEqual([
      { type: "portal.rated", actorType: "client_contact", actorId: f.carla.id, app: f.apps.jane },
      { type: "portal.feedback", actorType: "client_contact", actorId: f.carla.id, app: f.apps.jane },
      { type: "portal.interview_requested", actorType: "client_contact", actorId: f.carla.id, app: f.apps.jane },
      { type: "portal.hire_requested", actorType: "client_contact", actorId: f.carla.id, app: f.apps.nora },
    ]);
    const seen = await ownerSees(t0);
    expect(seen.notes.map((n) => [n.kind, n.title]).reverse()).toEqual([
      ["client_action", "Carla Client rated Jane Doe 4/5 for Backend Engineer"],
      ["client_action", "Carla Client commented on Jane Doe for Backend Engineer"],
      ["client_action", "Carla Client wants to interview Jane Doe for Backend Engineer"],
      ["client_action", "Carla Client wants to hire Nora Nomail for Backend Engineer"],
    ]);
    expect(seen.mails.map((m) => [m.t, m.subject])).toEqual(seen.notes.map((n) => ["ada.admin@acme.test", n.title]).reverse());
    expect(seen.mails[1]!.text).toContain("Strong on streaming.");
    expect(seen.tasks.map((t) => [t.title, t.source, t.candidateName])).toEqual(
      expect.arrayContaining([
        ["Arrange an interview with Jane Doe for Backend Engineer", "client_interview", "Jane Doe"],
        ["Process the offer for Nora Nomail (Backend Engineer)", "client_hire", "Nora Nomail"],
      ]),
    );
    expect(seen.tasks).toHaveLength(2);
    const interviewTask = seen.tasks.find((t) => t.source === "client_interview")!;
    expect(interviewTask).toMatchObject({ details: expect.stringContaining("2026-03-02 10:00 (Europe/Berlin)") });
    expect(interviewTask.details).toContain("2026-03-03 15:30 (America/New_York)");
    // The recruiter on the team is not the owner: nothing for them.
    expect((await w.as.recruiter.tasks.mine({})).items).toEqual([]);
    // The rating is on the share, and on the portal.
    expect((await c.candidate({ applicationId: f.apps.jane })).rating).toBe(4);
    // (The first view was recorded just now, by the call above: the newest.)
    expect((await c.candidate({ applicationId: f.apps.jane })).history.map((h) => [h.type, h.by])).toEqual([
      ["portal.viewed", "Carla Client"],
      ["portal.interview_requested", "Carla Client"],
      ["portal.feedback", "Carla Client"],
      ["portal.rated", "Carla Client"],
    ]);
  });

  it("bad input is refused with nothing changed: rating out of range, blank comment, no or bad slots, unknown time zone", async () => {
    const f = await setup();
    const c = f.carlaS.caller;
    const before = snapshot(w.deps.db);
    await rejects(c.rate({ applicationId: f.apps.jane, rating: 0 }), "BAD_REQUEST");
    await rejects(c.rate({ applicationId: f.apps.jane, rating: 6 }), "BAD_REQUEST");
    await rejects(c.feedback({ applicationId: f.apps.jane, comment: "   " }), "BAD_REQUEST");
    await rejects(c.interview({ applicationId: f.apps.jane, slots: [] }), "BAD_REQUEST");
    await rejects(c.interview({ applicationId: f.apps.jane, slots: [{ localDateTime: "tomorrow 3pm", timeZone: "Europe/Berlin" }] }), "BAD_REQUEST");
    await rejects(c.interview({ applicationId: f.apps.jane, slots: [{ localDateTime: "2026-02-30T25:00", timeZone: "Europe/Berlin" }] }), "BAD_REQUEST");
    await rejects(c.interview({ applicationId: f.apps.jane, slots: [{ localDateTime: "2026-03-02T10:00", timeZone: "Mars/Olympus" }] }), "BAD_REQUEST");
    expect(snapshot(w.deps.db)).toBe(before);
  });

  it("reject: 'Rejected by client' at once, on the pipeline and the portal; a second reject and any other action change nothing; the candidate stays viewable", async () => {
    const f = await setup();
    const c = f.carlaS.caller;
    const t0 = w.deps.clock.now();
    expect(await c.reject({ applicationId: f.apps.bob, reason: "Too junior" })).toEqual({ status: "Rejected by client" });
    const staff = await w.as.recruiter.candidates.get({ candidateId: f.candidates.bob });
    const app = staff.candidate!.applications.find((a) => a.id === f.apps.bob)!;
    expect(app).toMatchObject({ status: "decisioned", decisionedStateName: "Rejected by client" });
    expect(staff.candidate!.timeline.find((t) => t.type === "portal.rejected")).toMatchObject({ actorName: "Carla Client" });
    const seen = await ownerSees(t0);
    expect(seen.notes.map((n) => n.title)).toEqual(["Carla Client rejected Bob Builder for Backend Engineer"]);
    expect(seen.mails.map((m) => m.t)).toEqual(["ada.admin@acme.test"]);
    expect(seen.tasks).toEqual([]);

    const before = snapshot(w.deps.db);
    await rejects(c.reject({ applicationId: f.apps.bob }), "PRECONDITION_FAILED");
    await rejects(c.rate({ applicationId: f.apps.bob, rating: 5 }), "PRECONDITION_FAILED");
    await rejects(c.feedback({ applicationId: f.apps.bob, comment: "Actually…" }), "PRECONDITION_FAILED");
    await rejects(c.interview({ applicationId: f.apps.bob, slots: [{ localDateTime: "2026-03-02T10:00", timeZone: "UTC" }] }), "PRECONDITION_FAILED");
    await rejects(c.hire({ applicationId: f.apps.bob }), "PRECONDITION_FAILED");
    expect(snapshot(w.deps.db)).toBe(before);

    // View only: the page still opens (the first view is recorded, which is no action), with the decision.
    expect(await c.candidate({ applicationId: f.apps.bob })).toMatchObject({ decisioned: true, status: "Rejected by client" });
    const decided = (await c.job({ openingId: f.opening.id })).groups.find((g) => g.name === "Decided")!;
    expect(decided.candidates.map((x) => [x.name, x.status])).toEqual([["Bob Builder", "Rejected by client"]]);
    expect((await c.jobs()).jobs[0]).toMatchObject({ shared: 4, rejected: 1 });
  });

  it("an application the agency decided is view-only on the portal too", async () => {
    const f = await setup();
    const hired = (await w.as.admin.decisionedStates.list({})).find((s) => s.kind === "hired")!;
    await w.as.recruiter.applications.decide({ applicationId: f.apps.nora, stateId: hired.id });
    const before = snapshot(w.deps.db);
    await rejects(f.carlaS.caller.reject({ applicationId: f.apps.nora }), "PRECONDITION_FAILED");
    await rejects(f.carlaS.caller.hire({ applicationId: f.apps.nora }), "PRECONDITION_FAILED");
    expect(snapshot(w.deps.db)).toBe(before);
  });
});

describe("what is shared now, and nothing else", () => {
  it("unsharing removes a candidate at once; the job leaves when its last share goes", async () => {
    const f = await setup();
    const c = f.carlaS.caller;
    await c.candidate({ applicationId: f.apps.jane });
    await w.as.recruiter.shares.unshareMany({ applicationIds: [f.apps.jane] });
    await rejects(c.candidate({ applicationId: f.apps.jane }), "NOT_FOUND");
    await rejects(c.rate({ applicationId: f.apps.jane, rating: 3 }), "NOT_FOUND");
    expect((await c.job({ openingId: f.opening.id })).groups.flatMap((g) => g.candidates.map((x) => x.name))).not.toContain("Jane Doe");
    expect((await c.jobs()).jobs[0]!.shared).toBe(3);
    await w.as.recruiter.shares.unshareMany({ applicationIds: [f.apps.nora, f.apps.bob, f.apps.xena] });
    expect(await c.jobs()).toEqual({ openJobs: 0, jobs: [] });
    await rejects(c.job({ openingId: f.opening.id }), "NOT_FOUND");
  });

  it("an archived opening leaves the list, and its job and candidates are not found", async () => {
    const f = await setup();
    const c = f.carlaS.caller;
    await w.as.admin.openings.setStatus({ openingId: f.opening.id, status: "archived" });
    expect(await c.jobs()).toEqual({ openJobs: 0, jobs: [] });
    await rejects(c.job({ openingId: f.opening.id }), "NOT_FOUND");
    await rejects(c.candidate({ applicationId: f.apps.jane }), "NOT_FOUND");
    await rejects(c.reject({ applicationId: f.apps.jane }), "NOT_FOUND");
  });

  it("an opening moved to another client leaves the first client's portal", async () => {
    const f = await setup();
    const other = await w.as.admin.clients.create({ name: "Umbrella" });
    await w.as.admin.openings.update({ openingId: f.opening.id, clientId: other.id });
    expect((await f.carlaS.caller.jobs()).jobs).toEqual([]);
    await rejects(f.carlaS.caller.candidate({ applicationId: f.apps.jane }), "NOT_FOUND");
  });
});

describe("isolation of every portal procedure", () => {
  /** Every procedure of the portal with an input that names f's data; those not listed fail the coverage check. */
  const calls = (f: Fixture): Record<string, (c: PortalCaller) => Promise<unknown>> => ({
    job: (c) => c.job({ openingId: f.opening.id }),
    candidate: (c) => c.candidate({ applicationId: f.apps.jane }),
    rate: (c) => c.rate({ applicationId: f.apps.jane, rating: 2 }),
    feedback: (c) => c.feedback({ applicationId: f.apps.jane, comment: "Hello" }),
    interview: (c) => c.interview({ applicationId: f.apps.jane, slots: [{ localDateTime: "2026-03-02T10:00", timeZone: "UTC" }] }),
    hire: (c) => c.hire({ applicationId: f.apps.jane }),
    reject: (c) => c.reject({ applicationId: f.apps.jane }),
  });
  /** Procedures that name no data (the contact's own, or public by slug). */
  const OWN = ["me", "jobs", "setPassword", "signOut"];
  const PUBLIC = ["branding", "requestLink", "redeemLink", "signIn"];

  it("lists every procedure of the portal router", async () => {
    const f = await setup();
    expect(Object.keys(portalRouter._def.procedures).sort()).toEqual([...Object.keys(calls(f)), ...OWN, ...PUBLIC].sort());
  });

  it("another client's contact and another company's contact: NOT_FOUND, nothing changed", async () => {
    const f = await setup();
    const before = snapshot(w.deps.db);
    for (const [name, call] of Object.entries(calls(f))) {
      for (const s of [f.ianS, f.rivalS]) await expect(call(s.caller), name).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect(snapshot(w.deps.db)).toBe(before);
    // Control: the right contact gets through.
    await expect(f.carlaS.caller.job({ openingId: f.opening.id })).resolves.toBeTruthy();
  });

  it("a deactivated contact, a signed-out session, or none: UNAUTHORIZED everywhere, nothing changed", async () => {
    const f = await setup();
    const colin = await signIn(f.colin.id);
    const signedOut = await signIn(f.carla.id);
    await signedOut.caller.signOut();
    await w.as.admin.clients.updateContact({ contactId: f.colin.id, active: false });
    const before = snapshot(w.deps.db);
    for (const s of [colin, signedOut, { token: null, caller: portalCaller(null) }]) {
      const c = portalCaller(s.token);
      for (const [name, call] of Object.entries(calls(f))) await expect(call(c), name).rejects.toMatchObject({ code: "UNAUTHORIZED" });
      await expect(c.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
      await expect(c.jobs()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
      await expect(c.setPassword({ password: "a long enough password" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    expect(snapshot(w.deps.db)).toBe(before);
    // A deactivated contact's link no longer signs in, nor does their password.
    const token = linkToken(f.colin.id);
    await expect(portalCaller(null).redeemLink({ slug, token })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("an expired, used, or another agency's link signs nobody in and changes nothing", async () => {
    const f = await setup();
    const used = linkToken(f.carla.id);
    await portalCaller(null).redeemLink({ slug, token: used });
    const expired = linkToken(f.carla.id);
    const rivalSlug = getCompany(w.deps.db, w.otherCompany.companyId)!.slug;
    const fresh = linkToken(f.carla.id);
    w.deps.clock.advance(15 * 60_000 + 1);
    const stillFresh = linkToken(f.carla.id);
    const before = snapshot(w.deps.db);
    for (const [s, token] of [
      [slug, used],
      [slug, expired],
      [rivalSlug, stillFresh],
    ] as const) {
      const jar = { token: null as string | null };
      const anon = createPortalCaller({ deps: w.deps, contact: null, meta: metaFor(jar) });
      await expect(anon.redeemLink({ slug: s, token })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
      expect(jar.token).toBeNull();
    }
    await expect(portalCaller(null).redeemLink({ slug: "no-such-agency", token: stillFresh })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(snapshot(w.deps.db)).toBe(before);
    expect(fresh).not.toBe(stillFresh);
  });

  it("an invitation's link is a real single-use sign-in link, and lands on the jobs", async () => {
    const f = await setup();
    const r = await w.as.admin.clients.inviteContact({ contactId: f.colin.id });
    await workerFor(w.deps, outboxTransport).drain();
    const text = (w.deps.db.$client.prepare("SELECT text FROM mails WHERE id = ?").get(r.mailId) as { text: string }).text;
    const token = /#token=([\w-]+)/.exec(text)![1]!;
    // Invitations are read later than a link just asked for: still good after a day.
    w.deps.clock.advance(24 * 3600_000);
    const jar = { token: null as string | null };
    expect(await createPortalCaller({ deps: w.deps, contact: null, meta: metaFor(jar) }).redeemLink({ slug, token })).toEqual({ next: `/portal/${slug}` });
    expect((await portalCaller(jar.token).me()).email).toBe("colin@globex.test");
    await expect(portalCaller(null).redeemLink({ slug, token })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("a link asked for from a job's page leads back to that job", async () => {
    const f = await setup();
    const token = linkToken(f.carla.id, w.companyId, slug, f.opening.id);
    expect(await portalCaller(null).redeemLink({ slug, token })).toEqual({ next: `/portal/${slug}/jobs/${f.opening.id}` });
  });
});

describe("over HTTP: staff and portal credentials are not interchangeable; the resume route", () => {
  let server: Server;
  let base: string;
  let dataDir: string;

  afterEach(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function listen() {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-http-"));
    const deps = { ...w.deps, config: { ...w.deps.config, dataDir } };
    server = createApp(deps).listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return deps;
  }

  it("a staff cookie or API token means nothing on the portal, a portal cookie nothing on staff procedures", async () => {
    const f = await setup();
    await listen();
    const signInRes = await fetch(`${base}/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json", [CSRF_HEADER]: "1" },
      body: JSON.stringify({ email: "ada.admin@acme.test", password: TEST_PASSWORD }),
    });
    const staffCookie = /prospector_session=[^;]+/.exec(signInRes.headers.get("set-cookie") ?? "")![0];
    const apiToken = (await callerFor(w.deps, w.admin).auth.tokens.create({ name: "t" })).token;
    const portalGet = (p: string, headers: Record<string, string>) => fetch(`${base}/portal/api/trpc/${p}`, { headers });
    const staffHeaders: Record<string, string>[] = [{ cookie: staffCookie }, { authorization: `Bearer ${apiToken}` }, { cookie: `${PORTAL_SESSION_COOKIE}=${staffCookie.split("=")[1]}` }];
    for (const headers of staffHeaders) {
      expect((await portalGet("jobs", headers)).status).toBe(401);
      expect((await portalGet(`job?input=${encodeURIComponent(JSON.stringify({ openingId: f.opening.id }))}`, headers)).status).toBe(401);
    }
    // The contact's own cookie works on the portal…
    const portalCookie = `${PORTAL_SESSION_COOKIE}=${f.carlaS.token}`;
    expect((await portalGet("jobs", { cookie: portalCookie })).status).toBe(200);
    // …and nowhere else, under either cookie name.
    for (const cookie of [portalCookie, `${SESSION_COOKIE}=${f.carlaS.token}`]) {
      const r = await fetch(`${base}/trpc/openings.list?input=${encodeURIComponent("{}")}`, { headers: { cookie } });
      expect(r.status).toBe(401);
    }
    // The portal's cookie is its own: HttpOnly, SameSite, and sent only under /portal.
    const redeem = await fetch(`${base}/portal/api/trpc/redeemLink`, {
      method: "POST",
      headers: { "content-type": "application/json", [CSRF_HEADER]: "1" },
      body: JSON.stringify({ slug, token: linkToken(f.carla.id) }),
    });
    const setCookie = redeem.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(new RegExp(`^${PORTAL_SESSION_COOKIE}=`));
    expect(setCookie).toMatch(/Path=\/portal(;|$)/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    // A portal mutation without the CSRF header is refused.
    const noCsrf = await fetch(`${base}/portal/api/trpc/rate`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: portalCookie },
      body: JSON.stringify({ applicationId: f.apps.jane, rating: 5 }),
    });
    expect(noCsrf.status).toBe(403);
  });

  it("the resume route: the shared document only, as an attachment with nosniff and a sandbox CSP; a PDF may be viewed inline", async () => {
    const f = await setup();
    const deps = await listen();
    // Through the real upload path: sniffed, stored under its content address, recorded.
    const upload = async (candidateId: number, fileName: string, bytes: Buffer) =>
      (await uploadDocument(deps, w.recruiter, { candidateId, file: await incoming(deps, fileName, bytes) })).id;
    const pdf = await pdfBytes(["Jane Doe", "Resume"]);
    const pdfId = await upload(f.candidates.jane, 'Jane "CV" <2026>.pdf', pdf);
    const docxId = await upload(f.candidates.nora, "nora.docx", await docxBytes(["Nora", "Resume"]));
    await w.as.recruiter.shares.share({ applicationId: f.apps.jane, resumeDocumentId: pdfId });
    await w.as.recruiter.shares.share({ applicationId: f.apps.nora, resumeDocumentId: docxId });
    const get = (app: number, token: string | null, q = "") => fetch(`${base}/portal/api/resume/${app}${q}`, { headers: token ? { cookie: `${PORTAL_SESSION_COOKIE}=${token}` } : {} });

    const r = await get(f.apps.jane, f.carlaS.token);
    expect(r.status).toBe(200);
    expect(Buffer.from(await r.arrayBuffer()).equals(pdf)).toBe(true);
    expect(r.headers.get("content-type")).toBe("application/pdf");
    expect(r.headers.get("content-disposition")).toMatch(/^attachment; filename="Jane _CV_ _2026_.pdf"; filename\*=UTF-8''Jane%20%22CV%22%20%3C2026%3E.pdf$/);
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox; frame-ancestors 'none'");
    expect(r.headers.get("cache-control")).toBe("private, no-store");
    expect((await get(f.apps.jane, f.carlaS.token, "?view=1")).headers.get("content-disposition")).toMatch(/^inline;/);
    // Anything but a PDF is only ever a download, as bytes the browser must not interpret.
    const d = await get(f.apps.nora, f.carlaS.token, "?view=1");
    expect(d.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(d.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect((await f.carlaS.caller.candidate({ applicationId: f.apps.jane })).resume).toEqual({ fileName: "Jane \"CV\" <2026>.pdf", format: "pdf", sizeBytes: pdf.length });

    // Nobody else: no session, another client's or company's contact, an unshared application, a bad id.
    expect((await get(f.apps.jane, null)).status).toBe(401);
    expect((await get(f.apps.jane, f.ianS.token)).status).toBe(404);
    expect((await get(f.apps.jane, f.rivalS.token)).status).toBe(404);
    expect((await get(f.apps.bob, f.carlaS.token)).status).toBe(404);
    expect((await fetch(`${base}/portal/api/resume/abc`, { headers: { cookie: `${PORTAL_SESSION_COOKIE}=${f.carlaS.token}` } })).status).toBe(404);
    await w.as.recruiter.shares.unshareMany({ applicationIds: [f.apps.jane] });
    expect((await get(f.apps.jane, f.carlaS.token)).status).toBe(404);
  });
});

describe("branding: the company logo", () => {
  let dataDir: string;
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("a super admin uploads a PNG: stored by its hash under the data directory, served publicly with nosniff, shown on the portal and the careers page", async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-logo-"));
    const deps = { ...w.deps, config: { ...w.deps.config, dataDir } };
    const boss = callerFor(deps, w.superAdmin);
    const png = makePng(200, 60);
    const c = await boss.company.uploadLogo({ dataBase64: png.toString("base64") });
    const sha = createHash("sha256").update(png).digest("hex");
    expect(c.logo).toEqual({ url: `/brand/${slug}/logo?v=${sha.slice(0, 16)}`, type: "image/png" });
    expect(fs.readFileSync(path.join(dataDir, "branding", sha)).equals(png)).toBe(true);
    expect((await portalCaller(null).branding({ slug })).logoUrl).toBe(c.logo!.url);
    expect(careersList(deps, slug)!.company.logoUrl).toBe(c.logo!.url);

    server = createApp(deps).listen(0, "127.0.0.1");
    await new Promise((r) => server!.once("listening", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const r = await fetch(`${base}${c.logo!.url}`);
    expect(r.status).toBe(200);
    expect(Buffer.from(await r.arrayBuffer()).equals(png)).toBe(true);
    expect(r.headers.get("content-type")).toBe("image/png");
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox; frame-ancestors 'none'");
    expect(r.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await fetch(`${base}/brand/${slug}/logo`)).headers.get("cache-control")).toBe("public, max-age=300");
    const rivalSlug = getCompany(w.deps.db, w.otherCompany.companyId)!.slug;
    expect((await fetch(`${base}/brand/${rivalSlug}/logo`)).status).toBe(404);
    expect((await fetch(`${base}/brand/no-such-agency/logo`)).status).toBe(404);

    // Replacing it drops the old file; removing it drops the new one and the route answers 404.
    const next = makePng(120, 40, [200, 30, 30]);
    await boss.company.uploadLogo({ dataBase64: next.toString("base64") });
    expect(fs.existsSync(path.join(dataDir, "branding", sha))).toBe(false);
    const removed = await boss.company.removeLogo();
    expect(removed.logo).toBeNull();
    expect(fs.readdirSync(path.join(dataDir, "branding"))).toEqual([]);
    expect((await fetch(`${base}/brand/${slug}/logo`)).status).toBe(404);
    expect((await portalCaller(null).branding({ slug })).logoUrl).toBeNull();
  });

  it("only images sniffed as PNG, JPEG or WebP, of sane size, from a super admin; anything else changes nothing", async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-logo-"));
    const deps = { ...w.deps, config: { ...w.deps.config, dataDir } };
    const boss = callerFor(deps, w.superAdmin);
    const b64 = (b: Buffer | string) => Buffer.from(b).toString("base64");
    const before = snapshot(w.deps.db);
    const svg = '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>';
    expect((await rejects(boss.company.uploadLogo({ dataBase64: b64(svg) }), "BAD_REQUEST")).message).toMatch(/SVG/);
    await rejects(boss.company.uploadLogo({ dataBase64: b64("<html><script>alert(1)</script></html>") }), "BAD_REQUEST");
    // A PNG signature in front of garbage is not a PNG.
    const fake = Buffer.concat([makePng(10, 10).subarray(0, 8), Buffer.from("not really a png at all, just bytes")]);
    await rejects(boss.company.uploadLogo({ dataBase64: b64(fake) }), "BAD_REQUEST");
    await rejects(boss.company.uploadLogo({ dataBase64: b64(makePng(5000, 2)) }), "BAD_REQUEST");
    await rejects(boss.company.uploadLogo({ dataBase64: "" }), "BAD_REQUEST");
    await rejects(boss.company.uploadLogo({ dataBase64: "not base64!" }), "BAD_REQUEST");
    // Over 1 MB (a valid PNG padded with a trailing chunk of noise).
    await rejects(boss.company.uploadLogo({ dataBase64: b64(Buffer.concat([makePng(10, 10), Buffer.alloc(1024 * 1024)])) }), "BAD_REQUEST");
    await rejects(callerFor(deps, w.admin).company.uploadLogo({ dataBase64: b64(makePng(10, 10)) }), "FORBIDDEN");
    await rejects(callerFor(deps, w.admin).company.removeLogo(), "FORBIDDEN");
    expect(snapshot(w.deps.db)).toBe(before);
    expect(fs.existsSync(path.join(dataDir, "branding")) ? fs.readdirSync(path.join(dataDir, "branding")) : []).toEqual([]);
    // Another company's logo is its own.
    await boss.company.uploadLogo({ dataBase64: b64(makePng(10, 10)) });
    expect((await callerFor(deps, w.otherCompany).company.get()).logo).toBeNull();
  });
});

describe("branding: sniffing a logo", () => {
  it("reads PNG, JPEG and WebP headers for their type and size; refuses SVG, GIF and truncated files", () => {
    const jpeg = Buffer.from([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
      // SOF0: length 17, 8 bits, height 48, width 160, 3 components
      0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x30, 0x00, 0xa0, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xd9,
    ]);
    expect(sniffLogo(jpeg)).toEqual({ type: "image/jpeg", width: 160, height: 48 });
    // WebP (extended): canvas 320 × 100, stored as width-1 and height-1 in 24 bits.
    const vp8x = Buffer.from([0x10, 0, 0, 0, 0x3f, 0x01, 0x00, 0x63, 0x00, 0x00]);
    const webp = Buffer.concat([Buffer.from("RIFF"), Buffer.from([22, 0, 0, 0]), Buffer.from("WEBPVP8X"), Buffer.from([10, 0, 0, 0]), vp8x]);
    expect(sniffLogo(webp)).toEqual({ type: "image/webp", width: 320, height: 100 });
    expect(sniffLogo(makePng(64, 32))).toEqual({ type: "image/png", width: 64, height: 32 });
    expect(() => sniffLogo(Buffer.from("GIF89a\x01\x00\x01\x00"))).toThrow(/not a PNG, JPEG or WebP/);
    expect(() => sniffLogo(Buffer.from("  <svg xmlns='http://www.w3.org/2000/svg'/>"))).toThrow(/SVG/);
    expect(() => sniffLogo(makePng(64, 32).subarray(0, 12))).toThrow(/could not be read/);
  });
});

describe("serving the portal's page", () => {
  it("its own shell with a strict CSP at any /portal/<slug> path, hashed assets cached for a year, 503 until built", async () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), "portal-dist-"));
    fs.writeFileSync(path.join(dist, "index.html"), '<!doctype html><title>Client portal</title><script type="module" src="/portal/assets/index-abc.js"></script>');
    fs.writeFileSync(path.join(dist, "index-abc.js"), "console.log(1)");
    const listen = async (dir: string) => {
      const s = express().use(portalRoutes(w.deps, dir)).listen(0, "127.0.0.1");
      await new Promise((r) => s.once("listening", r));
      return [s, `http://127.0.0.1:${(s.address() as AddressInfo).port}`] as const;
    };
    const [built, base] = await listen(dist);
    const [unbuilt, baseMissing] = await listen(path.join(dist, "nope"));
    try {
      for (const p of [`/portal/${slug}`, `/portal/${slug}/jobs/12`, `/portal/${slug}/signin`]) {
        const r = await fetch(`${base}${p}`);
        expect(r.status, p).toBe(200);
        expect(await r.text()).toContain("/portal/assets/index-abc.js");
        expect(r.headers.get("content-security-policy")).toContain("script-src 'self'");
        expect(r.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
        expect(r.headers.get("cache-control")).toBe("no-cache");
      }
      const js = await fetch(`${base}/portal/assets/index-abc.js`);
      expect(js.status).toBe(200);
      expect(js.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect((await fetch(`${base}/portal/assets/missing.js`)).status).toBe(404);
      expect((await fetch(`${base}/portal/assets/index.html`)).status).toBe(404);
      expect((await fetch(`${baseMissing}/portal/${slug}`)).status).toBe(503);
    } finally {
      await new Promise((r) => built.close(r));
      await new Promise((r) => unbuilt.close(r));
      fs.rmSync(dist, { recursive: true, force: true });
    }
  });
});
