import { nameKey } from "../normalize";
import type { ProfileDraftInput } from "../profile";
import { countryFromLocation } from "./country";
import { readJsonLd } from "./jsonld";
import { choosePerson, deriveFields, finishLists, mergeCandidates, type PageContext, samePerson } from "./merge";
import { contactLinks, isNonPersonOgType, openGraphCandidate, type PageMeta, readPageMeta } from "./meta";
import { readMicrodata } from "./microdata";
import { readHCards } from "./microformats";
import { readRdfa } from "./rdfa";
import { isPerson, NON_PERSON_TYPES } from "./schema";
import { readBehance } from "./sites/behance";
import { readDribbble } from "./sites/dribbble";
import { readGitHub } from "./sites/github";
import { readGitLab } from "./sites/gitlab";
import { readHomepage } from "./sites/homepage";
import { readLinkedIn } from "./sites/linkedin";
import { readStackOverflow } from "./sites/stackoverflow";
import { readXing } from "./sites/xing";
import { canonicalUrl, clip, httpUrl, urlKey } from "./text";
import type { Candidate, ExtractResult, ProfileDraft } from "./types";

const ORGANIZATION_TYPES = new Set(["Organization", "Corporation", "LocalBusiness", "NGO", "EducationalOrganization", "CollegeOrUniversity"]);

function pageContext(
  pageUrl: string,
  meta: PageMeta,
  site: Candidate | null,
  topTypes: readonly string[],
  hasPersonItem: boolean,
  nonPersonMf: boolean,
): PageContext {
  const pageKeys = new Set<string>();
  for (const u of [pageUrl, meta.canonical, meta.ogUrl, site?.person.profileUrl]) {
    const k = urlKey(u);
    if (k !== null) pageKeys.add(k);
  }
  const headingKeys = new Set(meta.headings.map((h) => nameKey(h)).filter((k) => k !== ""));
  // An organisation next to a person is usually the person's employer or the site's publisher; on
  // its own it means a company page.
  const nonPersonTypes = topTypes.filter((t) => NON_PERSON_TYPES.has(t) && !(ORGANIZATION_TYPES.has(t) && hasPersonItem));
  const nonPersonPage =
    site === null && (nonPersonTypes.length > 0 || isNonPersonOgType(meta.ogType) || nonPersonMf);
  return { pageKeys, headingKeys, nonPersonPage };
}

/** Contact details and links the page gives outside the formats: mailto:/tel: links in the person's own elements (or, on the own page of a person known only from JSON-LD/meta tags, in the main content), rel=me links on their own page, and the canonical URL. */
function pageTextCandidate(
  doc: Document,
  pageUrl: string,
  meta: PageMeta,
  chosen: Candidate,
  group: readonly Candidate[],
  others: readonly Candidate[],
  ownPage: boolean,
): Candidate {
  const exclude = others.map((c) => c.element).filter((e): e is Element => e !== null);
  const scopes = group.map((c) => c.element).filter((e): e is Element => e !== null);
  const emails: string[] = [];
  const phones: string[] = [];
  for (const scope of scopes) {
    const found = contactLinks(scope, exclude.filter((e) => !e.contains(scope)));
    emails.push(...found.emails);
    phones.push(...found.phones);
  }
  const links: string[] = [];
  if (ownPage) links.push(...meta.relMe);
  // A person known only from JSON-LD or meta tags has no element to scope contacts to; on their own
  // page, the page's main content is theirs, but not posts, comments, navigation, asides, footers
  // or anything another item describes (a reply author's address is not theirs).
  if (ownPage && scopes.length === 0 && doc.body) {
    const pageExclude = [
      ...exclude,
      ...Array.from(
        doc.querySelectorAll(
          "nav, aside, footer, article, [role=contentinfo], [role=navigation], [role=complementary], [itemscope], [class*='comment'], .h-entry, .h-cite, .h-card",
        ),
      ),
    ];
    const found = contactLinks(doc.body, pageExclude);
    emails.push(...found.emails);
    phones.push(...found.phones);
  }
  const profileUrl = canonicalUrl(meta.canonical ?? meta.ogUrl ?? pageUrl);
  return {
    source: "text",
    role: "main",
    person: { fullName: chosen.person.fullName ?? "", emails, phones, links, profileUrl },
    identityUrls: [],
    element: null,
  };
}

