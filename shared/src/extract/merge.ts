import { nameKey, normalizePhone, normalizeProfileUrl, splitName } from "../normalize";
import { cleanEmail, cleanPhone, dedupe, httpUrl, urlKey } from "./text";
import type { Candidate, Education, Experience, FieldSources, ProfileDraft, ProfileField, Source } from "./types";

/** Field precedence for single values: structured data first (it is what the page says on purpose), then the site reader, then meta tags, then plain markup. */
export const SCALAR_ORDER: readonly Source[] = ["json-ld", "microdata", "rdfa", "h-card", "site", "open-graph", "text"];
// The site readers read a profile's whole sections, while the structured data those sites embed is
// a teaser (LinkedIn's JSON-LD pairs each employer with a title and nothing else), so for the long
// fields the site reader comes first.
/** Field precedence for experience, education, skills and summary. */
export const RICH_ORDER: readonly Source[] = ["site", "json-ld", "microdata", "rdfa", "h-card", "open-graph", "text"];

const RICH_FIELDS = new Set<ProfileField>(["experience", "education", "skills", "summary"]);
const UNION_FIELDS = new Set<ProfileField>(["emails", "phones", "links", "skills"]);

/** What is known about the page itself, for telling its own person from the others on it. */
export interface PageContext {
  /** Identity keys of the page: its URL, canonical link and og:url. */
  pageKeys: Set<string>;
  /** nameKeys of the page's main headings (h1). */
  headingKeys: Set<string>;
  /** The page says it is about something else (an article, a company, a product, a list). */
  nonPersonPage: boolean;
}

function keysOf(c: Candidate): Set<string> {
  const keys = new Set<string>();
  for (const u of c.identityUrls) {
    const k = urlKey(u);
    if (k !== null) keys.add(k);
  }
  return keys;
}

function hostOf(key: string): string {
  return key.split("/")[0] ?? key;
}

/** How strongly a candidate is the page's own person (0 = not at all). */
export function evidence(c: Candidate, ctx: PageContext, soleStandalone: boolean): number {
  let score = 0;
  const keys = keysOf(c);
  const urlMatch = [...keys].some((k) => ctx.pageKeys.has(k));
  if (c.role === "main" && !(c.source === "open-graph" && ctx.nonPersonPage)) score = Math.max(score, 100);
  if (urlMatch) score = Math.max(score, c.role === "nested" ? 80 : 90);
  if (!ctx.nonPersonPage && c.role !== "nested") {
    const name = nameKey(c.person.fullName ?? "");
    if (name !== "" && ctx.headingKeys.has(name)) score = Math.max(score, 60);
    if (soleStandalone && c.role === "standalone" && c.source !== "open-graph") score = Math.max(score, 40);
  }
  return score;
}

function rank(order: readonly Source[], s: Source): number {
  const i = order.indexOf(s);
  return i < 0 ? order.length : i;
}

