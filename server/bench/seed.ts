// Seeds a fresh database file: tenant, users and openings through the real services, then a million
// candidates (with an email, a LinkedIn profile and one application each) through raw prepared
// statements in large transactions. Deterministic: the same size gives the same rows.
import path from "node:path";
import { companyKey, nameKey, normalizeEmail, normalizeProfileUrl } from "@prospector/shared/normalize";
import { pino } from "pino";
import { loadConfig } from "../src/config";
import { type DB, openDatabase } from "../src/db/client";
import { INDEXED_COLUMNS } from "../src/db/search-index";
import { wordPairsOf } from "../src/db/word-pairs";
import type { UserActor } from "../src/lib/actor";
import { systemClock } from "../src/lib/clock";
import type { Deps } from "../src/lib/deps";
import { RateLimiter } from "../src/lib/rate-limit";
import { changePassword } from "../src/modules/auth/auth.service";
import { createCompany } from "../src/modules/companies/companies.service";
import { createOpening } from "../src/modules/openings/openings.service";
import { createUser } from "../src/modules/users/users.service";

export interface SeedOptions {
  dataDir: string;
  candidates: number;
  /** Rows per transaction. */
  batch: number;
  /** Drop secondary indexes and FTS triggers during the load and rebuild them after (faster at 1M). */
  rebuildIndexes: boolean;
}

export interface SeededOpening {
  id: number;
  title: string;
  prospecting: boolean;
  hiringStages: { id: number; name: string }[];
  prospectingStages: { id: number; name: string }[];
}

export interface SeedResult {
  file: string;
  deps: Deps;
  companyId: number;
  admin: UserActor & { email: string; password: string };
  recruiter: UserActor & { email: string; password: string };
  openings: SeededOpening[];
  rows: Record<string, number>;
  /** ms per insert pass (by table) and per index build */
  passMs: Record<string, number>;
  totalRows: number;
  /** ms per phase */
  timings: { services: number; insert: number; indexes: number; fts: number; analyze: number; total: number };
}

export const DB_FILE_NAME = "prospector.db";

/** Dependencies as main.ts builds them, but silent. */
export function benchDeps(dataDir: string, db: DB): Deps {
  return {
    db,
    config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent" }),
    log: pino({ level: "silent" }),
    clock: systemClock,
    signInLimiter: new RateLimiter(20, 15 * 60_000),
  };
}

// ---- deterministic row data -------------------------------------------------------------------

/** 32-bit integer hash (lowbias32): a pure function of the row number, so passes over the rows agree. */
function h32(x: number): number {
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d);
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}
/** Uniform [0, 1) for row i and a per-field salt. */
const rnd = (i: number, salt: number) => h32((i * 16 + salt) | 0) / 4294967296;
const pick = <T>(xs: readonly T[], i: number, salt: number): T => xs[Math.floor(rnd(i, salt) * xs.length)]!;

const FIRST = [
  "Jana", "Petr", "Lucie", "Tomáš", "Eva", "Martin", "Kateřina", "Jakub", "Anna", "Ondřej", "Priya", "Arjun", "Mei", "Wei",
  "Sofia", "Mateo", "Lukas", "Léa", "Emma", "Noah", "Olivia", "Liam", "Ava", "Ethan", "Chloé", "Hugo", "Ingrid", "Björn",
  "Zofia", "Łukasz", "Aisha", "Omar", "Yuki", "Hiro", "Fatima", "Diego", "Elena", "Marco", "Giulia", "Pierre", "Camille",
  "Sean", "Siobhan", "Nikolai", "Olga", "Jan", "Marie", "David", "Sarah", "Michael", "Laura", "Daniel", "Julia", "Thomas",
  "Hannah", "Felix", "Nina", "Oscar", "Maya", "Leon",
];
const LAST = [
  "Nováková", "Novák", "Svoboda", "Dvořák", "Černý", "Procházka", "Kučera", "Veselý", "Horák", "Němec", "Smith", "Johnson",
  "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Müller", "Schmidt", "Schneider",
  "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Dubois", "Lefèvre", "Moreau", "Laurent", "Rossi",
  "Russo", "Ferrari", "Esposito", "Bianchi", "Kowalski", "Wiśniewski", "Wójcik", "Nowak", "Jensen", "Nielsen", "Hansen",
  "Andersson", "Johansson", "Karlsson", "Tanaka", "Suzuki", "Sato", "Watanabe", "Kim", "Lee", "Park", "Chen", "Wang", "Li",
  "Zhang", "Patel", "Sharma", "Singh", "Kumar", "Gupta", "O'Brien", "O'Connor", "Murphy", "Kelly", "Walsh", "Ivanov",
  "Petrov", "Sokolov", "Popescu", "Ionescu", "Nagy", "Horváth", "Kovács", "Santos", "Silva",
];
/**
 * Titles with a realistic spread for an agency that recruits mostly in tech (weights: how common each is). About a
 * quarter of people have a title with the word "engineer" — the common term of the re-engagement benchmark.
 */
