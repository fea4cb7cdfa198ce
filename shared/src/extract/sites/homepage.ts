import { normalizeProfileUrl, splitName } from "../../normalize";
import { canonicalUrl, cleanEmail, cleanText, clip, dedupe, httpUrl, tokens, visibleText } from "../text";
import type { Candidate, ProfileDraft } from "../types";
import { MAX_ITEMS, urlParts } from "./common";

// A personal homepage with no markup at all: the person is named by the page's title or main heading
// and shows who they are by links to their profiles elsewhere (rel=me, GitHub, LinkedIn, X, Mastodon,
// Stack Overflow…) or a mailto: address. Nothing else is read: no headline, title or location is made
// up from prose. Read only when no other reader found anyone, and only when:
// - the page is a site's home (/, /~user/, /about, /me, /contact, /cv…), not a post or a listing deep
//   in a site: a post's title names its subject, and its author is a byline, not the page;
// - the name looks like a person's: two to four capitalised words, no company or site words ("Acme
//   Robotics", "The Freight Desk", "Engineering Blog" are not people);
// - the page links to at least one profile of its own or gives an address;
// - it links to no company profile (linkedin.com/company/…), and it is not a page of many authors.

const HOME_PAGES = /^(?:~[^/]+|about|about-me|me|contact|cv|resume|home|index\.html?)$/i;

