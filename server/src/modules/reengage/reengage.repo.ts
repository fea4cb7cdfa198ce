// SQL of re-engagement: the search (SQLite FTS5 behind one function, so a PostgreSQL dialect can swap in
// tsvector), saved searches, invitation sends and their report.
import { type Executor, stmt } from "../../db/client";
import type { INVITATION_SKIP_REASONS } from "../../db/schema/reengage";

/** What the search needs, already checked and resolved by the service (ids visible, text parsed). */
export interface SearchQuery {
  companyId: number;
  /** The FTS5 MATCH expression (free text and the structured text filters), or null. */
  fts: string | null;
  /**
   * People the free text finds only in a document tied to an opening the searcher may see (document_fts; see
   * peopleByTiedDocuments): they match beside the FTS matches, none of them among those. Only with `fts`.
   */
  docIds?: number[];
  sources?: string[];
  /** last_activity_at <= this (no activity since), and >= this. */
  activityBefore?: number;
  activityAfter?: number;
  validEmail?: boolean;
  /** A recruiter's openings: application filters and the past applications shown look at these only. */
  openingIds?: number[];
  /** One application meeting all of these (on one of the openings, last in one of the stages, decisioned so). */
  application?: { openingIds?: number[]; stageNames?: string[]; decisionStateIds?: number[] };
  /** No application decisioned with any of these. */
  excludeDecisionStateIds?: number[];
}

export interface SearchCursor {
  rank: number;
  at: number;
  id: number;
}

/** Counts are exact up to here; beyond, "more than COUNT_CAP" (counting every one of 500,000 matches costs seconds). */
export const COUNT_CAP = 10_000;
/** Relevance (bm25) ranks a text's matches when there are at most this many; more are ordered by recency. */
export const RANK_LIMIT = 2_000;

const marks = (n: number) => Array.from({ length: n }, () => "?").join(", ");

/** The conditions on a candidate row `c` (everything but the text), and their parameters. */
function conditions(q: SearchQuery) {
  const where: string[] = ["c.company_id = ?", "c.merged_into_id IS NULL", "c.do_not_contact = 0"];
  const params: unknown[] = [q.companyId];
  if (q.activityBefore !== undefined) {
    where.push("c.last_activity_at <= ?");
    params.push(q.activityBefore);
  }
  if (q.activityAfter !== undefined) {
    where.push("c.last_activity_at >= ?");
    params.push(q.activityAfter);
  }
  if (q.sources?.length) {
    where.push(`c.source IN (${marks(q.sources.length)})`);
    params.push(...q.sources);
  }
  if (q.validEmail) {
    // Kept by triggers on candidate_emails (migration 0017), in both indexes the search walks.
    where.push("c.valid_email = 1");
  }
  const a = q.application;
  const driven = Boolean(a && (a.openingIds?.length || a.stageNames?.length || a.decisionStateIds?.length));
  if (a && driven) {
    // "c.id IN (…)": a small set of people (one opening, one decision) made once, which can drive the query.
    const sub: string[] = ["a.company_id = ?"];
    const subParams: unknown[] = [q.companyId];
    const openings = intersect(a.openingIds, q.openingIds);
    if (openings) {
      sub.push(`a.opening_id IN (${marks(openings.length) || "NULL"})`);
      subParams.push(...openings);
    }
    if (a.decisionStateIds?.length) {
      sub.push(`a.decisioned_state_id IN (${marks(a.decisionStateIds.length)})`);
      subParams.push(...a.decisionStateIds);
    }
    if (a.stageNames?.length) {
      sub.push(`a.stage_id IN (SELECT s.id FROM stages s WHERE s.company_id = ? AND lower(s.name) IN (${marks(a.stageNames.length)}))`);
      subParams.push(q.companyId, ...a.stageNames.map((n) => n.toLowerCase()));
    }
    where.push(`c.id IN (SELECT a.candidate_id FROM applications a WHERE ${sub.join(" AND ")})`);
    params.push(...subParams);
  }
  if (q.excludeDecisionStateIds?.length) {
    // A look-up per person in the partial index of decisioned applications (company, state, candidate). Not
    // "c.id NOT IN (…)": SQLite builds that list for every statement (17,000 hires at 1M people: 5-7 ms each time,
    // more than the look-ups of a whole page or of a rare word's matches).
    const vis = q.openingIds ? ` AND a.opening_id IN (${marks(q.openingIds.length) || "NULL"})` : "";
    where.push(
      `NOT EXISTS (SELECT 1 FROM applications a WHERE a.company_id = c.company_id AND a.decisioned_state_id IN (${marks(q.excludeDecisionStateIds.length)}) AND a.candidate_id = c.id${vis})`,
    );
    params.push(...q.excludeDecisionStateIds, ...(q.openingIds ?? []));
  }
  return { where: where.join(" AND "), params, driven };
}