/** The site readers, each answering null on pages not of its site; the first person found is the page's. */
const SITE_READERS: readonly ((doc: Document, pageUrl: string) => Candidate | null)[] = [
  readLinkedIn,
  readGitHub,
  readXing,
  readStackOverflow,
  readGitLab,
  readDribbble,
  readBehance,
];

// Pages are endlessly odd; a page one reader trips over must still be read by the others.
function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/** Reads the person a page is about: all sources read, the page's own person chosen (never a sidebar card), the sources merged by field. `person` is null when the page is not about one person. */
export function extractProfile(doc: Document, pageUrl: string): ExtractResult {
  const base = httpUrl(doc.baseURI) ?? httpUrl(pageUrl) ?? "https://invalid.invalid/";
  const meta = readPageMeta(doc, base);
  const site = safely(() => SITE_READERS.reduce<Candidate | null>((found, read) => found ?? read(doc, pageUrl), null), null);
  const noSchema = { roots: [], topTypes: [], candidates: [] };
  const jsonld = safely(() => readJsonLd(doc, base), noSchema);
  const microdata = safely(() => readMicrodata(doc, base), noSchema);
  const rdfa = safely(() => readRdfa(doc, base), noSchema);
  const hcards = safely(() => readHCards(doc, base), { candidates: [], nonPersonPage: false });
  const og = openGraphCandidate(meta);
  const candidates: Candidate[] = [
    ...(site ? [site] : []),
    ...jsonld.candidates,
    ...microdata.candidates,
    ...rdfa.candidates,
    ...hcards.candidates,
    ...(og ? [og] : []),
  ];
  const topTypes = [...jsonld.topTypes, ...microdata.topTypes, ...rdfa.topTypes];
  const hasPersonItem = [...jsonld.roots, ...microdata.roots, ...rdfa.roots].some(isPerson);
  const ctx = pageContext(pageUrl, meta, site, topTypes, hasPersonItem, hcards.nonPersonPage);

  const chosen = choosePerson(candidates, ctx);
  if (chosen === null) {
    // Nothing on the page names anyone: it may still be a person's own homepage without markup.
    const home = candidates.length === 0 && !ctx.nonPersonPage ? safely(() => readHomepage(doc, pageUrl), null) : null;
    if (home === null) return { person: null, sources: {} };
    const merged = mergeCandidates([home]);
    finishLists(merged.person);
    for (const field of ["emails", "links"] as const) if (merged.person[field].length === 0) delete merged.sources[field];
    return merged;
  }
  const group = candidates.filter((c) => samePerson(chosen, c, ctx));
  const others = candidates.filter((c) => !group.includes(c));
  const chosenKeys = chosen.identityUrls.map((u) => urlKey(u));
  const ownPage =
    site === null && (chosen.source === "h-card" || chosenKeys.some((k) => k !== null && ctx.pageKeys.has(k)));
  const text = pageTextCandidate(doc, pageUrl, meta, chosen, group, others, ownPage);
  const merged = mergeCandidates([...group, text]);
  deriveFields(merged);
  finishLists(merged.person, countryFromLocation(merged.person.location));
  for (const field of ["emails", "phones", "links", "skills", "experience", "education"] as const) {
    if (merged.person[field].length === 0) delete merged.sources[field];
  }
  return merged;
}

/** The zProfileDraft input (what the server's prospects.add accepts) for an extracted person: lengths and list sizes cut to the schema's limits; experience and education, which the draft has no place for, left out. */
export function toProspectDraft(person: ProfileDraft, sourceUrl?: string): ProfileDraftInput {
  const list = (values: string[], max: number, each: number) =>
    values.filter((v) => v.length > 0 && v.length <= each).slice(0, max);
  return {
    fullName: clip(person.fullName, 300),
    firstName: clip(person.firstName, 150),
    lastName: clip(person.lastName, 150),
    headline: clip(person.headline, 500),
    title: clip(person.title, 300),
    company: clip(person.company, 300),
    location: clip(person.location, 300),
    emails: list(person.emails, 20, 320),
    phones: list(person.phones, 20, 60),
    profileUrl: person.profileUrl,
    photoUrl: person.photoUrl,
    links: list(person.links, 50, 2000),
    skills: list(
      person.skills.map((s) => clip(s, 100)),
      200,
      100,
    ),
    summary: clip(person.summary, 20_000),
    sourceUrl: httpUrl(sourceUrl ?? null) ?? person.profileUrl,
  };
}