/** Picks the page's own person among the candidates: the one the page names (main), whose URL is the page's, whose name is the main heading, or the only top-level person; null when none qualifies. */
export function choosePerson(candidates: readonly Candidate[], ctx: PageContext): Candidate | null {
  const standaloneNames = new Set(
    candidates
      .filter((c) => c.role === "standalone" && c.source !== "open-graph")
      .map((c) => nameKey(c.person.fullName ?? ""))
      .filter((k) => k !== ""),
  );
  const sole = standaloneNames.size === 1;
  let best: Candidate | null = null;
  let bestScore = 0;
  for (const c of candidates) {
    const score = evidence(c, ctx, sole);
    if (score === 0) continue;
    if (
      best === null ||
      score > bestScore ||
      (score === bestScore && rank(SCALAR_ORDER, c.source) < rank(SCALAR_ORDER, best.source))
    ) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

/** Whether `other` describes the same person as the chosen one: a shared identity URL, or the same name without a conflicting profile URL on the same site. */
export function samePerson(chosen: Candidate, other: Candidate, ctx: PageContext): boolean {
  if (other === chosen) return true;
  const a = new Set([...keysOf(chosen), ...ctx.pageKeys]);
  const b = keysOf(other);
  for (const k of b) if (a.has(k)) return true;
  const nameA = nameKey(chosen.person.fullName ?? "");
  const nameB = nameKey(other.person.fullName ?? "");
  if (nameA === "" || nameA !== nameB) return false;
  // A namesake in a sidebar has a profile URL on the same site that is not the page's.
  const hostsA = new Set([...a].map(hostOf));
  for (const k of b) if (hostsA.has(hostOf(k))) return false;
  return true;
}

type Merged = { person: ProfileDraft; sources: FieldSources };

function emptyDraft(): ProfileDraft {
  return {
    fullName: "",
    firstName: "",
    lastName: "",
    headline: "",
    title: "",
    company: "",
    location: "",
    emails: [],
    phones: [],
    profileUrl: null,
    photoUrl: null,
    links: [],
    skills: [],
    experience: [],
    education: [],
    summary: "",
  };
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
}

function experienceKey(e: Experience): string {
  return `${e.title}|${e.company}|${e.start}`.toLowerCase();
}
function educationKey(e: Education): string {
  // Two degrees at one school (often with the same dates) are two entries.
  return `${e.school}|${e.degree}|${e.field}|${e.start}`.toLowerCase();
}

/** Merges the candidates of one person field by field: the first non-empty value in precedence order, lists of contacts/links/skills united. */
export function mergeCandidates(group: readonly Candidate[]): Merged {
  const person = emptyDraft();
  const sources: FieldSources = {};
  const fields = Object.keys(person) as ProfileField[];
  for (const field of fields) {
    const order = RICH_FIELDS.has(field) ? RICH_ORDER : SCALAR_ORDER;
    const sorted = [...group].sort((x, y) => rank(order, x.source) - rank(order, y.source));
    if (UNION_FIELDS.has(field)) {
      const all: string[] = [];
      for (const c of sorted) {
        const v = c.person[field] as string[] | undefined;
        if (!v || v.length === 0) continue;
        if (sources[field] === undefined) sources[field] = c.source;
        all.push(...v);
      }
      (person[field] as string[]) = dedupe(all);
      continue;
    }
    for (const c of sorted) {
      const v = c.person[field];
      if (isEmpty(v)) continue;
      (person as Record<ProfileField, unknown>)[field] = v;
      sources[field] = c.source;
      break;
    }
  }
  // First and last name follow the full name's source, so the three always agree.
  const nameSource = group.find((c) => c.source === sources.fullName && c.person.fullName === person.fullName);
  if (nameSource) {
    const split = splitName(person.fullName);
    person.firstName = nameSource.person.firstName || split.firstName;
    person.lastName = nameSource.person.lastName || split.lastName;
    for (const field of ["firstName", "lastName"] as const) {
      if (person[field]) sources[field] = nameSource.source;
      else delete sources[field];
    }
  }
  person.experience = dedupe(person.experience, experienceKey);
  person.education = dedupe(person.education, educationKey);
  return { person, sources };
}

// Splitting a headline into title and company is left to the site readers, which know their
// headlines are "Title at Company"; a GitHub bio or an og:description often is not.
/** Fills fields that can be told from others: title/company from the current job, a headline from title and company. */
export function deriveFields({ person, sources }: Merged): void {
  const current = person.experience.find((e) => e.end === "");
  if (person.title === "" && current?.title) {
    person.title = current.title;
    if (sources.experience) sources.title = sources.experience;
  }
  if (person.company === "" && current?.company) {
    person.company = current.company;
    if (sources.experience) sources.company = sources.experience;
  }
  if (person.headline === "" && person.title !== "" && sources.title) {
    person.headline = person.company ? `${person.title} at ${person.company}` : person.title;
    sources.headline = sources.title;
  }
}

// Profiles on the sites we know get their canonical form (no tracking parameters, one host);
// other websites keep the address as written, since forcing https on them could break the link.
function linkForm(raw: string): string {
  const href = httpUrl(raw);
  if (href === null) return "";
  const n = normalizeProfileUrl(href);
  if (n === null) return "";
  return n.site === "other" ? href : n.canonical;
}

/** Final clean-up of the list fields: valid emails and phones only, links canonical, without the profile URL itself. */
export function finishLists(person: ProfileDraft, country?: string): void {
  person.emails = dedupe(person.emails.map((e) => cleanEmail(e) ?? ""));
  person.phones = dedupe(
    person.phones.map((p) => cleanPhone(p, country) ?? ""),
    (p) => normalizePhone(p)?.key ?? "",
  );
  const profileKey = urlKey(person.profileUrl);
  person.links = dedupe(person.links.map(linkForm), (l) => urlKey(l) ?? "").filter((l) => urlKey(l) !== profileKey);
  person.skills = dedupe(person.skills);
}