/** Ids in both lists (a filter within what a recruiter may see); undefined when neither restricts. */
function intersect(a: number[] | undefined, b: number[] | undefined): number[] | undefined {
  if (!a?.length) return b;
  if (!b) return a;
  const allowed = new Set(b);
  return a.filter((x) => allowed.has(x));
}

const FTS_FROM = "FROM (SELECT rowid AS id FROM candidates_fts WHERE candidates_fts MATCH ?) m JOIN candidates c ON c.id = m.id";
const FTS_DOCS_FROM =
  "FROM (SELECT rowid AS id FROM candidates_fts WHERE candidates_fts MATCH ? UNION ALL SELECT value FROM json_each(?)) m JOIN candidates c ON c.id = m.id";
const FTS_PROBE = "EXISTS (SELECT 1 FROM candidates_fts WHERE candidates_fts MATCH ? AND rowid = c.id)";
// "+c.id": a membership test in the matches gathered once, never the list driving the query (SQLite would look every
// match up and sort them all; the page walks the activity index, newest first, and stops at the page's end).
const FTS_GATHERED = "+c.id IN (SELECT rowid FROM candidates_fts WHERE candidates_fts MATCH ?)";
const DOC_IDS = "c.id IN (SELECT value FROM json_each(?))";

/** The text condition on `c` (probed per person, or checked in the gathered matches), with the tied documents' people. */
function textCondition(q: SearchQuery & { fts: string }, how: "probe" | "gather") {
  const fts = how === "gather" ? FTS_GATHERED : FTS_PROBE;
  if (!q.docIds?.length) return { sql: fts, params: [q.fts] as unknown[] };
  return { sql: `(${fts} OR ${DOC_IDS})`, params: [q.fts, JSON.stringify(q.docIds)] as unknown[] };
}

/**
 * The people the free text `text` finds in the documents tied to the given openings (null: every opening) and not in
 * candidates_fts through `fts` (the text and the filters), the profile filters `filters` (if any) holding for them.
 * The text of a document tied to an opening is kept apart from candidates_fts (migration 0014), because who may
 * search it depends on who may see the opening.
 */
export function peopleByTiedDocuments(
  db: Executor,
  companyId: number,
  s: { text: string; filters: string | null; fts: string; openingIds: number[] | null },
): number[] {
  if (s.openingIds !== null && s.openingIds.length === 0) return [];
  const vis = s.openingIds === null ? "" : ` AND d.opening_id IN (${marks(s.openingIds.length)})`;
  const filters = s.filters ? " AND d.candidate_id IN (SELECT rowid FROM candidates_fts WHERE candidates_fts MATCH ?)" : "";
  return stmt(
    db,
    `SELECT DISTINCT d.candidate_id FROM (SELECT rowid AS id FROM document_fts WHERE document_fts MATCH ?) f JOIN documents d ON d.id = f.id
      WHERE d.company_id = ? AND d.removed_at IS NULL${vis}${filters}
        AND d.candidate_id NOT IN (SELECT rowid FROM candidates_fts WHERE candidates_fts MATCH ?)`,
  )
    .raw()
    .all(s.text, companyId, ...(s.openingIds ?? []), ...(s.filters ? [s.filters] : []), s.fts)
    .map((r) => (r as [number])[0]);
}

/**
 * The statement that walks the matches, driven from where they are fewest: a past application's people when that
 * filter is given, else the text's matches (in id order, each checked in candidates_search_facts_idx), else the
 * window of last activity (candidates_company_activity_idx). SQLite-specific (FTS5), behind this one function.
 */