const TITLE_WEIGHTS: [string, number][] = [
  ["Software Engineer", 8], ["Senior Software Engineer", 5], ["Backend Developer", 6], ["Frontend Developer", 6],
  ["Full-stack Developer", 5], ["Data Engineer", 3], ["Data Scientist", 3], ["Data Analyst", 4], ["Engineering Manager", 2],
  ["DevOps Engineer", 2.5], ["Site Reliability Engineer", 1.5], ["Product Manager", 4], ["Product Designer", 3], ["UX Researcher", 1],
  ["QA Engineer", 2], ["Test Analyst", 1.5], ["Mobile Developer", 3], ["iOS Developer", 1], ["Android Developer", 1],
  ["Security Engineer", 1], ["ML Engineer", 1], ["Solutions Architect", 1.5], ["Tech Lead", 2], ["CTO", 0.5],
  ["Project Manager", 3], ["Scrum Master", 1.5], ["Business Analyst", 3], ["Account Executive", 3], ["Sales Manager", 2],
  ["Customer Success Manager", 2.5], ["Support Specialist", 2], ["Marketing Manager", 2], ["Content Writer", 1], ["Recruiter", 1.5],
  ["HR Generalist", 1], ["Finance Analyst", 1.5], ["Accountant", 1.5], ["Office Manager", 1], ["Operations Manager", 1.5], ["Intern", 1],
];
const TITLES = TITLE_WEIGHTS.map(([t]) => t);
const TITLE_CDF = (() => {
  const total = TITLE_WEIGHTS.reduce((a, [, w]) => a + w, 0);
  let acc = 0;
  return TITLE_WEIGHTS.map(([, w]) => (acc += w / total));
})();
const pickTitle = (r: number) => {
  const k = TITLE_CDF.findIndex((c) => r < c);
  return TITLES[k < 0 ? TITLES.length - 1 : k]!;
};
const COMPANIES = [
  "Kiwi.com", "Avast Software s.r.o.", "Productboard", "Rohlik Group", "JetBrains s.r.o.", "Glovo", "Monzo Bank Ltd",
  "Google LLC", "Microsoft Corporation", "Amazon", "Meta Platforms, Inc.", "Spotify AB", "Zalando SE", "SAP SE",
  "Booking.com B.V.", "Adyen N.V.", "Revolut Ltd", "Wise plc", "N26 GmbH", "Klarna", "Shopify Inc.", "Stripe, Inc.",
  "Datadog", "GitLab Inc.", "Red Hat", "Oracle", "IBM", "Accenture", "Deloitte", "Siemens AG", "Škoda Auto a.s.",
  "ČEZ, a. s.", "Seznam.cz, a.s.", "Alza.cz a.s.", "Mews", "Pipedrive", "Bolt", "Wolt", "Miro", "Canva",
];
const LOCATIONS = ["Prague", "Brno", "Berlin", "Munich", "London", "Dublin", "Amsterdam", "Paris", "Barcelona", "Warsaw", "Vienna", "Remote", "Stockholm", "Lisbon", "Milan", "Bangalore", "Tokyo", "New York", "Toronto", "Ostrava"];
/** Skills, most common first (a person's are drawn with a Zipf-like skew); COBOL is the rare term (about 1 in 1,000). */
const SKILLS = [
  "SQL", "Python", "JavaScript", "TypeScript", "React", "Java", "AWS", "Docker", "Node.js", "PostgreSQL", "Kubernetes", "Excel",
  "Go", "C#", "Figma", "GraphQL", "Kotlin", "Swift", "Terraform", "Spark", "dbt", "Rust", "Salesforce", "Jira", "Scrum",
  "Tableau", "Power BI", "Vue", "Angular", "PHP", "Ruby", "Scala", "Elixir", "Haskell", "Snowflake", "Airflow", "Kafka", "Redis",
];
const TAGS = ["silver medalist", "referral", "relocation ok", "remote only", "contractor", "alumni", "conference", "open source"];
const SOURCES = ["extension", "extension", "extension", "extension", "extension", "extension", "import", "import", "manual", "bulk_upload"] as const;
const STAGE_WEIGHTS = [0.5, 0.25, 0.15, 0.1];

