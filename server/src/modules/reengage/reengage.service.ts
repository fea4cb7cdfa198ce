import { ftsPhrase, highlightMatches, parseSearchQuery, type QueryTerm, type Segment, snippetAround } from "@prospector/shared/search-query";
import { connectionOf, type Executor } from "../../db/client";
import { indexPendingCandidates, searchIndexCurrent } from "../../db/search-index";
import { PAIR_JOINER, PAIRS_COLUMN, pairsSupported, wordsOf } from "../../db/word-pairs";
import type { UserActor } from "../../lib/actor";
import type { Deps } from "../../lib/deps";
import { AppError, badRequest, conflict, notFound } from "../../lib/errors";
import { getState } from "../decisions/decisions.repo";
import { visibleOpening, visibleOpeningIds } from "../openings/openings.service";
import * as repo from "./reengage.repo";

/** The filters of a re-engagement search; every one optional, all combined with AND. */
export interface SearchFilters {
  /** Search box text (shared/search-query syntax): every searched field, CV text included where the index has it. */
  query?: string;
  /**
   * Each a phrase in the current or a past title. Past titles are what we know of: the titles a person had before an
   * edit or a merge replaced them (candidates.past_titles), and the headline, where profiles carry former roles.
   */
  titles?: string[];
  locations?: string[];
  /** Skills or tags: every one must match. */
  skills?: string[];
  sources?: ("extension" | "bulk_upload" | "manual" | "application" | "import")[];
  /** No activity for at least N calendar months (and, optionally, for at most M). */
  inactiveMonthsMin?: number;
  inactiveMonthsMax?: number;
  /** Only people with an email that has not hard-bounced. */
  validEmail?: boolean;
  /**
   * How far they got before, as one past application: on one of these openings, last in a stage of one of these
   * names, decisioned with one of these states. Each given part must hold for the same application.
   */
  pastOpeningIds?: number[];
  lastStages?: string[];
  decisionStateIds?: number[];
  /** No past application decisioned with any of these states (e.g. not "Hired"). */
  excludeDecisionStateIds?: number[];
}

export type SearchCursor = repo.SearchCursor;

/** "Select all matching" and an invitation send are capped here; a larger match set must be narrowed first. */
export const MAX_ALL_MATCHING = 50_000;
export { COUNT_CAP, RANK_LIMIT } from "./reengage.repo";

