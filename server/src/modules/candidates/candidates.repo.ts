import { and, asc, desc, eq, inArray, isNull, lt, sql, type SQL } from "drizzle-orm";
import { connectionOf, type DB, type Executor, preparedOnce, stmt } from "../../db/client";
import {
  activities,
  applications,
  candidateEmails,
  candidatePhones,
  candidateProfiles,
  candidates,
  type DUPLICATE_FLAG_REASONS,
  duplicateDismissals,
  duplicateFlags,
} from "../../db/schema/candidates";
import { decisionedStates, openings, stages } from "../../db/schema/openings";
import { moveConversationsOnMerge } from "../conversations/conversations.repo";

export type CandidateRow = typeof candidates.$inferSelect;
export type ApplicationRow = typeof applications.$inferSelect;

export interface Identities {
  emails: { email: string; key: string }[];
  phones: { phone: string; key: string; e164: string | null }[];
  profiles: { url: string; key: string; site: string }[];
}

export interface IdentityMatch {
  candidateId: number;
  matchedBy: "profile_url" | "email" | "phone";
  value: string;
}

type Raw = DB["$client"];

/** Prepared once per database: the add-prospect path runs these on every request. */
function prepare(raw: Raw) {
  return {
    byProfile: raw.prepare<[number, string], { candidateId: number }>(
      "SELECT candidate_id AS candidateId FROM candidate_profiles WHERE company_id = ? AND url_key = ?",
    ),
    byEmail: raw.prepare<[number, string], { candidateId: number }>(
      "SELECT candidate_id AS candidateId FROM candidate_emails WHERE company_id = ? AND email_key = ?",
    ),
    // "+" keeps the planner on the phone-key index: ordering by the indexed candidate column made it scan
    // every phone of the company.
    byPhone: raw.prepare<[number, string], { candidateId: number }>(
      `SELECT p.candidate_id AS candidateId FROM candidate_phones p JOIN candidates c ON c.id = p.candidate_id
        WHERE p.company_id = ? AND p.phone_key = ? AND c.merged_into_id IS NULL ORDER BY +p.candidate_id LIMIT 1`,
    ),
    insertCandidate: raw.prepare(
      `INSERT INTO candidates (company_id, full_name, first_name, last_name, name_key, headline, title, company_name, company_key,
         location, photo_url, summary, links, skills, tags, source, source_url, sourced_by_id, valid_email, last_activity_at, created_at, updated_at)
       VALUES (@companyId, @fullName, @firstName, @lastName, @nameKey, @headline, @title, @companyName, @companyKey,
         @location, @photoUrl, @summary, @links, @skills, @tags, @source, @sourceUrl, @sourcedById, @validEmail, @now, @now, @now)`,
    ),
    notePendingSearch: raw.prepare<[number]>("INSERT OR IGNORE INTO candidates_fts_pending (candidate_id) VALUES (?)"),
    insertEmail: raw.prepare<[number, number, string, string, number]>(
      "INSERT INTO candidate_emails (company_id, candidate_id, email, email_key, position) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    ),
    // candidates.valid_email after addresses were added (not a trigger: see migration 0017).
    setValidEmail: raw.prepare<[number, number, number]>("UPDATE candidates SET valid_email = ? WHERE id = ? AND valid_email != ?"),
    insertPhone: raw.prepare<[number, number, string, string | null, string, number]>(
      "INSERT INTO candidate_phones (company_id, candidate_id, phone, e164, phone_key, position) VALUES (?, ?, ?, ?, ?, ?)",
    ),
    insertProfile: raw.prepare<[number, number, string, string, string]>(
      "INSERT INTO candidate_profiles (company_id, candidate_id, url, site, url_key) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    ),
    hasPhone: raw.prepare<[number, number, string], { one: number }>(
      "SELECT 1 AS one FROM candidate_phones WHERE company_id = ? AND candidate_id = ? AND phone_key = ?",
    ),
    countEmails: raw.prepare<[number, number], { n: number }>(
      "SELECT count(*) AS n FROM candidate_emails WHERE company_id = ? AND candidate_id = ?",
    ),
    applicationOn: raw.prepare<[number, number, number], ApplicationBrief>(
      `SELECT a.id, a.workflow, a.status, a.stage_id AS stageId, s.name AS stageName, a.decisioned_state_id AS decisionedStateId
         FROM applications a JOIN stages s ON s.id = a.stage_id
        WHERE a.company_id = ? AND a.opening_id = ? AND a.candidate_id = ?`,
    ),
    insertApplication: raw.prepare(
      `INSERT INTO applications (company_id, candidate_id, opening_id, workflow, stage_id, origin, status, created_by_id, import_batch_id, created_at, updated_at)
       VALUES (@companyId, @candidateId, @openingId, @workflow, @stageId, @workflow, 'active', @createdById, @importBatchId, @now, @now)`,
    ),
    insertActivity: raw.prepare(
      `INSERT INTO activities (company_id, candidate_id, application_id, opening_id, actor_type, actor_id, type, data, created_at)
       VALUES (@companyId, @candidateId, @applicationId, @openingId, @actorType, @actorId, @type, @data, @now)`,
    ),
    touchCandidate: raw.prepare<[number, number, number]>(
      "UPDATE candidates SET last_activity_at = ? WHERE company_id = ? AND id = ?",
    ),
    getCandidate: raw.prepare<[number, number], { id: number; fullName: string; mergedIntoId: number | null; doNotContact: number }>(
      "SELECT id, full_name AS fullName, merged_into_id AS mergedIntoId, do_not_contact AS doNotContact FROM candidates WHERE company_id = ? AND id = ?",
    ),
    getRequest: raw.prepare<[number, string], { result: string; userId: number }>(
      "SELECT result, user_id AS userId FROM prospect_requests WHERE company_id = ? AND request_id = ?",
    ),
    insertRequest: raw.prepare<[number, string, number, string, number]>(
      "INSERT INTO prospect_requests (company_id, request_id, user_id, result, created_at) VALUES (?, ?, ?, ?, ?)",
    ),
  };
}

export interface ApplicationBrief {
  id: number;
  workflow: "prospecting" | "hiring";
  status: "active" | "decisioned";
  stageId: number;
  stageName: string;
  decisionedStateId: number | null;
}

/** The prepared statements of this database (they run inside any open transaction on it). */
export function stmts(db: Executor): ReturnType<typeof prepare> {
  return preparedOnce(db, "candidates.stmts", (d) => prepare(d.$client));
}

/** SQLite's PRAGMA data_version of this connection: it changes when another connection commits. */
export function dataVersion(db: Executor): number {
  return connectionOf(db).pragma("data_version", { simple: true }) as number;
}

/** Who owns each kind of key (undefined: nobody). */
interface KeyOwners {
  profile(key: string): number | undefined;
  email(key: string): number | undefined;
  phone(key: string): number | undefined;
}

/** The first owner of a profile URL, an email or a phone, in that order of strength; lookups stop at the first. */
function firstMatch(ids: Identities, owners: KeyOwners): IdentityMatch | null {
  for (const p of ids.profiles) {
    const c = owners.profile(p.key);
    if (c !== undefined) return { candidateId: c, matchedBy: "profile_url", value: p.url };
  }
  for (const e of ids.emails) {
    const c = owners.email(e.key);
    if (c !== undefined) return { candidateId: c, matchedBy: "email", value: e.email };
  }
  for (const p of ids.phones) {
    const c = owners.phone(p.key);
    if (c !== undefined) return { candidateId: c, matchedBy: "phone", value: p.phone };
  }
  return null;
}

/** First existing candidate sharing a profile URL, an email or a phone, in that order of strength. */
export function findIdentityMatch(db: Executor, companyId: number, ids: Identities): IdentityMatch | null {
  const s = stmts(db);
  return firstMatch(ids, {
    profile: (k) => s.byProfile.get(companyId, k)?.candidateId,
    email: (k) => s.byEmail.get(companyId, k)?.candidateId,
    phone: (k) => s.byPhone.get(companyId, k)?.candidateId,
  });
}

/**
 * findIdentityMatch for many people at once (a CSV commit's check): each kind of key is looked up once, in
 * sorted order, so the index's pages are read in order rather than at random; then every person is matched
 * from those lookups exactly as findIdentityMatch does.
 */
export function findIdentityMatches(db: Executor, companyId: number, people: (Identities | undefined)[]): (IdentityMatch | null)[] {
  const s = stmts(db);
  const all = people.filter((p): p is Identities => p !== undefined);
  const owners = (keys: string[], st: { get(companyId: number, key: string): { candidateId: number } | undefined }) => {
    const found = new Map<string, number>();
    for (const k of [...new Set(keys)].sort()) {
      const r = st.get(companyId, k);
      if (r) found.set(k, r.candidateId);
    }
    return found;
  };
  const profiles = owners(all.flatMap((ids) => ids.profiles.map((p) => p.key)), s.byProfile);
  const emails = owners(all.flatMap((ids) => ids.emails.map((e) => e.key)), s.byEmail);
  const phones = owners(all.flatMap((ids) => ids.phones.map((p) => p.key)), s.byPhone);
  const fromMaps: KeyOwners = { profile: (k) => profiles.get(k), email: (k) => emails.get(k), phone: (k) => phones.get(k) };
  return people.map((ids) => (ids ? firstMatch(ids, fromMaps) : null));
}

export interface NewCandidate {
  companyId: number;
  fullName: string;
  firstName: string;
  lastName: string;
  nameKey: string;
  headline: string;
  title: string;
  companyName: string;
  companyKey: string;
  location: string;
  photoUrl: string | null;
  summary: string;
  links: { url: string; label: string }[];
  skills: string[];
  tags: string[];
  source: CandidateRow["source"];
  sourceUrl: string | null;
  sourcedById: number | null;
  /**
   * Whether addresses are about to be added (addIdentities with isNew): candidates.valid_email is set in the insert,
   * so adding them costs no second write of the row and its indexes (addIdentities unsets it if none was added).
   */
  validEmail: boolean;
}

export function insertCandidate(db: Executor, c: NewCandidate, now: number): number {
  const r = stmts(db).insertCandidate.run({
    ...c,
    validEmail: c.validEmail ? 1 : 0,
    links: JSON.stringify(c.links),
    skills: JSON.stringify(c.skills),
    tags: JSON.stringify(c.tags),
    now,
  });
  const id = Number(r.lastInsertRowid);
  // The search index is fed in batches from this table (db/search-index.ts); see migration 0005 for why
  // this is not a trigger.
  stmts(db).notePendingSearch.run(id);
  return id;
}

/** Adds identities the candidate does not have yet; ones owned by another candidate are skipped and returned. */
export function addIdentities(db: Executor, companyId: number, candidateId: number, ids: Identities, opts: { isNew?: boolean } = {}) {
  const s = stmts(db);
  const skipped: { value: string; ownerId: number }[] = [];
  if (opts.isNew) {
    // A candidate inserted in this transaction has no identities yet, and these matched nobody: plain inserts
    // (the unique indexes' ON CONFLICT DO NOTHING still guards emails and profile URLs).
    let added = 0;
    ids.emails.forEach((e, i) => {
      added += s.insertEmail.run(companyId, candidateId, e.email, e.key, i).changes;
    });
    // Inserted with valid_email set when it had addresses to add (one write instead of two): unset if none was added.
    if (ids.emails.length > 0 && added === 0) s.setValidEmail.run(0, candidateId, 0);
    ids.phones.forEach((p, i) => s.insertPhone.run(companyId, candidateId, p.phone, p.e164, p.key, i));
    for (const p of ids.profiles) s.insertProfile.run(companyId, candidateId, p.url, p.site, p.key);
    return skipped;
  }
  let pos = s.countEmails.get(companyId, candidateId)?.n ?? 0;
  for (const e of ids.emails) {
    const owner = s.byEmail.get(companyId, e.key);
    if (owner) {
      if (owner.candidateId !== candidateId) skipped.push({ value: e.email, ownerId: owner.candidateId });
      continue;
    }
    // A new address has not bounced.
    if (s.insertEmail.run(companyId, candidateId, e.email, e.key, pos++).changes) s.setValidEmail.run(1, candidateId, 1);
  }
  ids.phones.forEach((p, i) => {
    if (!s.hasPhone.get(companyId, candidateId, p.key)) s.insertPhone.run(companyId, candidateId, p.phone, p.e164, p.key, i);
  });
  for (const p of ids.profiles) {
    const owner = s.byProfile.get(companyId, p.key);
    if (owner) {
      if (owner.candidateId !== candidateId) skipped.push({ value: p.url, ownerId: owner.candidateId });
      continue;
    }
    s.insertProfile.run(companyId, candidateId, p.url, p.site, p.key);
  }
  return skipped;
}

export function applicationOn(db: Executor, companyId: number, openingId: number, candidateId: number) {
  return stmts(db).applicationOn.get(companyId, openingId, candidateId);
}

export function insertApplication(
  db: Executor,
  a: { companyId: number; candidateId: number; openingId: number; workflow: "prospecting" | "hiring"; stageId: number; createdById: number | null; importBatchId?: number | null },
  now: number,
): number {
  const r = stmts(db).insertApplication.run({ importBatchId: null, ...a, now });
  return Number(r.lastInsertRowid);
}

export function insertActivityFast(
  db: Executor,
  a: { companyId: number; candidateId: number | null; applicationId: number | null; openingId: number | null; actorType: string; actorId: number | null; type: string; data: unknown },
  now: number,
  opts: { candidateIsNew?: boolean } = {},
) {
  const s = stmts(db);
  s.insertActivity.run({ ...a, data: JSON.stringify(a.data ?? {}), now });
  // A candidate created in this same transaction already carries last_activity_at = now.
  if (a.candidateId && !opts.candidateIsNew) s.touchCandidate.run(now, a.companyId, a.candidateId);
}

export function getCandidateBrief(db: Executor, companyId: number, id: number) {
  return stmts(db).getCandidate.get(companyId, id);
}

export function getRequestResult(db: Executor, companyId: number, requestId: string): { userId: number; result: unknown } | undefined {
  const r = stmts(db).getRequest.get(companyId, requestId);
  return r ? { userId: r.userId, result: JSON.parse(r.result) } : undefined;
}

export function saveRequestResult(db: Executor, companyId: number, requestId: string, userId: number, result: unknown, now: number) {
  stmts(db).insertRequest.run(companyId, requestId, userId, JSON.stringify(result), now);
}

// ---- reads for screens -------------------------------------------------------------------------

export function getCandidate(db: Executor, companyId: number, id: number): CandidateRow | undefined {
  return db.select().from(candidates).where(and(eq(candidates.companyId, companyId), eq(candidates.id, id))).get();
}

export function candidateIdentities(db: Executor, companyId: number, candidateId: number) {
  return {
    emails: db
      .select({
        id: candidateEmails.id,
        email: candidateEmails.email,
        bounced: sql<boolean>`${candidateEmails.bouncedAt} IS NOT NULL`,
        bouncedAt: candidateEmails.bouncedAt,
        bounceReason: candidateEmails.bounceReason,
      })
      .from(candidateEmails)
      .where(and(eq(candidateEmails.companyId, companyId), eq(candidateEmails.candidateId, candidateId)))
      .orderBy(asc(candidateEmails.position), asc(candidateEmails.id))
      .all()
      .map((e) => ({ ...e, bounced: Boolean(e.bounced) })),
    phones: db
      .select({ id: candidatePhones.id, phone: candidatePhones.phone, e164: candidatePhones.e164 })
      .from(candidatePhones)
      .where(and(eq(candidatePhones.companyId, companyId), eq(candidatePhones.candidateId, candidateId)))
      .orderBy(asc(candidatePhones.position), asc(candidatePhones.id))
      .all(),
    profiles: db
      .select({ id: candidateProfiles.id, url: candidateProfiles.url, site: candidateProfiles.site })
      .from(candidateProfiles)
      .where(and(eq(candidateProfiles.companyId, companyId), eq(candidateProfiles.candidateId, candidateId)))
      .orderBy(asc(candidateProfiles.id))
      .all(),
  };
}

export function deleteIdentities(db: Executor, companyId: number, candidateId: number) {
  db.delete(candidateEmails).where(and(eq(candidateEmails.companyId, companyId), eq(candidateEmails.candidateId, candidateId))).run();
  db.delete(candidatePhones).where(and(eq(candidatePhones.companyId, companyId), eq(candidatePhones.candidateId, candidateId))).run();
  db.delete(candidateProfiles).where(and(eq(candidateProfiles.companyId, companyId), eq(candidateProfiles.candidateId, candidateId))).run();
}

export function updateCandidate(db: Executor, companyId: number, id: number, set: Partial<typeof candidates.$inferInsert>) {
  db.update(candidates).set(set).where(and(eq(candidates.companyId, companyId), eq(candidates.id, id))).run();
}

export const applicationDetailColumns = {
  id: applications.id,
  candidateId: applications.candidateId,
  openingId: applications.openingId,
  openingTitle: openings.title,
  openingStatus: openings.status,
  prospectingEnabled: openings.prospectingEnabled,
  workflow: applications.workflow,
  stageId: applications.stageId,
  stageName: stages.name,
  origin: applications.origin,
  status: applications.status,
  decisionedStateId: applications.decisionedStateId,
  decisionedStateName: decisionedStates.name,
  decisionedAt: applications.decisionedAt,
  followedUp: applications.followedUp,
  rating: applications.rating,
  createdAt: applications.createdAt,
  updatedAt: applications.updatedAt,
};

export function applicationsOfCandidate(db: Executor, companyId: number, candidateId: number) {
  return db
    .select(applicationDetailColumns)
    .from(applications)
    .innerJoin(openings, eq(openings.id, applications.openingId))
    .innerJoin(stages, eq(stages.id, applications.stageId))
    .leftJoin(decisionedStates, eq(decisionedStates.id, applications.decisionedStateId))
    .where(and(eq(applications.companyId, companyId), eq(applications.candidateId, candidateId)))
    .orderBy(desc(applications.id))
    .all();
}

export function getApplication(db: Executor, companyId: number, id: number): ApplicationRow | undefined {
  return db.select().from(applications).where(and(eq(applications.companyId, companyId), eq(applications.id, id))).get();
}

export function updateApplication(db: Executor, companyId: number, id: number, set: Partial<typeof applications.$inferInsert>) {
  db.update(applications).set(set).where(and(eq(applications.companyId, companyId), eq(applications.id, id))).run();
}

/** Why two people are offered as one: the same name at the same company or place, or a flag an intake left. */
export type DuplicateReason = "name" | (typeof DUPLICATE_FLAG_REASONS)[number];

/**
 * People who may be this one (a "possible duplicate" for the user to resolve: keep both, or merge): the same name
 * key at the same company or place, and those an intake flagged with them (duplicate_flags); never a pair a user
 * kept apart, never a merged record.
 */
export function possibleDuplicates(db: Executor, c: CandidateRow) {
  const columns = { id: candidates.id, fullName: candidates.fullName, title: candidates.title, companyName: candidates.companyName, location: candidates.location };
  const notDismissed = sql`NOT EXISTS (SELECT 1 FROM ${duplicateDismissals} d WHERE d.company_id = ${c.companyId}
              AND d.candidate_a_id = min(${candidates.id}, ${c.id}) AND d.candidate_b_id = max(${candidates.id}, ${c.id}))`;
  const flagged = db
    .select({ ...columns, reason: duplicateFlags.reason })
    .from(duplicateFlags)
    .innerJoin(candidates, sql`${candidates.id} = CASE WHEN ${duplicateFlags.candidateAId} = ${c.id} THEN ${duplicateFlags.candidateBId} ELSE ${duplicateFlags.candidateAId} END`)
    .where(
      and(
        eq(duplicateFlags.companyId, c.companyId),
        sql`(${duplicateFlags.candidateAId} = ${c.id} OR ${duplicateFlags.candidateBId} = ${c.id})`,
        isNull(candidates.mergedIntoId),
        notDismissed,
      ),
    )
    .limit(10)
    .all()
    .map((r) => ({ ...r, reason: r.reason as DuplicateReason }));
  if (!c.nameKey) return flagged;
  const sameOrg = or2(
    c.companyKey ? sql`${candidates.companyKey} = ${c.companyKey}` : sql`${candidates.companyKey} = ''`,
    c.location ? sql`lower(${candidates.location}) = lower(${c.location})` : undefined,
  );
  const byName = db
    .select(columns)
    .from(candidates)
    .where(and(eq(candidates.companyId, c.companyId), eq(candidates.nameKey, c.nameKey), isNull(candidates.mergedIntoId), sql`${candidates.id} <> ${c.id}`, sameOrg, notDismissed))
    .limit(10)
    .all();
  return [...flagged, ...byName.filter((r) => !flagged.some((f) => f.id === r.id)).map((r) => ({ ...r, reason: "name" as DuplicateReason }))].slice(0, 10);
}

/** Flags two people as a possible duplicate (see duplicate_flags); once per pair. */
export function insertDuplicateFlag(db: Executor, companyId: number, a: number, b: number, reason: (typeof DUPLICATE_FLAG_REASONS)[number], now: number) {
  db.insert(duplicateFlags)
    .values({ companyId, candidateAId: Math.min(a, b), candidateBId: Math.max(a, b), reason, createdAt: now })
    .onConflictDoNothing()
    .run();
}

function or2(a: SQL, b: SQL | undefined): SQL {
  return b ? sql`(${a} OR ${b})` : a;
}

export function insertDismissal(db: Executor, companyId: number, a: number, b: number, userId: number, now: number) {
  db.insert(duplicateDismissals)
    .values({ companyId, candidateAId: Math.min(a, b), candidateBId: Math.max(a, b), dismissedById: userId, createdAt: now })
    .onConflictDoNothing()
    .run();
}

// ---- lists -------------------------------------------------------------------------------------

export interface ListFilter {
  companyId: number;
  search?: string;
  source?: CandidateRow["source"];
  doNotContact?: boolean;
  openingId?: number;
  stageId?: number;
  /**
   * The openings the searcher may see (undefined = all): restricts application-based tabs (and opening filters) to
   * them, and the search to the documents they may see.
   */
  openingIds?: number[];
  cursor?: number;
  limit: number;
}

/** FTS5 query from free text: every word must prefix-match some field. SQLite-specific by design (one place). */
function ftsQuery(search: string): string | null {
  const words = search.normalize("NFC").match(/[\p{L}\p{N}]+/gu);
  if (!words?.length) return null;
  return words.slice(0, 8).map((w) => `"${w}"*`).join(" ");
}

function candidateFilters(f: ListFilter): SQL[] {
  const conds: SQL[] = [];
  if (f.search) {
    const q = ftsQuery(f.search);
    if (q) {
      // The profile and the documents everyone may see (candidates_fts), or a document tied to an opening the
      // searcher may see (document_fts; see migration 0014): a hidden opening's CV never makes a person match.
      const visible = f.openingIds === undefined ? sql`` : sql` AND d.opening_id IN (${sql.join((f.openingIds.length ? f.openingIds : [-1]).map((id) => sql`${id}`), sql`, `)})`;
      conds.push(
        sql`${candidates.id} IN (SELECT rowid FROM candidates_fts WHERE candidates_fts MATCH ${q}
          UNION SELECT d.candidate_id FROM document_fts JOIN documents d ON d.id = document_fts.rowid
           WHERE document_fts MATCH ${q} AND d.company_id = ${f.companyId} AND d.removed_at IS NULL${visible})`,
      );
    }
  }
  if (f.source) conds.push(eq(candidates.source, f.source));
  // A literal, not a bound parameter: SQLite uses the partial do-not-contact index only for "= 1" it can see.
  if (f.doNotContact !== undefined) conds.push(f.doNotContact ? sql`${candidates.doNotContact} = 1` : sql`${candidates.doNotContact} = 0`);
  return conds;
}

export const candidateSummaryColumns = {
  id: candidates.id,
  fullName: candidates.fullName,
  headline: candidates.headline,
  title: candidates.title,
  companyName: candidates.companyName,
  location: candidates.location,
  photoUrl: candidates.photoUrl,
  source: candidates.source,
  doNotContact: candidates.doNotContact,
  lastActivityAt: candidates.lastActivityAt,
  createdAt: candidates.createdAt,
};

/** "All" tab: every (unmerged) candidate of the company, newest first, keyset-paged by id. */
export function listAllCandidates(db: Executor, f: ListFilter) {
  const conds: SQL[] = [eq(candidates.companyId, f.companyId), isNull(candidates.mergedIntoId), ...candidateFilters(f)];
  if (f.openingId !== undefined || f.stageId !== undefined) {
    const sub = [sql`a.company_id = ${f.companyId}`, sql`a.candidate_id = ${candidates.id}`];
    if (f.openingId !== undefined) sub.push(sql`a.opening_id = ${f.openingId}`);
    if (f.stageId !== undefined) sub.push(sql`a.stage_id = ${f.stageId}`);
    if (f.openingIds && f.openingId === undefined) sub.push(sql`a.opening_id IN ${f.openingIds.length ? f.openingIds : [-1]}`);
    conds.push(sql`EXISTS (SELECT 1 FROM applications a WHERE ${sql.join(sub, sql` AND `)})`);
  }
  if (f.cursor) conds.push(lt(candidates.id, f.cursor));
  return db.select(candidateSummaryColumns).from(candidates).where(and(...conds)).orderBy(desc(candidates.id)).limit(f.limit).all();
}

/**
 * Hiring / prospects tabs and the boards: applications of one workflow, active (default) or decisioned,
 * newest first, keyset-paged by application id. Both statuses walk the same (company, workflow, status, id)
 * or (company, opening, stage, status, id) index.
 */
export function listApplications(
  db: Executor,
  f: ListFilter & { workflow: "prospecting" | "hiring"; status?: "active" | "decisioned"; needsFollowUp?: boolean; rating?: "shortlist" | "not_a_fit" },
) {
  const conds: SQL[] = [
    eq(applications.companyId, f.companyId),
    eq(applications.workflow, f.workflow),
    eq(applications.status, f.status ?? "active"),
    ...candidateFilters(f),
  ];
  if (f.openingId !== undefined) conds.push(eq(applications.openingId, f.openingId));
  if (f.stageId !== undefined) conds.push(eq(applications.stageId, f.stageId));
  // With one opening named (already checked visible by the service) the IN list is redundant, and it makes
  // SQLite sort the whole stage instead of walking the index newest first.
  if (f.openingIds && f.openingId === undefined) conds.push(inArray(applications.openingId, f.openingIds.length ? f.openingIds : [-1]));
  if (f.needsFollowUp !== undefined) conds.push(eq(applications.followedUp, !f.needsFollowUp));
  if (f.rating) conds.push(eq(applications.rating, f.rating));
  if (f.cursor) conds.push(lt(applications.id, f.cursor));
  return db
    .select({
      applicationId: applications.id,
      openingId: applications.openingId,
      openingTitle: openings.title,
      stageId: applications.stageId,
      stageName: stages.name,
      workflow: applications.workflow,
      origin: applications.origin,
      status: applications.status,
      decisionedStateId: applications.decisionedStateId,
      decisionedStateName: decisionedStates.name,
      decisionedAt: applications.decisionedAt,
      followedUp: applications.followedUp,
      rating: applications.rating,
      appliedAt: applications.createdAt,
      candidate: candidateSummaryColumns,
    })
    .from(applications)
    .innerJoin(candidates, eq(candidates.id, applications.candidateId))
    .innerJoin(openings, eq(openings.id, applications.openingId))
    .innerJoin(stages, eq(stages.id, applications.stageId))
    .leftJoin(decisionedStates, eq(decisionedStates.id, applications.decisionedStateId))
    .where(and(...conds))
    .orderBy(desc(applications.id))
    .limit(f.limit)
    .all();
}

interface ShareRow {
  id: number;
  application_id: number;
  resume_document_id: number | null;
  video_url: string | null;
  profile_template_id: number | null;
  shared_by_id: number;
  shared_at: number;
  unshared_at: number | null;
  first_viewed_at: number | null;
  first_viewed_by_contact_id: number | null;
  client_rating: number | null;
}

/**
 * A merge folds application `droppedId` into `keptId` (one person, one opening): its portal share (one per
 * application) becomes the kept application's. When both were shared, one row stays: the live one (the kept
 * application's if both or neither are live), completed from the other (resume, video, template, the client's
 * rating, the first view). The client's comments and actions are activities, which the merge moves already.
 */
function foldShare(db: Executor, companyId: number, droppedId: number, keptId: number) {
  const get = stmt(db, "SELECT * FROM application_shares WHERE company_id = ? AND application_id = ?");
  const dropped = get.get(companyId, droppedId) as ShareRow | undefined;
  if (!dropped) return;
  const kept = get.get(companyId, keptId) as ShareRow | undefined;
  if (!kept) {
    stmt(db, "UPDATE application_shares SET application_id = ? WHERE id = ?").run(keptId, dropped.id);
    return;
  }
  const [base, other] = dropped.unshared_at === null && kept.unshared_at !== null ? [dropped, kept] : [kept, dropped];
  const firstView = [base, other].filter((r) => r.first_viewed_at !== null).sort((x, y) => x.first_viewed_at! - y.first_viewed_at!)[0];
  stmt(db, "DELETE FROM application_shares WHERE id = ?").run(other.id);
  stmt(
    db,
    `UPDATE application_shares SET application_id = ?, resume_document_id = ?, video_url = ?, profile_template_id = ?, client_rating = ?,
            first_viewed_at = ?, first_viewed_by_contact_id = ? WHERE id = ?`,
  ).run(
    keptId,
    base.resume_document_id ?? other.resume_document_id,
    base.video_url ?? other.video_url,
    base.profile_template_id ?? other.profile_template_id,
    base.client_rating ?? other.client_rating,
    firstView?.first_viewed_at ?? null,
    firstView?.first_viewed_by_contact_id ?? null,
    base.id,
  );
}

/**
 * Moves everything of `sourceId` to `targetId`. Where both are on one opening the target's application
 * stays, the source's timeline entries point at it, and the source's application is deleted; returns those.
 */
export function mergeInto(db: Executor, companyId: number, sourceId: number, targetId: number) {
  db.update(candidateEmails).set({ candidateId: targetId }).where(and(eq(candidateEmails.companyId, companyId), eq(candidateEmails.candidateId, sourceId))).run();
  db.update(candidatePhones).set({ candidateId: targetId }).where(and(eq(candidatePhones.companyId, companyId), eq(candidatePhones.candidateId, sourceId))).run();
  db.update(candidateProfiles).set({ candidateId: targetId }).where(and(eq(candidateProfiles.companyId, companyId), eq(candidateProfiles.candidateId, sourceId))).run();
  const targetApps = db.select().from(applications).where(and(eq(applications.companyId, companyId), eq(applications.candidateId, targetId))).all();
  const sourceApps = db.select().from(applications).where(and(eq(applications.companyId, companyId), eq(applications.candidateId, sourceId))).all();
  const dropped: { openingId: number; workflow: string; stageId: number; status: string }[] = [];
  const droppedPairs = sourceApps.flatMap((a) => {
    const keep = targetApps.find((t) => t.openingId === a.openingId);
    return keep ? [{ droppedAppId: a.id, keptAppId: keep.id }] : [];
  });
  moveConversationsOnMerge(db, companyId, sourceId, targetId, droppedPairs);
  for (const a of sourceApps) {
    const keep = targetApps.find((t) => t.openingId === a.openingId);
    if (keep) {
      db.update(activities).set({ applicationId: keep.id }).where(and(eq(activities.companyId, companyId), eq(activities.applicationId, a.id))).run();
      // Everything else that names the folded application now names the kept one (nothing points at a deleted row).
      foldShare(db, companyId, a.id, keep.id);
      for (const table of ["tasks", "career_submissions", "invitations"]) {
        stmt(db, `UPDATE ${table} SET application_id = ? WHERE company_id = ? AND application_id = ?`).run(keep.id, companyId, a.id);
      }
      db.delete(applications).where(and(eq(applications.companyId, companyId), eq(applications.id, a.id))).run();
      dropped.push({ openingId: a.openingId, workflow: a.workflow, stageId: a.stageId, status: a.status });
    } else {
      db.update(applications).set({ candidateId: targetId }).where(and(eq(applications.companyId, companyId), eq(applications.id, a.id))).run();
    }
  }
  db.update(activities).set({ candidateId: targetId }).where(and(eq(activities.companyId, companyId), eq(activities.candidateId, sourceId))).run();
  // Portal shares, tasks, careers submissions, apply links (a live one now names the target), import records.
  for (const table of ["application_shares", "tasks", "career_submissions", "apply_tokens", "import_rows"]) {
    stmt(db, `UPDATE ${table} SET candidate_id = ? WHERE company_id = ? AND candidate_id = ?`).run(targetId, companyId, sourceId);
  }
  // One invitation per person and send: where both were invited in one send, the target's stays.
  stmt(db, "UPDATE OR IGNORE invitations SET candidate_id = ? WHERE company_id = ? AND candidate_id = ?").run(targetId, companyId, sourceId);
  // Flags an intake left on the source now concern the target (a flag between the two is resolved by the merge).
  stmt(
    db,
    `INSERT OR IGNORE INTO duplicate_flags (company_id, candidate_a_id, candidate_b_id, reason, created_at)
     SELECT company_id, min(other, ?), max(other, ?), reason, created_at
       FROM (SELECT company_id, CASE WHEN candidate_a_id = ? THEN candidate_b_id ELSE candidate_a_id END AS other, reason, created_at
               FROM duplicate_flags WHERE company_id = ? AND (candidate_a_id = ? OR candidate_b_id = ?))
      WHERE other <> ?`,
  ).run(targetId, targetId, sourceId, companyId, sourceId, sourceId, targetId);
  stmt(db, "DELETE FROM duplicate_flags WHERE company_id = ? AND (candidate_a_id = ? OR candidate_b_id = ?)").run(companyId, sourceId, sourceId);
  // Their documents (and so their CV text in the search index) go with them.
  const docs = stmt(db, "UPDATE documents SET candidate_id = ? WHERE company_id = ? AND candidate_id = ?").run(targetId, companyId, sourceId);
  if (docs.changes > 0) {
    stmts(db).notePendingSearch.run(targetId);
    stmts(db).notePendingSearch.run(sourceId);
  }
  return dropped;
}