const ascii = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[łŁ]/g, "l")
    .toLowerCase()
    .replace(/[^a-z]/g, "");

function weightedIndex(r: number, weights: number[], n: number): number {
  let acc = 0;
  for (let k = 0; k < n; k++) {
    acc += weights[k] ?? 0;
    if (r < acc) return k;
  }
  return n - 1;
}

const firstAscii = FIRST.map(ascii);
const lastAscii = LAST.map(ascii);

/**
 * What a person of a bulk import (the CSV bench's new rows) says about their work, drawn from the seed's spread of
 * titles, companies, locations and skills (row i of another stream than the seed's own people), so an import leaves
 * the database as realistic as the seed made it (one title for 50,000 rows would double "data engineer" at 1M).
 */
export function importedProfile(i: number) {
  const j = i + 0x4000000;
  return {
    title: pickTitle(rnd(j, 3)),
    company: pick(COMPANIES, j, 4),
    location: pick(LOCATIONS, j, 6),
    skills: [...new Set([0, 1, 2].map((k) => SKILLS[Math.floor(rnd(j, 21 + k) ** 2 * SKILLS.length)]!))],
  };
}

/** The identity of seeded row i (0-based): its name, normalised email and LinkedIn URL. */
export function seededPerson(i: number) {
  const fi = Math.floor(rnd(i, 1) * FIRST.length);
  const li = Math.floor(rnd(i, 2) * LAST.length);
  const slug = `${firstAscii[fi]}-${lastAscii[li]}-${(i + 1).toString(36)}`;
  return {
    first: FIRST[fi]!,
    last: LAST[li]!,
    email: `${firstAscii[fi]}.${lastAscii[li]}.${i + 1}@example.com`,
    url: `https://www.linkedin.com/in/${slug}`,
    urlKey: `linkedin.com/in/${slug}`,
  };
}

// ---- seeding ----------------------------------------------------------------------------------

const DAY = 86_400_000;