/** `n` calendar months before `now` (UTC), the day clamped to the month's length (31 March − 1 month = 28/29 February). */
export function monthsBefore(now: number, n: number): number {
  const d = new Date(now);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() - n;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

interface Resolved {
  query: repo.SearchQuery;
  /** What a snippet highlights: the words of the search box and of the text filters. */
  terms: QueryTerm[];
  /** The actor's openings (null: every opening, for admins). */
  openingIds: number[] | null;
}

/** Checks the filters (ids visible to the actor, query syntax) and turns them into the repo's query. */
function resolve(db: Executor, actor: UserActor, f: SearchFilters, now: number): Resolved {
  const match: string[] = [];
  const terms: QueryTerm[] = [];
  let text: string | null = null;
  /** The free text as document_fts takes it (no pairs column there: its phrases stay phrases). */
  let docText: string | null = null;
  if (f.query !== undefined) {
    // Phrases go through the index's word pairs once every candidate has them (not while an upgrade re-indexes).
    const raw = connectionOf(db);
    const pairs = searchIndexCurrent(db) && pairsSupported(raw) ? { column: PAIRS_COLUMN, joiner: PAIR_JOINER, tokens: (t: string) => wordsOf(raw, t) } : undefined;
    const parsed = parseSearchQuery(f.query, { pairs });
    if (!parsed.ok) throw new AppError("BAD_REQUEST", parsed.error.message, { position: parsed.error.position, field: "query" });
    // Unqualified by column: the free text reaches every indexed field (a CV text column included, where there is one).
    if (parsed.fts && parsed.ftsWithPairs) {
      text = `(${parsed.ftsWithPairs})`;
      docText = `(${parsed.fts})`;
      match.push(text);
    }
    terms.push(...parsed.terms);
  }
  const phrases = (values: string[] | undefined, cols: string, each: boolean) => {
    const ps = (values ?? []).map((v) => ({ v, p: ftsPhrase(v) })).filter((x): x is { v: string; p: string } => x.p !== null);
    if (!ps.length) return;
    // Titles: any of them (a person is one thing at a time); skills and locations: every one.
    match.push(each ? ps.map((x) => `{${cols}} : ${x.p}`).join(" AND ") : `(${ps.map((x) => `{${cols}} : ${x.p}`).join(" OR ")})`);
    terms.push(...ps.map((x) => ({ text: x.v.trim(), prefix: false })));
  };
  // The headline column of the index holds the headline and the past titles (search-index.ts).
  phrases(f.titles, "title headline", false);
  phrases(f.locations, "location", false);
  phrases(f.skills, "skills tags", true);
  if (f.inactiveMonthsMin !== undefined && f.inactiveMonthsMax !== undefined && f.inactiveMonthsMax < f.inactiveMonthsMin) {
    throw badRequest("The most months without activity cannot be fewer than the least", { field: "inactiveMonthsMax" });
  }
  const openingIds = visibleOpeningIds(db, actor);
  for (const id of f.pastOpeningIds ?? []) visibleOpening(db, actor, id);
  for (const id of [...(f.decisionStateIds ?? []), ...(f.excludeDecisionStateIds ?? [])]) {
    if (!getState(db, actor.companyId, id)) throw notFound("Decisioned state");
  }
  const stageNames = [...new Set((f.lastStages ?? []).map((s) => s.trim()).filter(Boolean))];
  const fts = match.length ? match.join(" AND ") : null;
  // The free text also finds people by the documents tied to an opening the searcher may see (kept apart from
  // candidates_fts, see migration 0014); the other text filters still apply to the profile.
  const filters = match.filter((m) => m !== text);
  const docIds =
    docText && fts
      ? repo.peopleByTiedDocuments(db, actor.companyId, { text: docText, filters: filters.length ? filters.join(" AND ") : null, fts, openingIds })
      : [];
  return {
    query: {
      companyId: actor.companyId,
      fts,
      docIds,
      sources: f.sources,
      activityBefore: f.inactiveMonthsMin !== undefined ? monthsBefore(now, f.inactiveMonthsMin) : undefined,
      activityAfter: f.inactiveMonthsMax !== undefined ? monthsBefore(now, f.inactiveMonthsMax) : undefined,
      validEmail: f.validEmail,
      openingIds: openingIds ?? undefined,
      application: { openingIds: f.pastOpeningIds, stageNames, decisionStateIds: f.decisionStateIds },
      excludeDecisionStateIds: f.excludeDecisionStateIds,
    },
    terms,
    openingIds,
  };
}

const parseList = (json: string): string[] => {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
};

/** Why a row matched: the first field (in this order) where a searched word is found, cut around it. */
function whyMatched(r: repo.SearchRow, terms: QueryTerm[]): { field: string; segments: Segment[] } | null {
  if (!terms.length) return null;
  const fields: [string, string][] = [
    ["Title", r.title],
    ["Headline", r.headline],
    ["Past title", parseList(r.pastTitles).join(" · ")],
    ["Skills", [...parseList(r.skills), ...parseList(r.tags)].join(", ")],
    ["Location", r.location],
    ["Company", r.companyName],
    ["Name", r.fullName],
  ];
  for (const [field, text] of fields) {
    if (!text) continue;
    const hit = highlightMatches(text, terms);
    if (hit) return { field, segments: snippetAround(hit, 160) };
  }
  return null;
}

/**
 * One page of people worth contacting again, by relevance (when there is text to match, and at most RANK_LIMIT people
 * match it) then most recent activity; `total` counts the matches, exactly up to COUNT_CAP. Never someone who asked not to be contacted, never a merged record. Applicants
 * and prospects alike: every candidate of the company is searched.
 */
export function search(deps: Deps, actor: UserActor, filters: SearchFilters, opts: { limit?: number; cursor?: SearchCursor | null } = {}) {
  // The full-text index catches up in batches: people just saved are found too.
  indexPendingCandidates(deps.db);
  const limit = Math.min(Math.max(opts.limit ?? 25, 1), 100);
  const r = resolve(deps.db, actor, filters, deps.clock.now());
  const count = repo.countMatches(deps.db, r.query);
  const rows = repo.pageOfMatches(deps.db, r.query, limit + 1, opts.cursor);
  const page = rows.slice(0, limit);
  const ids = page.map((x) => x.id);
  const apps = repo.applicationsOf(deps.db, actor.companyId, ids, r.openingIds ?? undefined);
  const valid = repo.withValidEmail(deps.db, actor.companyId, ids);
  const last = page.at(-1);
  const matches = new Map(page.map((x) => [x.id, whyMatched(x, r.terms)]));
  // Matched by a CV's text only: the snippet comes from the first of their documents (the searcher may see) that has it.
  const byCv = r.terms.length ? page.filter((x) => !matches.get(x.id)).map((x) => x.id) : [];
  for (const d of repo.documentTextsOf(deps.db, actor.companyId, byCv, r.openingIds)) {
    if (matches.get(d.candidateId)) continue;
    const hit = highlightMatches(d.text, r.terms);
    if (hit) matches.set(d.candidateId, { field: `CV (${d.fileName})`, segments: snippetAround(hit, 160) });
  }
  return {
    /** Exact up to COUNT_CAP; `totalCapped` when more match (narrow the search to select them all). */
    total: count.total,
    totalCapped: count.capped,
    items: page.map((x) => ({
      id: x.id,
      fullName: x.fullName,
      title: x.title,
      headline: x.headline,
      companyName: x.companyName,
      location: x.location,
      source: x.source,
      lastActivityAt: x.lastActivityAt,
      hasValidEmail: valid.has(x.id),
      match: matches.get(x.id) ?? null,
      applications: apps
        .filter((a) => a.candidateId === x.id)
        .map(({ candidateId: _c, ...a }) => a),
    })),
    nextCursor: rows.length > limit && last ? { rank: last.rank, at: last.lastActivityAt, id: last.id } : null,
  };
}

/** The plans of the SQL a search runs (for the benchmark's printout). */
export function explainSearch(deps: Deps, actor: UserActor, filters: SearchFilters) {
  return repo.explainSearch(deps.db, resolve(deps.db, actor, filters, deps.clock.now()).query);
}

/**
 * The exact number of matches, however many (no cap): what the search's capped total saves. Not offered by the API:
 * the benchmark prints its cost beside the search (a common word at 1M people is hundreds of thousands of rows).
 */
export function countAllMatches(deps: Deps, actor: UserActor, filters: SearchFilters): number {
  return repo.countMatches(deps.db, resolve(deps.db, actor, filters, deps.clock.now()).query, Number.MAX_SAFE_INTEGER - 1).total;
}

/** Every matching candidate id (for "all matching"), at most MAX_ALL_MATCHING, else BAD_REQUEST. */
export function allMatchingIds(deps: Deps, actor: UserActor, filters: SearchFilters): number[] {
  indexPendingCandidates(deps.db);
  const r = resolve(deps.db, actor, filters, deps.clock.now());
  const ids = repo.matchingIds(deps.db, r.query, MAX_ALL_MATCHING);
  if (ids.length > MAX_ALL_MATCHING) {
    throw badRequest(`More than ${MAX_ALL_MATCHING.toLocaleString("en")} people match: narrow the search first`, { max: MAX_ALL_MATCHING });
  }
  return ids;
}

/** The choices the filters offer: the actor's openings are in openings.list; here the stage names and decisioned states. */
export function facets(deps: Deps, actor: UserActor) {
  const openingIds = visibleOpeningIds(deps.db, actor) ?? undefined;
  const seen = new Set<string>();
  const stages = repo.stageNames(deps.db, actor.companyId, openingIds).filter((s) => {
    const k = s.name.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { stageNames: stages.map((s) => ({ name: s.name, workflow: s.workflow })) };
}

// ---- saved searches --------------------------------------------------------------------------------

function ownSaved(db: Executor, actor: UserActor, id: number) {
  const s = repo.getSavedSearch(db, actor.companyId, actor.userId, id);
  if (!s) throw notFound("Saved search");
  return s;
}

function publicSaved(s: repo.SavedSearchRow) {
  return { id: s.id, name: s.name, filters: JSON.parse(s.filters) as SearchFilters, createdAt: s.createdAt, lastRunAt: s.lastRunAt };
}

/** The actor's own saved searches (each user has theirs), by name. */
export function listSavedSearches(deps: Deps, actor: UserActor) {
  return repo.listSavedSearches(deps.db, actor.companyId, actor.userId).map(publicSaved);
}

/** Saves the filters under a name (unique per user); they are checked as a search would check them. */
export function createSavedSearch(deps: Deps, actor: UserActor, input: { name: string; filters: SearchFilters }) {
  const now = deps.clock.now();
  const id = deps.db.transaction((tx) => {
    resolve(tx, actor, input.filters, now);
    if (repo.savedSearchByName(tx, actor.companyId, actor.userId, input.name)) throw conflict(`You already have a saved search called "${input.name}"`);
    return repo.insertSavedSearch(tx, { companyId: actor.companyId, userId: actor.userId, name: input.name, filters: input.filters }, now);
  });
  return publicSaved(repo.getSavedSearch(deps.db, actor.companyId, actor.userId, id)!);
}

export function updateSavedSearch(deps: Deps, actor: UserActor, input: { id: number; name?: string; filters?: SearchFilters }) {
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    const s = ownSaved(tx, actor, input.id);
    if (input.filters) resolve(tx, actor, input.filters, now);
    if (input.name !== undefined && input.name !== s.name) {
      const clash = repo.savedSearchByName(tx, actor.companyId, actor.userId, input.name);
      if (clash) throw conflict(`You already have a saved search called "${input.name}"`);
    }
    repo.updateSavedSearch(tx, actor.companyId, s.id, { name: input.name, filters: input.filters });
  });
  return publicSaved(ownSaved(deps.db, actor, input.id));
}

export function deleteSavedSearch(deps: Deps, actor: UserActor, input: { id: number }) {
  deps.db.transaction((tx) => repo.deleteSavedSearch(tx, actor.companyId, ownSaved(tx, actor, input.id).id));
}

/** Runs a saved search: records when, and answers its filters with the first page. */
export function runSavedSearch(deps: Deps, actor: UserActor, input: { id: number; limit?: number }) {
  const s = ownSaved(deps.db, actor, input.id);
  const filters = JSON.parse(s.filters) as SearchFilters;
  const result = search(deps, actor, filters, { limit: input.limit });
  repo.updateSavedSearch(deps.db, actor.companyId, s.id, { lastRunAt: deps.clock.now() });
  return { search: publicSaved(ownSaved(deps.db, actor, s.id)), result };
}
