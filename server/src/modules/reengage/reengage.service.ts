import { ftsPhrase, parseSearchQuery } from "@prospector/shared/search-query";
import { stmt } from "../../db/client";
import { indexPendingCandidates } from "../../db/search-index";
import type { UserActor } from "../../lib/actor";
import type { Deps } from "../../lib/deps";
import { AppError } from "../../lib/errors";
import { visibleOpeningIds } from "../openings/openings.service";

/** The filters of a re-engagement search; every one optional, all combined with AND. */
export interface SearchFilters {
  /** Search box text (shared/search-query syntax). */
  query?: string;
  /** Each a phrase in the candidate's current title or headline (past titles live in the headline). */
  titles?: string[];
  locations?: string[];
  /** Skills or tags: every one must match. */
  skills?: string[];
  sources?: string[];
  /** No activity for at least / at most this many months (30-day months). */
  inactiveMonthsMin?: number;
  inactiveMonthsMax?: number;
  /** Only people with an email that has not hard-bounced. */
  validEmail?: boolean;
}

export interface SearchCursor {
  rank: number;
  at: number;
  id: number;
}

/** "Select all matching" is capped here; a larger match set must be narrowed first. */
export const MAX_ALL_MATCHING = 50_000;
const MONTH = 30 * 24 * 3600_000;

function build(deps: Deps, actor: UserActor, f: SearchFilters) {
  const where: string[] = ["c.company_id = ?", "c.merged_into_id IS NULL", "c.do_not_contact = 0"];
  const params: unknown[] = [actor.companyId];
  const match: string[] = [];
  let text: string | null = null;
  if (f.query !== undefined) {
    const parsed = parseSearchQuery(f.query);
    if (!parsed.ok) throw new AppError("BAD_REQUEST", `${parsed.error.message} (at ${parsed.error.position})`);
    if (parsed.fts) text = `(${parsed.fts})`;
  }
  const phrases = (values: string[] | undefined, cols: string) => {
    const ps = (values ?? []).map(ftsPhrase).filter((p): p is string => p !== null);
    if (ps.length) match.push(ps.map((p) => `{${cols}} : ${p}`).join(" AND "));
  };
  for (const t of f.titles ?? []) phrases([t], "title headline");
  phrases(f.locations, "location");
  phrases(f.skills, "skills tags");
  const now = deps.clock.now();
  if (f.inactiveMonthsMin !== undefined) {
    where.push("c.last_activity_at <= ?");
    params.push(now - f.inactiveMonthsMin * MONTH);
  }
  if (f.inactiveMonthsMax !== undefined) {
    where.push("c.last_activity_at >= ?");
    params.push(now - f.inactiveMonthsMax * MONTH);
  }
  if (f.sources?.length) {
    where.push(`c.source IN (${f.sources.map(() => "?").join(",")})`);
    params.push(...f.sources);
  }
  if (f.validEmail) {
    where.push("EXISTS (SELECT 1 FROM candidate_emails e WHERE e.company_id = c.company_id AND e.candidate_id = c.id AND e.bounced_at IS NULL)");
  }
  const filters = match.length ? match.join(" AND ") : null;
  const fts = [text, filters].filter(Boolean).join(" AND ") || null;
  if (!fts) return { sql: `FROM candidates c WHERE ${where.join(" AND ")}`, params, rank: null };
  // The search text also finds people by the documents tied to an opening the searcher may see (document_fts, see
  // migration 0014; candidates_fts has the profile and the documents everyone may see): those not matched already,
  // each once, ranked by their best document. The field filters (title, location, skills) still apply to the profile.
  const visible = visibleOpeningIds(deps.db, actor);
  let docs = "";
  const docParams: unknown[] = [];
  if (text && (visible === null || visible.length)) {
    // (LIMIT -1 keeps the FTS subquery from being flattened into the aggregate, where bm25 cannot run.)
    docs = ` UNION ALL SELECT d.candidate_id, min(f.rank) FROM (SELECT rowid AS id, bm25(document_fts) AS rank FROM document_fts WHERE document_fts MATCH ? LIMIT -1) f
       JOIN documents d ON d.id = f.id
       WHERE d.company_id = ? AND d.removed_at IS NULL
         ${visible === null ? "" : `AND d.opening_id IN (${visible.map(() => "?").join(",")})`}
         ${filters ? "AND d.candidate_id IN (SELECT rowid FROM candidates_fts WHERE candidates_fts MATCH ?)" : ""}
         AND d.candidate_id NOT IN (SELECT rowid FROM candidates_fts WHERE candidates_fts MATCH ?)
       GROUP BY d.candidate_id`;
    docParams.push(text, actor.companyId, ...(visible ?? []), ...(filters ? [filters] : []), fts);
  }
  const from = `FROM (SELECT rowid AS id, bm25(candidates_fts) AS rank FROM candidates_fts WHERE candidates_fts MATCH ?${docs}) m JOIN candidates c ON c.id = m.id`;
  return { sql: `${from} WHERE ${where.join(" AND ")}`, params: [fts, ...docParams, ...params], rank: "m.rank" };
}

/** One page of matches, by relevance then most recent activity; total is the whole match count. */
export function search(deps: Deps, actor: UserActor, filters: SearchFilters, opts: { limit?: number; cursor?: SearchCursor | null } = {}) {
  indexPendingCandidates(deps.db);
  const limit = Math.min(Math.max(opts.limit ?? 25, 1), 100);
  const q = build(deps, actor, filters);
  const total = (stmt(deps.db, `SELECT count(*) AS n ${q.sql}`).get(...q.params) as { n: number }).n;
  const c = opts.cursor;
  const recency = "(c.last_activity_at < ? OR (c.last_activity_at = ? AND c.id < ?))";
  const keyset = !c ? "" : q.rank ? ` AND (${q.rank} > ? OR (${q.rank} = ? AND ${recency}))` : ` AND ${recency}`;
  const cur = !c ? [] : q.rank ? [c.rank, c.rank, c.at, c.at, c.id] : [c.at, c.at, c.id];
  const order = q.rank ? `${q.rank}, ` : "";
  const rows = stmt(
    deps.db,
    `SELECT c.id, c.full_name AS fullName, c.title, c.headline, c.location, c.last_activity_at AS lastActivityAt, ${q.rank ?? 0} AS rank
     ${q.sql}${keyset} ORDER BY ${order}c.last_activity_at DESC, c.id DESC LIMIT ?`,
  ).all(...q.params, ...cur, limit + 1) as { id: number; fullName: string; title: string; headline: string; location: string; lastActivityAt: number; rank: number }[];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    total,
    items: page.map(({ rank: _r, ...r }) => r),
    nextCursor: rows.length > limit && last ? { rank: last.rank, at: last.lastActivityAt, id: last.id } : null,
  };
}

/** Every matching candidate id (for "select all matching"), at most MAX_ALL_MATCHING, else BAD_REQUEST. */
export function allMatchingIds(deps: Deps, actor: UserActor, filters: SearchFilters): number[] {
  indexPendingCandidates(deps.db);
  const q = build(deps, actor, filters);
  const rows = stmt(deps.db, `SELECT c.id ${q.sql} LIMIT ?`).all(...q.params, MAX_ALL_MATCHING + 1) as { id: number }[];
  if (rows.length > MAX_ALL_MATCHING) throw new AppError("BAD_REQUEST", `More than ${MAX_ALL_MATCHING} people match: narrow the search first`);
  return rows.map((r) => r.id);
}