const NON_PERSON_WORDS = new Set(
  `inc ltd llc gmbh ag sa srl bv oy ab plc co corp corporation company group holdings labs lab studio studios agency
  solutions systems analytics consulting software technologies technology tech digital media partners ventures capital
  foundation institute university college school academy association society club team community network
  blog news journal magazine notes weekly daily podcast press review times post digest newsletter
  shop store official home homepage welcome index website site portfolio page about contact services products
  robotics logistics health care cloud data design works industries international global`
    .split(/\s+/)
    .filter((w) => w !== ""),
);
const PARTICLES = new Set(["van", "von", "de", "da", "del", "della", "der", "den", "di", "du", "la", "le", "bin", "binti", "al", "ibn", "y", "dos", "das", "ter", "ten", "zu"]);
const NAME_WORD = /^\p{Lu}[\p{Ll}\p{Lu}'’.-]*$/u;
const ARTICLE = /^(?:the|a|an|our|my|your|welcome|hello|hi)$/i;

/** Whether `s` reads like a person's name: 2–4 words, first and last capitalised, no company or site words. */
export function looksLikePersonName(s: string): boolean {
  const words = s.split(/\s+/).filter((w) => w !== "");
  if (words.length < 2 || words.length > 4) return false;
  if (ARTICLE.test(words[0] ?? "")) return false;
  const first = words[0] ?? "";
  const last = words[words.length - 1] ?? "";
  if (!NAME_WORD.test(first) || !NAME_WORD.test(last)) return false;
  return words.every((w) => {
    const bare = w.replace(/[.'’-]/g, "").toLowerCase();
    if (NON_PERSON_WORDS.has(bare)) return false;
    return NAME_WORD.test(w) || PARTICLES.has(w.toLowerCase());
  });
}

const TITLE_PARTS = /\s+[|–—·•:»/-]\s+|\s+-\s+/;
const GENERIC_PART =
  /^(?:home|homepage|home page|blog|the blog|website|personal website|personal site|portfolio|about|about me|welcome|cv|resume|contact)$/i;

/** The person's name a title or heading gives ("Jane Doe – Home", "Blog | Jane Doe", "Hi, I'm Jane Doe", "Jane Doe's homepage"), or "" when it gives none. */
export function nameFromHeading(raw: string): string {
  const parts = cleanText(raw)
    .split(TITLE_PARTS)
    .map((p) =>
      p
        .replace(/^(?:hi|hello|hey)[,!]?\s+(?:there[,!]?\s+)?/i, "")
        .replace(/^(?:i'm|i’m|i am|this is|my name is)\s+/i, "")
        .replace(/[’']s\s+(?:home\s*page|homepage|website|site|blog|portfolio|page)$/i, "")
        .replace(/[.!]+$/, "")
        .trim(),
    )
    .filter((p) => p !== "" && !GENERIC_PART.test(p));
  return parts.find(looksLikePersonName) ?? "";
}

const X_RESERVED = new Set(["intent", "share", "home", "search", "hashtag", "i", "explore", "login", "signup", "settings", "tos", "privacy"]);
const GITHUB_RESERVED = new Set(["about", "features", "pricing", "login", "join", "sponsors", "topics", "explore", "marketplace", "settings", "orgs"]);

/** Whether `href` is a person's profile on a site people link to from their homepage; share buttons, repositories and company pages are not. */
export function isSocialProfile(href: string): boolean {
  const p = urlParts(href);
  if (p === null) return false;
  const [a, b, c] = p.segments;
  const one = p.segments.length === 1 && a !== undefined;
  const host = p.host.replace(/^m\./, "");
  if (host.endsWith("linkedin.com")) return a === "in" && b !== undefined;
  if (host === "github.com") return one && !GITHUB_RESERVED.has(a.toLowerCase());
  if (host === "gitlab.com" || host === "codeberg.org" || host === "keybase.io" || host === "dribbble.com" || host === "behance.net")
    return one;
  if (host === "twitter.com" || host === "x.com") return one && !X_RESERVED.has(a.toLowerCase());
  if (host === "instagram.com" || host === "threads.net") return one && !["p", "reel", "explore", "accounts"].includes(a);
  if (host === "bsky.app") return a === "profile" && b !== undefined && c === undefined;
  if (host === "xing.com") return a === "profile" && b !== undefined;
  if (/^(?:stackoverflow\.com|[a-z0-9-]+\.stackexchange\.com|superuser\.com|serverfault\.com|askubuntu\.com)$/.test(host))
    return a === "users" && b !== undefined && /^\d+$/.test(b);
  // Mastodon and other fediverse servers, Medium: https://host/@user.
  return one && /^@[\w.-]+$/.test(a);
}

const COMPANY_PROFILE = /^(?:[a-z]{2,3}\.|www\.)?linkedin\.com\/(?:company|school|showcase)\//;
const NOT_OWN = "article, .h-entry, .h-cite, [class*='comment'], [class*='share'], [class*='byline'], [rel~='author']";

/** A person from a homepage without markup (see the rules above); null when the page does not qualify. */
export function readHomepage(doc: Document, pageUrl: string): Candidate | null {
  const p = urlParts(pageUrl);
  if (p === null || doc.body === null) return null;
  // LinkedIn, GitHub, XING, X: their own readers know their pages; a site's home there is no person.
  if (normalizeProfileUrl(pageUrl)?.site !== "other") return null;
  if (p.segments.length > 1 || (p.segments.length === 1 && !HOME_PAGES.test(p.segments[0] ?? ""))) return null;
  const base = doc.baseURI || pageUrl;
  const h1 = Array.from(doc.querySelectorAll("h1")).find((h) => !h.closest(`nav, aside, footer, [role=dialog], ${NOT_OWN}`));
  const fullName = clip(nameFromHeading(doc.title) || nameFromHeading(visibleText(h1)), 300);
  if (fullName === "") return null;
  // A page of many authors (a group blog, a magazine) is not one person's.
  const bylines = new Set(
    Array.from(doc.querySelectorAll("[rel~='author'], .author, .byline, [class*='author-name']"))
      .map((e) => visibleText(e).replace(/^by\s+/i, "").toLowerCase())
      .filter((t) => t !== ""),
  );
  if (bylines.size > 1) return null;

  const links: string[] = [];
  const emails: string[] = [];
  let companyLink = false;
  for (const a of Array.from(doc.querySelectorAll("a[href]"))) {
    if (links.length >= MAX_ITEMS) break;
    const raw = a.getAttribute("href") ?? "";
    const inOwn = a.closest(NOT_OWN) === null;
    if (/^mailto:/i.test(raw.trim())) {
      if (inOwn) emails.push(cleanEmail(raw) ?? "");
      continue;
    }
    const href = httpUrl(raw, base);
    if (href === null) continue;
    const key = normalizeProfileUrl(href)?.key ?? "";
    if (COMPANY_PROFILE.test(key)) companyLink = true;
    if (!inOwn) continue;
    if (tokens(a.getAttribute("rel")?.toLowerCase()).includes("me") || isSocialProfile(href)) links.push(href);
  }
  for (const l of Array.from(doc.querySelectorAll("link[rel][href]"))) {
    if (!tokens(l.getAttribute("rel")?.toLowerCase()).includes("me")) continue;
    const href = httpUrl(l.getAttribute("href"), base);
    if (href !== null) links.push(href);
  }
  if (companyLink) return null;
  const ownLinks = dedupe(links);
  const ownEmails = dedupe(emails);
  if (ownLinks.length === 0 && ownEmails.length === 0) return null;
  const profileUrl = canonicalUrl(doc.querySelector("link[rel=canonical]")?.getAttribute("href"), base) ?? canonicalUrl(pageUrl);
  const names = splitName(fullName);
  const person: Partial<ProfileDraft> = {
    fullName,
    firstName: clip(names.firstName, 150),
    lastName: clip(names.lastName, 150),
    emails: ownEmails,
    profileUrl,
    links: ownLinks,
  };
  return { source: "text", role: "main", person, identityUrls: profileUrl ? [profileUrl] : [], element: null };
}
