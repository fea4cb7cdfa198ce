import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import type { ProfileDraftInput } from "@prospector/shared/profile";
import { zProfileDraft } from "@prospector/shared/profile";
import Database from "better-sqlite3";
import { pino } from "pino";
import { loadConfig } from "../src/config";
import { type DB, fromConnection, openDatabase } from "../src/db/client";
import type { Role, UserActor } from "../src/lib/actor";
import type { Clock } from "../src/lib/clock";
import type { Deps } from "../src/lib/deps";
import { RateLimiter } from "../src/lib/rate-limit";
import { hashPassword } from "../src/lib/crypto";
import { setPassword } from "../src/modules/auth/auth.repo";
import { createCompany } from "../src/modules/companies/companies.service";
import { createUser } from "../src/modules/users/users.service";
import type { RequestMeta } from "../src/trpc/context";
import { createCallerFactory } from "../src/trpc/init";
import { appRouter } from "../src/trpc/router";

/** A clock tests can move forward. */
export class TestClock implements Clock {
  constructor(public t = Date.UTC(2026, 0, 15, 9, 0, 0)) {}
  now() {
    return this.t;
  }
  advance(ms: number) {
    this.t += ms;
  }
}

/** Fresh in-memory database with the real migrations, and the dependencies services take. */
export function makeDeps(overrides: Partial<Deps> = {}, image?: Buffer): Deps & { clock: TestClock } {
  const db: DB = image ? fromConnection(new Database(image)) : openDatabase(":memory:");
  // Document files go under DATA_DIR: a directory of this test process (tests that look at them set their own).
  const config = loadConfig({ DATA_DIR: path.join(os.tmpdir(), `prospector-test-${process.pid}`), LOG_LEVEL: "silent", PUBLIC_URL: "http://localhost:3000" });
  return {
    db,
    config,
    log: pino({ level: "silent" }),
    clock: new TestClock(),
    signInLimiter: new RateLimiter(20, 15 * 60_000),
    ...overrides,
  } as Deps & { clock: TestClock };
}

const createCaller = createCallerFactory(appRouter);

export interface FakeMeta extends RequestMeta {
  cookies: { token: string | null };
}

export function fakeMeta(over: Partial<RequestMeta> = {}): FakeMeta {
  const cookies = { token: null as string | null };
  return {
    ip: "203.0.113.7",
    authVia: "cookie",
    csrfOk: true,
    sessionToken: null,
    stillAuthorized: () => true,
    setSessionCookie: (t) => {
      cookies.token = t;
    },
    clearSessionCookie: () => {
      cookies.token = null;
    },
    cookies,
    ...over,
  };
}

/** A tRPC caller acting as `actor` (or anonymous), as the HTTP layer would build it. */
export function callerFor(deps: Deps, actor: UserActor | null, meta: Partial<RequestMeta> = {}) {
  return createCaller({ deps, actor, meta: fakeMeta(meta) });
}

export type Caller = ReturnType<typeof callerFor>;

export interface World {
  deps: Deps & { clock: TestClock };
  companyId: number;
  superAdmin: UserActor;
  admin: UserActor;
  recruiter: UserActor;
  /** A second recruiter who is on no hiring team. */
  outsider: UserActor;
  /** The super admin of another company. */
  otherCompany: UserActor;
  as: { superAdmin: Caller; admin: Caller; recruiter: Caller; outsider: Caller; otherCompany: Caller; anonymous: Caller };
}

const PASSWORD = "correct horse battery staple";
export { PASSWORD as TEST_PASSWORD };

async function addUser(deps: Deps, boss: UserActor, role: Role, name: string): Promise<UserActor> {
  const { user } = await createUser(deps, boss, { email: `${name.toLowerCase().replace(/\W+/g, ".")}@acme.test`, name, role });
  // Known password, already changed, so tests can sign in as anyone.
  setPassword(deps.db, user.id, await hashPassword(PASSWORD), false);
  return { type: "user", userId: user.id, companyId: boss.companyId, role, name };
}

let template: { image: Buffer; ids: Omit<World, "deps" | "as"> } | undefined;

/**
 * Two companies; the first with a super admin, an admin, a recruiter and an outsider recruiter.
 * Built once per test file (password hashing is deliberately slow), then copied into a fresh database.
 */
export async function makeWorld(): Promise<World> {
  template ??= await buildTemplate();
  const deps = makeDeps({}, template.image);
  const ids = template.ids;
  const as = (a: UserActor) => callerFor(deps, a);
  return {
    deps,
    ...ids,
    as: {
      superAdmin: as(ids.superAdmin),
      admin: as(ids.admin),
      recruiter: as(ids.recruiter),
      outsider: as(ids.outsider),
      otherCompany: as(ids.otherCompany),
      anonymous: callerFor(deps, null, { authVia: null }),
    },
  };
}

async function buildTemplate() {
  const w = await buildWorld();
  return { image: w.deps.db.$client.serialize(), ids: { companyId: w.companyId, superAdmin: w.superAdmin, admin: w.admin, recruiter: w.recruiter, outsider: w.outsider, otherCompany: w.otherCompany } };
}

async function buildWorld(): Promise<World> {
  const deps = makeDeps();
  const a = await createCompany(deps, { name: "Acme Recruiting", admin: { email: "boss@acme.test", name: "Boss", password: PASSWORD } });
  const superAdmin: UserActor = { type: "user", userId: a.userId, companyId: a.companyId, role: "super_admin", name: "Boss" };
  const admin = await addUser(deps, superAdmin, "admin", "Ada Admin");
  const recruiter = await addUser(deps, superAdmin, "recruiter", "Rita Recruiter");
  const outsider = await addUser(deps, superAdmin, "recruiter", "Otto Outsider");
  const b = await createCompany(deps, { name: "Rival Talent", admin: { email: "boss@rival.test", name: "Rival", password: PASSWORD } });
  const otherCompany: UserActor = { type: "user", userId: b.userId, companyId: b.companyId, role: "super_admin", name: "Rival" };
  return {
    deps,
    companyId: a.companyId,
    superAdmin,
    admin,
    recruiter,
    outsider,
    otherCompany,
    as: {
      superAdmin: callerFor(deps, superAdmin),
      admin: callerFor(deps, admin),
      recruiter: callerFor(deps, recruiter),
      outsider: callerFor(deps, outsider),
      otherCompany: callerFor(deps, otherCompany),
      anonymous: callerFor(deps, null, { authVia: null }),
    },
  };
}

/** An opening with prospecting on, owned by the admin, with the recruiter on its hiring team. */
export async function makeOpening(w: World, over: Record<string, unknown> = {}) {
  return w.as.admin.openings.create({
    title: "Backend Engineer",
    prospectingEnabled: true,
    teamUserIds: [w.recruiter.userId],
    ...over,
  });
}

export function draft(over: ProfileDraftInput | Partial<ProfileDraftInput> = {}): ProfileDraftInput {
  return zProfileDraft.parse({ fullName: "Jane Doe", ...over });
}

export const newRequestId = () => randomUUID();

/** Every row of every company table, to prove that a refused call changed nothing. */
export function snapshot(db: DB): string {
  const tables = db.$client
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' AND name NOT LIKE '__drizzle%' ORDER BY name")
    .all() as { name: string }[];
  return JSON.stringify(tables.map((t) => [t.name, db.$client.prepare(`SELECT * FROM "${t.name}" ORDER BY rowid`).all()]));
}
