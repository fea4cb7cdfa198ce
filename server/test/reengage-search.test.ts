import { beforeEach, describe, expect, it } from "vitest";
import { allMatchingIds, search } from "../src/modules/reengage/reengage.service";
import { makeWorld, type World } from "./factory";

const MONTH = 30 * 24 * 3600_000;
let w: World;

function add(companyId: number, c: { name: string; title?: string; location?: string; skills?: string[]; monthsAgo?: number; dnc?: boolean; email?: string | null; bounced?: boolean; source?: string }) {
  const raw = w.deps.db.$client;
  const at = w.deps.clock.now() - (c.monthsAgo ?? 0) * MONTH;
  const id = Number(
    raw
      .prepare(
        `INSERT INTO candidates (company_id, full_name, name_key, title, location, skills, source, do_not_contact, last_activity_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(companyId, c.name, c.name.toLowerCase(), c.title ?? "", c.location ?? "", JSON.stringify(c.skills ?? []), c.source ?? "manual", c.dnc ? 1 : 0, at, at, at).lastInsertRowid,
  );
  // As candidates.repo does on every write (migration 0005): the search index picks it up in its next batch.
  raw.prepare("INSERT OR IGNORE INTO candidates_fts_pending (candidate_id) VALUES (?)").run(id);
  if (c.email !== null) {
    const email = c.email ?? `${c.name.replace(/\W+/g, ".").toLowerCase()}@x.test`;
    raw.prepare("INSERT INTO candidate_emails (company_id, candidate_id, email, email_key, bounced_at) VALUES (?, ?, ?, ?, ?)").run(companyId, id, email, email, c.bounced ? at : null);
  }
  return id;
}

let ids: Record<string, number>;
beforeEach(async () => {
  w = await makeWorld();
  ids = {
    ann: add(w.companyId, { name: "Ann Senior", title: "Senior Software Engineer", location: "Berlin", skills: ["React", "TypeScript"], monthsAgo: 8 }),
    bob: add(w.companyId, { name: "Bob Old", title: "Software Engineer", location: "Paris", skills: ["PHP"], monthsAgo: 20, source: "import" }),
    cat: add(w.companyId, { name: "Cat Dnc", title: "Software Engineer", location: "Berlin", monthsAgo: 9, dnc: true }),
    dan: add(w.companyId, { name: "Dan Bounced", title: "Data Engineer", location: "Berlin", monthsAgo: 7, bounced: true }),
    eve: add(w.companyId, { name: "Eve Noemail", title: "Engineering Manager", location: "Berlin", monthsAgo: 1, email: null }),
  };
  add(w.otherCompany.companyId, { name: "Rival Engineer", title: "Software Engineer", location: "Berlin" });
});

const names = (r: ReturnType<typeof search>) => r.items.map((i) => i.fullName);

describe("re-engagement search", () => {
  it("free text against real FTS5: never do-not-contact, never another company", () => {
    const r = search(w.deps, w.admin, { query: "engineer" });
    expect(r.total).toBe(3);
    expect(names(r).sort()).toEqual(["Ann Senior", "Bob Old", "Dan Bounced"]);
  });

  it("combines title, location, skills, inactivity, source and valid email", () => {
    expect(names(search(w.deps, w.admin, { titles: ["software engineer"], locations: ["berlin"] }))).toEqual(["Ann Senior"]);
    expect(names(search(w.deps, w.admin, { skills: ["typescript"] }))).toEqual(["Ann Senior"]);
    expect(names(search(w.deps, w.admin, { inactiveMonthsMin: 12 }))).toEqual(["Bob Old"]);
    expect(names(search(w.deps, w.admin, { inactiveMonthsMin: 6, inactiveMonthsMax: 12 })).sort()).toEqual(["Ann Senior", "Dan Bounced"]);
    expect(names(search(w.deps, w.admin, { sources: ["import"] }))).toEqual(["Bob Old"]);
    expect(names(search(w.deps, w.admin, { validEmail: true, locations: ["Berlin"] }))).toEqual(["Ann Senior"]);
  });

  it("no term: most recent activity first, keyset pages cover every match once", () => {
    const p1 = search(w.deps, w.admin, {}, { limit: 2 });
    expect(p1.total).toBe(4);
    expect(names(p1)).toEqual(["Eve Noemail", "Dan Bounced"]);
    const p2 = search(w.deps, w.admin, {}, { limit: 2, cursor: p1.nextCursor });
    expect(names(p2)).toEqual(["Ann Senior", "Bob Old"]);
    expect(p2.nextCursor).toBeNull();
  });

  it("hostile strings are searched as text or refused with a clear error, never an SQL/FTS error", () => {
    for (const q of ['title:engineer', 'NEAR(a b)', '"unterminated', "a' OR 1=1 --", "^engineer", "-x +y", "*", '""', "engin*", ")("]) {
      try {
        const r = search(w.deps, w.admin, { query: q });
        expect(r.total).toBeGreaterThanOrEqual(0);
      } catch (e) {
        expect((e as { code?: string }).code).toBe("BAD_REQUEST");
      }
    }
    expect(search(w.deps, w.admin, { query: "engin*" }).total).toBe(4);
    expect(search(w.deps, w.admin, { query: "title:engineer" }).total).toBe(0);
    expect(() => search(w.deps, w.admin, { query: '"unterminated' })).toThrow(/./);
  });

  it("allMatchingIds returns every match regardless of paging", () => {
    expect(allMatchingIds(w.deps, w.admin, { query: "engineer" }).sort()).toEqual([ids.ann, ids.bob, ids.dan].sort());
  });
});

describe("reengage.search over tRPC", () => {
  it("a syntax error is a BAD_REQUEST with the message, not a server error", async () => {
    await expect(w.as.recruiter.reengage.search({ filters: { query: '"unterminated' } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const r = await w.as.recruiter.reengage.search({ filters: { query: "engineer", locations: ["Berlin"] } });
    expect(r.items.map((i) => i.fullName).sort()).toEqual(["Ann Senior", "Dan Bounced"]);
  });
});
