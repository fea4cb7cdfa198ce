import type { RouterInputs } from "../trpc";
import { CANDIDATE_SOURCES } from "./format";
import { positiveInt } from "./url-state";

export type ReengageFilters = RouterInputs["reengage"]["search"]["filters"];

/** What a first visit searches for: the seed's "no activity for six months or more, with a valid email". */
export const DEFAULT_FILTERS: ReengageFilters = { inactiveMonthsMin: 6, validEmail: true };

const list = (s: string | null) =>
  (s ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean)
    .slice(0, 20);
const ids = (values: string[]) => [...new Set(values.map(positiveInt).filter((n): n is number => n !== undefined))].slice(0, 50);
const months = (s: string | null) => (s && /^\d{1,3}$/.test(s) ? Number(s) : undefined);
const orUndefined = <T>(xs: T[]) => (xs.length ? xs : undefined);

/**
 * The search's filters from the URL (so a link, back/forward and a reload keep them). Lists of text are comma
 * separated; ids and stage names repeat their key. Anything malformed is left out rather than refused.
 */
export function filtersFromUrl(p: URLSearchParams): ReengageFilters {
  const source = CANDIDATE_SOURCES.find((s) => s === p.get("src"));
  return {
    query: p.get("q")?.trim() || undefined,
    titles: orUndefined(list(p.get("title"))),
    skills: orUndefined(list(p.get("skill"))),
    locations: orUndefined(list(p.get("loc"))),
    sources: source ? [source] : undefined,
    inactiveMonthsMin: months(p.get("min")),
    inactiveMonthsMax: months(p.get("max")),
    validEmail: p.get("valid") === "1" ? true : undefined,
    pastOpeningIds: orUndefined(ids(p.getAll("opening"))),
    lastStages: orUndefined(
      p
        .getAll("stage")
        .map((s) => s.trim())
        .filter(Boolean)
        .slice(0, 20),
    ),
    decisionStateIds: orUndefined(ids(p.getAll("dec"))),
    excludeDecisionStateIds: orUndefined(ids(p.getAll("notdec"))),
  };
}

/** The URL of a search (the reverse of filtersFromUrl); `run` marks it as searched (a blank form is a search too). */
export function filtersToUrl(f: ReengageFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.query) p.set("q", f.query);
  if (f.titles?.length) p.set("title", f.titles.join(", "));
  if (f.skills?.length) p.set("skill", f.skills.join(", "));
  if (f.locations?.length) p.set("loc", f.locations.join(", "));
  if (f.sources?.[0]) p.set("src", f.sources[0]);
  if (f.inactiveMonthsMin !== undefined) p.set("min", String(f.inactiveMonthsMin));
  if (f.inactiveMonthsMax !== undefined) p.set("max", String(f.inactiveMonthsMax));
  if (f.validEmail) p.set("valid", "1");
  for (const id of f.pastOpeningIds ?? []) p.append("opening", String(id));
  for (const s of f.lastStages ?? []) p.append("stage", s);
  for (const id of f.decisionStateIds ?? []) p.append("dec", String(id));
  for (const id of f.excludeDecisionStateIds ?? []) p.append("notdec", String(id));
  p.set("run", "1");
  return p;
}

/** Splits a comma-separated field of the form into the API's list. */
export const splitComma = (s: string) => orUndefined(list(s));