function walk(q: SearchQuery) {
  const c = conditions(q);
  if (!q.fts) return { sql: `FROM candidates c WHERE ${c.where}`, params: c.params };
  if (c.driven) {
    const t = textCondition({ ...q, fts: q.fts }, "probe");
    return { sql: `FROM candidates c WHERE ${c.where} AND ${t.sql}`, params: [...c.params, ...t.params] };
  }
  if (q.docIds?.length) return { sql: `${FTS_DOCS_FROM} WHERE ${c.where}`, params: [q.fts, JSON.stringify(q.docIds), ...c.params] };
  return { sql: `${FTS_FROM} WHERE ${c.where}`, params: [q.fts, ...c.params] };
}

export interface SearchRow {
  id: number;
  fullName: string;
  title: string;
  headline: string;
  pastTitles: string;
  companyName: string;
  location: string;
  skills: string;
  tags: string;
  source: string;
  lastActivityAt: number;
  rank: number;
}

/** The plans of a search's count and first page (the benchmark prints them). */
export function explainSearch(db: Executor, q: SearchQuery): { count: string[]; page: string[] } {
  const plan = (sql: string, params: unknown[]) => (stmt(db, `EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
  const w = walk(q);
  const p = pageStatement(db, q, 26, null);
  return { count: plan(`SELECT count(*) FROM (SELECT 1 ${w.sql} LIMIT ?)`, [...w.params, COUNT_CAP + 1]), page: plan(p.sql, p.params) };
}

/** How many match, exactly up to `cap` (COUNT_CAP); `capped` when there are more. */
export function countMatches(db: Executor, q: SearchQuery, cap = COUNT_CAP): { total: number; capped: boolean } {
  const w = walk(q);
  const n = (stmt(db, `SELECT count(*) AS n FROM (SELECT 1 ${w.sql} LIMIT ?)`).get(...w.params, cap + 1) as { n: number }).n;
  return { total: Math.min(n, cap), capped: n > cap };
}

/**
 * How a page of many text matches is found by recency. Walking the activity index probes the text per person
 * (~50 µs a probe: FTS5 seeks each term's doclist), about 25 / density probes; gathering every match's id first
 * costs ~0.7 µs a match. Measured on the 100,000-person seed: a phrase with 3,700 matches 25 ms probing vs 6 ms
 * gathered, "engineer" with 28,000 matches 3 ms probing vs 21 ms gathered. So gather when n² < ~1,800 × people,
 * i.e. n < 42·√people (13,000 at 100,000 people, 42,000 at 1M). n is estimated from where the match past RANK_LIMIT
 * lies among the ids: counting up to 42,000 matches cost 6 ms for a word and 23 ms for a phrase at 1M, the estimate
 * 0.3 and 1.2 ms.
 */
export type TextPlan = "rank" | "gather" | "probe";

export function textPlan(db: Executor, fts: string, alsoMatching = 0): TextPlan {
  const people = (stmt(db, "SELECT coalesce(max(id), 0) AS n FROM candidates").get() as { n: number }).n;
  const gatherLimit = Math.max(RANK_LIMIT, Math.ceil(42 * Math.sqrt(people)));
  // FTS5 yields matches in rowid order. The match just past what may be ranked: none, and they are few enough to rank.
  // Else how many match is estimated from how far into the ids it lies (people's ids spread like their words do), which
  // reads RANK_LIMIT matches instead of counting up to gatherLimit (a phrase's 40,000 matches at 1M cost ~20 ms).
  const offset = Math.max(0, RANK_LIMIT - alsoMatching);
  const past = stmt(db, "SELECT rowid AS id FROM candidates_fts WHERE candidates_fts MATCH ? LIMIT 1 OFFSET ?").get(fts, offset) as { id: number } | undefined;
  if (!past) return alsoMatching > RANK_LIMIT ? (alsoMatching <= gatherLimit ? "gather" : "probe") : "rank";
  const estimate = ((offset + 1) * Math.max(people, past.id)) / past.id + alsoMatching;
  return estimate <= gatherLimit ? "gather" : "probe";
}

const COLUMNS = `c.id, c.full_name AS fullName, c.title, c.headline, c.past_titles AS pastTitles, c.company_name AS companyName, c.location,
  c.skills, c.tags, c.source, c.last_activity_at AS lastActivityAt`;
const RECENCY = "(c.last_activity_at < ? OR (c.last_activity_at = ? AND c.id < ?))";

function pageStatement(db: Executor, q: SearchQuery, limit: number, cursor: SearchCursor | null | undefined) {
  const c = conditions(q);
  const docIds = q.docIds?.length ? q.docIds : null;
  const plan = q.fts ? textPlan(db, q.fts, docIds?.length ?? 0) : null;
  if (q.fts && plan === "rank") {
    // Few text matches: rank them all by bm25 (lower is better; those found by a tied document only come after,
    // at 0), then most recent activity.
    const keyset = cursor ? ` AND (m.rank > ? OR (m.rank = ? AND ${RECENCY}))` : "";
    const docs = docIds ? " UNION ALL SELECT value, 0 FROM json_each(?)" : "";
    return {
      sql: `SELECT ${COLUMNS}, m.rank AS rank FROM (SELECT rowid AS id, bm25(candidates_fts) AS rank FROM candidates_fts WHERE candidates_fts MATCH ?${docs}) m
            JOIN candidates c ON c.id = m.id WHERE ${c.where}${keyset} ORDER BY m.rank, c.last_activity_at DESC, c.id DESC LIMIT ?`,
      params: [q.fts, ...(docIds ? [JSON.stringify(docIds)] : []), ...c.params, ...(cursor ? [cursor.rank, cursor.rank, cursor.at, cursor.at, cursor.id] : []), limit],
      ranked: true,
    };
  }
  // Many (or no text): most recent activity first, walking the activity index and probing the text per person, or
  // checking it in the set of the text's matches gathered once (see textPlan).
  const keyset = cursor ? ` AND ${RECENCY}` : "";
  const text = q.fts ? textCondition({ ...q, fts: q.fts }, plan === "gather" ? "gather" : "probe") : null;
  return {
    sql: `SELECT ${COLUMNS}, 0 AS rank FROM candidates c WHERE ${c.where}${text ? ` AND ${text.sql}` : ""}${keyset}
          ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ?`,
    params: [...c.params, ...(text ? text.params : []), ...(cursor ? [cursor.at, cursor.at, cursor.id] : []), limit],
    ranked: false,
  };
}

/** One page by relevance then most recent activity (or by recency alone for many or no text matches), after the cursor. */
export function pageOfMatches(db: Executor, q: SearchQuery, limit: number, cursor: SearchCursor | null | undefined): SearchRow[] {
  const p = pageStatement(db, q, limit, cursor);
  return stmt(db, p.sql).all(...p.params) as SearchRow[];
}

/** Every matching id (for "all matching"), at most `max` + 1 so the caller can tell there were more. */
export function matchingIds(db: Executor, q: SearchQuery, max: number): number[] {
  const w = walk(q);
  return stmt(db, `SELECT c.id ${w.sql} LIMIT ?`)
    .raw()
    .all(...w.params, max + 1)
    .map((r) => (r as [number])[0]);
}

export interface PastApplication {
  candidateId: number;
  applicationId: number;
  openingId: number;
  openingTitle: string;
  workflow: "prospecting" | "hiring";
  stageName: string;
  status: "active" | "decisioned";
  decisionName: string | null;
  decisionKind: string | null;
  decisionedAt: number | null;
  createdAt: number;
}

/** The applications of some candidates (on the given openings only, when restricted), newest first. */
export function applicationsOf(db: Executor, companyId: number, candidateIds: number[], openingIds?: number[]): PastApplication[] {
  if (!candidateIds.length) return [];
  const vis = openingIds ? ` AND a.opening_id IN (${marks(openingIds.length) || "NULL"})` : "";
  return stmt(
    db,
    `SELECT a.candidate_id AS candidateId, a.id AS applicationId, a.opening_id AS openingId, o.title AS openingTitle, a.workflow,
            s.name AS stageName, a.status, d.name AS decisionName, d.kind AS decisionKind, a.decisioned_at AS decisionedAt, a.created_at AS createdAt
       FROM applications a
       JOIN openings o ON o.id = a.opening_id
       JOIN stages s ON s.id = a.stage_id
       LEFT JOIN decisioned_states d ON d.id = a.decisioned_state_id
      WHERE a.company_id = ? AND a.candidate_id IN (${marks(candidateIds.length)})${vis}
      ORDER BY a.id DESC`,
  ).all(companyId, ...candidateIds, ...(openingIds ?? [])) as PastApplication[];
}

/**
 * The extracted text (its first 100,000 characters) of these people's live documents that a searcher may see: those
 * tied to no opening, or to one of `openingIds` (null: every opening). For "why it matched" when only a CV did.
 */
export function documentTextsOf(db: Executor, companyId: number, candidateIds: number[], openingIds: number[] | null) {
  if (!candidateIds.length) return [];
  const vis = openingIds === null ? "" : ` AND (d.opening_id IS NULL OR d.opening_id IN (${marks(openingIds.length) || "NULL"}))`;
  return stmt(
    db,
    `SELECT d.candidate_id AS candidateId, d.file_name AS fileName, substr(t.text, 1, 100000) AS text
       FROM documents d JOIN document_texts t ON t.document_id = d.id
      WHERE d.company_id = ? AND d.candidate_id IN (${marks(candidateIds.length)}) AND d.removed_at IS NULL${vis}
      ORDER BY d.id DESC`,
  ).all(companyId, ...candidateIds, ...(openingIds ?? [])) as { candidateId: number; fileName: string; text: string }[];
}

/** Which of these candidates have an address that has not bounced. */
export function withValidEmail(db: Executor, companyId: number, candidateIds: number[]): Set<number> {
  if (!candidateIds.length) return new Set();
  const rows = stmt(
    db,
    `SELECT DISTINCT candidate_id AS id FROM candidate_emails WHERE company_id = ? AND candidate_id IN (${marks(candidateIds.length)}) AND bounced_at IS NULL`,
  ).all(companyId, ...candidateIds) as { id: number }[];
  return new Set(rows.map((r) => r.id));
}

/** The stage names of the company's openings (the "last stage reached" choices), in workflow order. */
export function stageNames(db: Executor, companyId: number, openingIds?: number[]) {
  const vis = openingIds ? ` AND opening_id IN (${marks(openingIds.length) || "NULL"})` : "";
  return stmt(
    db,
    `SELECT name, workflow, min(position) AS position FROM stages WHERE company_id = ?${vis} GROUP BY lower(name), workflow ORDER BY workflow DESC, position, name`,
  ).all(companyId, ...(openingIds ?? [])) as { name: string; workflow: "prospecting" | "hiring" }[];
}

// ---- saved searches --------------------------------------------------------------------------------

export interface SavedSearchRow {
  id: number;
  name: string;
  filters: string;
  createdAt: number;
  lastRunAt: number | null;
}

const SAVED = "id, name, filters, created_at AS createdAt, last_run_at AS lastRunAt";

export function listSavedSearches(db: Executor, companyId: number, userId: number): SavedSearchRow[] {
  return stmt(db, `SELECT ${SAVED} FROM saved_searches WHERE company_id = ? AND user_id = ? ORDER BY lower(name), id`).all(companyId, userId) as SavedSearchRow[];
}

export function getSavedSearch(db: Executor, companyId: number, userId: number, id: number): SavedSearchRow | undefined {
  return stmt(db, `SELECT ${SAVED} FROM saved_searches WHERE company_id = ? AND user_id = ? AND id = ?`).get(companyId, userId, id) as SavedSearchRow | undefined;
}

export function savedSearchByName(db: Executor, companyId: number, userId: number, name: string): { id: number } | undefined {
  return stmt(db, "SELECT id FROM saved_searches WHERE company_id = ? AND user_id = ? AND name = ?").get(companyId, userId, name) as { id: number } | undefined;
}

export function insertSavedSearch(db: Executor, s: { companyId: number; userId: number; name: string; filters: unknown }, now: number): number {
  return Number(
    stmt(db, "INSERT INTO saved_searches (company_id, user_id, name, filters, created_at) VALUES (?, ?, ?, ?, ?)").run(s.companyId, s.userId, s.name, JSON.stringify(s.filters), now)
      .lastInsertRowid,
  );
}

export function updateSavedSearch(db: Executor, companyId: number, id: number, set: { name?: string; filters?: unknown; lastRunAt?: number }) {
  if (set.name !== undefined) stmt(db, "UPDATE saved_searches SET name = ? WHERE company_id = ? AND id = ?").run(set.name, companyId, id);
  if (set.filters !== undefined) stmt(db, "UPDATE saved_searches SET filters = ? WHERE company_id = ? AND id = ?").run(JSON.stringify(set.filters), companyId, id);
  if (set.lastRunAt !== undefined) stmt(db, "UPDATE saved_searches SET last_run_at = ? WHERE company_id = ? AND id = ?").run(set.lastRunAt, companyId, id);
}

export function deleteSavedSearch(db: Executor, companyId: number, id: number) {
  stmt(db, "DELETE FROM saved_searches WHERE company_id = ? AND id = ?").run(companyId, id);
}

// ---- invitations -----------------------------------------------------------------------------------

export type SkipReason = (typeof INVITATION_SKIP_REASONS)[number];

export interface SendRow {
  id: number;
  companyId: number;
  userId: number;
  userName: string | null;
  openingId: number | null;
  openingTitle: string | null;
  templateId: number | null;
  requestId: string;
  status: "queueing" | "queued";
  candidateIds: string;
  filters: string | null;
  subject: string;
  body: string;
  recentDays: number;
  startsAt: number;
  intervalMs: number;
  reservedUntil: number;
  invited: number;
  skipped: string;
  createdAt: number;
  finishedAt: number | null;
}

const SEND = `s.id, s.company_id AS companyId, s.user_id AS userId, u.name AS userName, s.opening_id AS openingId, o.title AS openingTitle,
  s.template_id AS templateId, s.request_id AS requestId, s.status, s.candidate_ids AS candidateIds, s.filters, s.subject, s.body,
  s.recent_days AS recentDays, s.starts_at AS startsAt, s.interval_ms AS intervalMs, s.reserved_until AS reservedUntil, s.invited, s.skipped,
  s.created_at AS createdAt, s.finished_at AS finishedAt`;
const SEND_FROM = "FROM invitation_sends s LEFT JOIN users u ON u.id = s.user_id LEFT JOIN openings o ON o.id = s.opening_id";

export function sendByRequest(db: Executor, companyId: number, requestId: string): SendRow | undefined {
  return stmt(db, `SELECT ${SEND} ${SEND_FROM} WHERE s.company_id = ? AND s.request_id = ?`).get(companyId, requestId) as SendRow | undefined;
}

export function getSend(db: Executor, companyId: number, id: number): SendRow | undefined {
  return stmt(db, `SELECT ${SEND} ${SEND_FROM} WHERE s.company_id = ? AND s.id = ?`).get(companyId, id) as SendRow | undefined;
}

/** Newest first; a recruiter sees their own sends and those to their openings. */
export function listSends(db: Executor, f: { companyId: number; userId?: number; openingIds?: number[]; cursor?: number; limit: number }): SendRow[] {
  const where = ["s.company_id = ?"];
  const params: unknown[] = [f.companyId];
  if (f.openingIds) {
    where.push(`(s.user_id = ? OR s.opening_id IN (${marks(f.openingIds.length) || "NULL"}))`);
    params.push(f.userId, ...f.openingIds);
  }
  if (f.cursor) {
    where.push("s.id < ?");
    params.push(f.cursor);
  }
  return stmt(db, `SELECT ${SEND} ${SEND_FROM} WHERE ${where.join(" AND ")} ORDER BY s.id DESC LIMIT ?`).all(...params, f.limit) as SendRow[];
}

/** Until when the company's earlier sends hold the throttle (0 when none). */
export function throttleHorizon(db: Executor, companyId: number): number {
  return (stmt(db, "SELECT coalesce(max(reserved_until), 0) AS t FROM invitation_sends WHERE company_id = ?").get(companyId) as { t: number }).t;
}

export function insertSend(
  db: Executor,
  s: {
    companyId: number;
    userId: number;
    openingId: number | null;
    templateId: number | null;
    requestId: string;
    candidateIds: number[];
    filters: unknown;
    subject: string;
    body: string;
    recentDays: number;
    startsAt: number;
    intervalMs: number;
    reservedUntil: number;
  },
  now: number,
): number {
  return Number(
    stmt(
      db,
      `INSERT INTO invitation_sends (company_id, user_id, opening_id, template_id, request_id, status, candidate_ids, filters, subject, body, recent_days,
         starts_at, interval_ms, reserved_until, invited, skipped, created_at)
       VALUES (?, ?, ?, ?, ?, 'queueing', ?, ?, ?, ?, ?, ?, ?, ?, 0, '{}', ?)`,
    ).run(
      s.companyId,
      s.userId,
      s.openingId,
      s.templateId,
      s.requestId,
      JSON.stringify(s.candidateIds),
      s.filters === null ? null : JSON.stringify(s.filters),
      s.subject,
      s.body,
      s.recentDays,
      s.startsAt,
      s.intervalMs,
      s.reservedUntil,
      now,
    ).lastInsertRowid,
  );
}

export function finishSend(db: Executor, companyId: number, id: number, invited: number, skipped: Record<string, number>, now: number) {
  stmt(db, "UPDATE invitation_sends SET status = 'queued', invited = ?, skipped = ?, finished_at = ? WHERE company_id = ? AND id = ?").run(
    invited,
    JSON.stringify(skipped),
    now,
    companyId,
    id,
  );
}

export function invitationOf(db: Executor, sendId: number, candidateId: number): { id: number; skipReason: SkipReason | null } | undefined {
  return stmt(db, "SELECT id, skip_reason AS skipReason FROM invitations WHERE send_id = ? AND candidate_id = ?").get(sendId, candidateId) as
    | { id: number; skipReason: SkipReason | null }
    | undefined;
}

export function insertInvitation(
  db: Executor,
  i: { companyId: number; sendId: number; candidateId: number; skipReason: SkipReason | null; mailId?: number | null; conversationId?: number | null; messageId?: number | null; applicationId?: number | null },
  now: number,
) {
  stmt(
    db,
    `INSERT INTO invitations (company_id, send_id, candidate_id, mail_id, conversation_id, message_id, application_id, skip_reason, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(i.companyId, i.sendId, i.candidateId, i.mailId ?? null, i.conversationId ?? null, i.messageId ?? null, i.applicationId ?? null, i.skipReason, now);
}

/** How far a send got: invited so far and the skips by reason. */
export function sendProgress(db: Executor, sendId: number): { invited: number; skipped: Record<string, number> } {
  const rows = stmt(db, "SELECT skip_reason AS reason, count(*) AS n FROM invitations WHERE send_id = ? GROUP BY skip_reason").all(sendId) as {
    reason: string | null;
    n: number;
  }[];
  const skipped: Record<string, number> = {};
  let invited = 0;
  for (const r of rows) {
    if (r.reason === null) invited = r.n;
    else skipped[r.reason] = r.n;
  }
  return { invited, skipped };
}

/** The first people a send skipped, with why (the summary names them). */
export function skippedPeople(db: Executor, companyId: number, sendId: number, limit: number) {
  return stmt(
    db,
    `SELECT i.candidate_id AS candidateId, c.full_name AS candidateName, i.skip_reason AS reason FROM invitations i JOIN candidates c ON c.id = i.candidate_id
      WHERE i.company_id = ? AND i.send_id = ? AND i.skip_reason IS NOT NULL ORDER BY i.id LIMIT ?`,
  ).all(companyId, sendId, limit) as { candidateId: number; candidateName: string; reason: SkipReason }[];
}

/**
 * The outcome of a send's invitations, read from where each fact lives: the mail's state (delivered = sent;
 * bounced = failed as bounced, at send or by a later DSN), a candidate message after the invitation in its
 * conversation (replied), and an Apply form sent afterwards — to that opening, or to any for a careers-page send.
 */
export function sendOutcome(db: Executor, companyId: number, sendId: number, openingId: number | null) {
  return stmt(
    db,
    `SELECT count(*) AS invited,
            coalesce(sum(m.status = 'sent'), 0) AS delivered,
            coalesce(sum(m.status IN ('queued', 'sending')), 0) AS pending,
            coalesce(sum(m.status = 'outbox'), 0) AS kept,
            coalesce(sum(m.status = 'failed' AND m.reason LIKE 'bounced%'), 0) AS bounced,
            coalesce(sum(m.status = 'blocked' OR (m.status = 'failed' AND (m.reason IS NULL OR m.reason NOT LIKE 'bounced%'))), 0) AS failed,
            coalesce(sum(EXISTS (SELECT 1 FROM messages x WHERE x.company_id = i.company_id AND x.conversation_id = i.conversation_id
                                   AND x.author_type = 'candidate' AND x.id > i.message_id)), 0) AS replied,
            coalesce(sum(EXISTS (SELECT 1 FROM career_submissions cs WHERE cs.company_id = i.company_id AND cs.candidate_id = i.candidate_id
                                   AND cs.created_at >= i.created_at AND (? IS NULL OR cs.opening_id = ?))), 0) AS applied
       FROM invitations i LEFT JOIN mails m ON m.id = i.mail_id
      WHERE i.company_id = ? AND i.send_id = ? AND i.skip_reason IS NULL`,
  ).get(openingId, openingId, companyId, sendId) as {
    invited: number;
    delivered: number;
    pending: number;
    kept: number;
    bounced: number;
    failed: number;
    replied: number;
    applied: number;
  };
}

// ---- per-person checks of a send -------------------------------------------------------------------

export interface InviteeFacts {
  id: number;
  fullName: string;
  firstName: string;
  mergedIntoId: number | null;
  doNotContact: number;
  emails: number;
  validEmails: number;
  /** The address a mail goes to: the first that has not bounced (as conversations.repo candidateAddress picks it). */
  address: string | null;
}

export function inviteeFacts(db: Executor, companyId: number, candidateId: number): InviteeFacts | undefined {
  return stmt(
    db,
    `SELECT c.id, c.full_name AS fullName, c.first_name AS firstName, c.merged_into_id AS mergedIntoId, c.do_not_contact AS doNotContact,
            (SELECT count(*) FROM candidate_emails e WHERE e.company_id = c.company_id AND e.candidate_id = c.id) AS emails,
            (SELECT count(*) FROM candidate_emails e WHERE e.company_id = c.company_id AND e.candidate_id = c.id AND e.bounced_at IS NULL) AS validEmails,
            (SELECT e.email FROM candidate_emails e WHERE e.company_id = c.company_id AND e.candidate_id = c.id AND e.bounced_at IS NULL
              ORDER BY e.position, e.id LIMIT 1) AS address
       FROM candidates c WHERE c.company_id = ? AND c.id = ?`,
  ).get(companyId, candidateId) as InviteeFacts | undefined;
}

/** Whether the company wrote to this person (a candidate mail not blocked or failed) since `since`. */
export function contactedSince(db: Executor, companyId: number, candidateId: number, since: number): boolean {
  return (
    stmt(
      db,
      `SELECT 1 FROM mails WHERE company_id = ? AND candidate_id = ? AND status IN ('queued', 'sending', 'sent', 'outbox')
          AND direction = 'out' AND kind = 'candidate' AND created_at >= ? LIMIT 1`,
    ).get(companyId, candidateId, since) !== undefined
  );
}

/** Of these candidates, those who already have an application on the opening (one look-up for a slice of a send). */
export function onOpening(db: Executor, companyId: number, openingId: number, candidateIds: number[]): Set<number> {
  if (!candidateIds.length) return new Set();
  const rows = stmt(db, `SELECT candidate_id AS id FROM applications WHERE company_id = ? AND opening_id = ? AND candidate_id IN (${marks(candidateIds.length)})`).all(
    companyId,
    openingId,
    ...candidateIds,
  ) as { id: number }[];
  return new Set(rows.map((r) => r.id));
}

/** Of these ids, those that are the company's candidates and not merged away. */
export function existingCandidates(db: Executor, companyId: number, ids: number[]): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    for (const r of stmt(db, `SELECT id FROM candidates WHERE company_id = ? AND merged_into_id IS NULL AND id IN (${marks(part.length)})`).all(companyId, ...part) as {
      id: number;
    }[])
      out.add(r.id);
  }
  return out;
}