export async function seed(opts: SeedOptions): Promise<SeedResult> {
  const t0 = performance.now();
  const file = path.join(opts.dataDir, DB_FILE_NAME);
  const db = openDatabase(file);
  const deps = benchDeps(opts.dataDir, db);
  const raw = db.$client;

  // Services: the tenant, its users and openings are made exactly as the product makes them.
  const adminPassword = "bench-admin-password-1";
  const adminEmail = "Bench.Admin@Example.com";
  const c = await createCompany(deps, { name: "Bench Recruiting", admin: { email: adminEmail, name: "Bench Admin", password: adminPassword } });
  const admin = {
    type: "user" as const,
    userId: c.userId,
    companyId: c.companyId,
    role: "super_admin" as const,
    name: "Bench Admin",
    email: adminEmail.toLowerCase(),
    password: adminPassword,
  };
  const r = await createUser(deps, admin, { email: "bench.recruiter@example.com", name: "Bench Recruiter", role: "recruiter" });
  const recruiter = {
    type: "user" as const,
    userId: r.user.id,
    companyId: c.companyId,
    role: "recruiter" as const,
    name: "Bench Recruiter",
    email: r.user.email,
    password: "bench-recruiter-password-1",
  };
  // As at a first sign-in: a one-time password opens nothing but the change-password screen.
  await changePassword(deps, recruiter, { currentPassword: r.oneTimePassword, newPassword: recruiter.password });
  const specs = [
    { title: "Senior Backend Engineer", prospectingEnabled: true },
    { title: "Frontend Engineer", prospectingEnabled: true },
    { title: "Data Engineer", prospectingEnabled: true },
    { title: "Engineering Manager", prospectingEnabled: false },
  ];
  const stageRows = raw.prepare<[number, number], { id: number; name: string; workflow: string }>(
    "SELECT id, name, workflow FROM stages WHERE company_id = ? AND opening_id = ? ORDER BY workflow, position",
  );
  const openings: SeededOpening[] = specs.map((s) => {
    const id = createOpening(deps, admin, { ...s, department: "Engineering", location: "Prague", teamUserIds: [recruiter.userId] });
    const stages = stageRows.all(c.companyId, id);
    return {
      id,
      title: s.title,
      prospecting: s.prospectingEnabled,
      hiringStages: stages.filter((x) => x.workflow === "hiring").map(({ id, name }) => ({ id, name })),
      prospectingStages: stages.filter((x) => x.workflow === "prospecting").map(({ id, name }) => ({ id, name })),
    };
  });
  const stateIds = raw
    .prepare<[number], { id: number }>("SELECT id FROM decisioned_states WHERE company_id = ? ORDER BY position")
    .all(c.companyId)
    .map((s) => s.id);
  const tServices = performance.now();

  // Bulk load. The seed connection trades durability for speed; the server reopens with the real pragmas.
  raw.pragma("synchronous = OFF");
  raw.pragma("cache_size = -1048576");
  const bulkTables = ["candidates", "candidate_emails", "candidate_profiles", "applications", "activities"];
  const inList = bulkTables.map((t) => `'${t}'`).join(", ");
  const savedIndexes = opts.rebuildIndexes
    ? raw.prepare<[], { name: string; sql: string }>(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${inList})`).all()
    : [];
  const savedTriggers = opts.rebuildIndexes
    ? raw.prepare<[], { name: string; sql: string }>(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (${inList})`).all()
    : [];
  for (const ix of savedIndexes) raw.exec(`DROP INDEX "${ix.name}"`);
  for (const tr of savedTriggers) raw.exec(`DROP TRIGGER "${tr.name}"`);

  const companyId = c.companyId;
  const n = opts.candidates;
  const firstCandidateId = (raw.prepare("SELECT coalesce(max(id), 0) + 1 AS v FROM candidates").get() as { v: number }).v;
  const firstApplicationId = (raw.prepare("SELECT coalesce(max(id), 0) + 1 AS v FROM applications").get() as { v: number }).v;
  const now = Date.now();
  // Six years of history: people added evenly over it, their last activity anywhere between then and now, most of
  // it early (a database is mostly people nobody has talked to for a while).
  const start = now - 6 * 365 * DAY;
  const step = (6 * 365 * DAY) / Math.max(n, 1);
  const userIds = [admin.userId, recruiter.userId];

  const nameKeys = new Map<string, string>();
  const companyKeys = new Map(COMPANIES.map((x) => [x, companyKey(x)]));
  /** 1–5 skills, the common ones more often; the rare one for about 1 in 1,000 people. */
  const skillsOf = (i: number) => {
    const k = 1 + Math.floor(rnd(i, 20) * 5);
    const out = new Set<string>();
    for (let j = 0; j < k; j++) out.add(SKILLS[Math.floor(rnd(i, 21 + j) ** 2 * SKILLS.length)]!);
    if (rnd(i, 27) < 0.001) out.add("COBOL");
    return JSON.stringify([...out]);
  };

  const person = seededPerson;
  /** 3% of addresses have hard-bounced. */
  const bouncedEmail = (i: number) => rnd(i, 29) < 0.03;

  // Generated identities are written already normalised; prove that on a sample against the real normalisers.
  for (let i = 0; i < n; i += Math.max(1, Math.floor(n / 1000))) {
    const p = person(i);
    const u = normalizeProfileUrl(p.url);
    if (normalizeEmail(p.email) !== p.email || u?.key !== p.urlKey || u.canonical !== p.url) {
      throw new Error(`seed generator disagrees with the normalisers for row ${i}: ${p.email} ${p.url} -> ${u?.key}`);
    }
  }

  const insCandidate = raw.prepare(
    `INSERT INTO candidates (id, company_id, full_name, first_name, last_name, name_key, headline, title, past_titles, company_name, company_key,
       location, summary, skills, tags, source, source_url, sourced_by_id, do_not_contact, do_not_contact_reason, do_not_contact_at,
       last_activity_at, valid_email, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // 3% of addresses have hard-bounced.
  const insEmail = raw.prepare("INSERT INTO candidate_emails (company_id, candidate_id, email, email_key, position, bounced_at, bounce_reason) VALUES (?, ?, ?, ?, 0, ?, ?)");
  const insProfile = raw.prepare("INSERT INTO candidate_profiles (company_id, candidate_id, url, site, url_key) VALUES (?, ?, ?, 'linkedin', ?)");
  const insApplication = raw.prepare(
    `INSERT INTO applications (id, company_id, candidate_id, opening_id, workflow, stage_id, origin, status, decisioned_state_id,
       decisioned_by_id, decisioned_at, followed_up, rating, created_by_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insActivity = raw.prepare(
    `INSERT INTO activities (company_id, candidate_id, application_id, opening_id, actor_type, actor_id, type, data, created_at)
     VALUES (?, ?, ?, ?, 'user', ?, ?, ?, ?)`,
  );

  const rows: Record<string, number> = { candidates: 0, candidate_emails: 0, candidate_profiles: 0, applications: 0, activities: 0 };
  const passMs: Record<string, number> = {};
  /** One pass over all rows of one table, `batch` rows per transaction. */
  const pass = (table: string, each: (i: number) => void) => {
    const t = performance.now();
    const chunk = raw.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) each(i);
    });
    for (let from = 0; from < n; from += opts.batch) chunk(from, Math.min(n, from + opts.batch));
    passMs[table] = performance.now() - t;
    rows[table] = (raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  };

  pass("candidates", (i) => {
    const p = person(i);
    const fullName = `${p.first} ${p.last}`;
    let nk = nameKeys.get(fullName);
    if (nk === undefined) nameKeys.set(fullName, (nk = nameKey(fullName)));
    const title = pickTitle(rnd(i, 3));
    const company = pick(COMPANIES, i, 4);
    const created = Math.floor(start + i * step);
    const dnc = rnd(i, 5) < 0.05;
    // 15% changed title at some point: one or two titles they had before.
    const past = rnd(i, 22) < 0.15 ? [pickTitle(rnd(i, 23)), ...(rnd(i, 24) < 0.3 ? [pickTitle(rnd(i, 25))] : [])].filter((t) => t !== title) : [];
    insCandidate.run(
      firstCandidateId + i,
      companyId,
      fullName,
      p.first,
      p.last,
      nk,
      `${title} at ${company}`,
      title,
      JSON.stringify([...new Set(past)]),
      company,
      companyKeys.get(company)!,
      pick(LOCATIONS, i, 6),
      skillsOf(i),
      rnd(i, 26) < 0.2 ? JSON.stringify([pick(TAGS, i, 28)]) : "[]",
      pick(SOURCES, i, 7),
      p.url,
      userIds[i % 2]!,
      dnc ? 1 : 0,
      dnc ? "Asked not to be contacted" : null,
      dnc ? created + DAY : null,
      created + Math.floor(rnd(i, 8) ** 3 * (now - created)),
      // As the triggers on candidate_emails (dropped for the bulk load) would set it: the address below has not bounced.
      bouncedEmail(i) ? 0 : 1,
      created,
      created,
    );
  });
  pass("candidate_emails", (i) => {
    const p = person(i);
    const bounced = bouncedEmail(i);
    insEmail.run(companyId, firstCandidateId + i, p.email, p.email, bounced ? now - DAY : null, bounced ? "550 5.1.1 mailbox unavailable" : null);
  });
  pass("candidate_profiles", (i) => {
    const p = person(i);
    insProfile.run(companyId, firstCandidateId + i, p.url, p.urlKey);
  });
  const placement = (i: number) => {
    const o = openings[i % openings.length]!;
    const workflow = o.prospecting && rnd(i, 9) < 0.6 ? "prospecting" : "hiring";
    const stages = workflow === "prospecting" ? o.prospectingStages : o.hiringStages;
    const stage = stages[weightedIndex(rnd(i, 10), STAGE_WEIGHTS, stages.length)]!;
    return { o, workflow, stage };
  };
  pass("applications", (i) => {
    const { o, workflow, stage } = placement(i);
    const origin = workflow === "hiring" && o.prospecting && rnd(i, 11) < 0.3 ? "prospecting" : workflow;
    const decisioned = rnd(i, 12) < 0.12;
    const created = Math.floor(start + i * step);
    const rr = rnd(i, 13);
    insApplication.run(
      firstApplicationId + i,
      companyId,
      firstCandidateId + i,
      o.id,
      workflow,
      stage.id,
      origin,
      decisioned ? "decisioned" : "active",
      decisioned ? pick(stateIds, i, 14) : null,
      decisioned ? admin.userId : null,
      decisioned ? created + 7 * DAY : null,
      rnd(i, 15) < 0.3 ? 1 : 0,
      rr < 0.05 ? "shortlist" : rr < 0.08 ? "not_a_fit" : null,
      userIds[i % 2]!,
      created,
      created,
    );
  });
  // A few timeline entries (2% of applications); the big tables are what the lists read.
  const activityChunk = raw.transaction(() => {
    for (let i = 0; i < n; i += 50) {
      const { o, workflow, stage } = placement(i);
      insActivity.run(
        companyId,
        firstCandidateId + i,
        firstApplicationId + i,
        o.id,
        userIds[i % 2]!,
        "application.created",
        JSON.stringify({ workflow, stage: stage.name, opening: o.title, source: "extension", matchedBy: null }),
        Math.floor(start + i * step),
      );
    }
  });
  let t = performance.now();
  activityChunk();
  passMs.activities = performance.now() - t;
  rows.activities = (raw.prepare("SELECT count(*) AS n FROM activities").get() as { n: number }).n;
  const tInsert = performance.now();

  for (const ix of savedIndexes) {
    t = performance.now();
    raw.exec(ix.sql);
    passMs[`index ${ix.name}`] = performance.now() - t;
  }
  const tIndexes = performance.now();
  if (opts.rebuildIndexes) {
    // The index is contentless and fed from candidates_fts_pending in normal operation; a bulk seed fills it directly.
    // As search-index.ts indexes a candidate: the headline column also holds the past titles.
    // The word pairs are made in JavaScript with the tokenizer's view of each character (word-pairs.ts), in slices.
    const select = raw.prepare("SELECT id, full_name, headline || ' ' || past_titles, title, company_name, location, skills, tags FROM candidates WHERE id > ? ORDER BY id LIMIT 5000").raw();
    const insert = raw.prepare(`INSERT INTO candidates_fts(rowid, ${INDEXED_COLUMNS.slice(0, 7).join(", ")}, pairs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const slice = raw.transaction((rows: unknown[][]) => {
      for (const [id, ...fields] of rows) insert.run(id, ...fields, wordPairsOf(raw, fields as string[]));
    });
    for (let last = 0; ; ) {
      const rows = select.all(last) as unknown[][];
      if (!rows.length) break;
      slice(rows);
      last = (rows.at(-1) as [number])[0];
    }
    // One bulk insert with automerge off (migration 0005) leaves the index as dozens of segments on several
    // levels; every later small insert then risks a crisis merge of big segments (86-270 µs per indexed row
    // instead of 8-14 µs, measured at 1M). A bulk load ends the way FTS5 recommends: one 'optimize'.
    raw.exec("INSERT INTO candidates_fts(candidates_fts) VALUES ('optimize')");
    raw.exec("DELETE FROM candidates_fts_pending");
    for (const tr of savedTriggers) raw.exec(tr.sql);
  } else {
    // Live indexes: new candidates are noted for the search index the way candidates.repo.ts insertCandidate does.
    raw.exec("INSERT OR IGNORE INTO candidates_fts_pending (candidate_id) SELECT id FROM candidates");
  }
  const tFts = performance.now();
  raw.exec("ANALYZE");
  raw.pragma("wal_checkpoint(TRUNCATE)");
  raw.pragma("synchronous = NORMAL");
  raw.pragma("cache_size = -16384");
  const tAnalyze = performance.now();

  const totalRows = Object.values(rows).reduce((a, b) => a + b, 0);
  return {
    file,
    deps,
    companyId,
    admin,
    recruiter,
    openings,
    rows,
    passMs,
    totalRows,
    timings: {
      services: tServices - t0,
      insert: tInsert - tServices,
      indexes: tIndexes - tInsert,
      fts: tFts - tIndexes,
      analyze: tAnalyze - tFts,
      total: tAnalyze - t0,
    },
  };
}
