import { splitName } from "../normalize";
import { cleanText, clip, httpUrl, tokens, visibleText } from "./text";
import type { Candidate } from "./types";

/** What a page's head and link markup say about it: canonical URL, Open Graph and profile: tags, rel=me links, main headings. */
export interface PageMeta {
  canonical: string | null;
  ogUrl: string | null;
  /** og:type, lower-cased ("" when absent). */
  ogType: string;
  ogTitle: string;
  ogDescription: string;
  ogImage: string | null;
  /** profile:first_name, profile:last_name, profile:username. */
  profile: { firstName: string; lastName: string; username: string };
  title: string;
  /** rel=me links of the whole page. */
  relMe: string[];
  /** Texts of the page's h1 elements outside asides, navigation and dialogs. */
  headings: string[];
}

/** Reads the page-level metadata of a document. */
export function readPageMeta(doc: Document, base: string): PageMeta {
  // One pass over the meta tags instead of a query per key.
  const metas = new Map<string, string>();
  for (const el of Array.from(doc.querySelectorAll("meta"))) {
    const k = (el.getAttribute("property") ?? el.getAttribute("name") ?? "").trim().toLowerCase();
    const v = el.getAttribute("content");
    if (k !== "" && v !== null && v.trim() !== "" && !metas.has(k)) metas.set(k, v);
  }
  const get = (...keys: string[]) => {
    for (const k of keys) {
      const v = metas.get(k);
      if (v !== undefined) return v;
    }
    return "";
  };
  let canonical: string | null = null;
  const relMe: string[] = [];
  for (const el of Array.from(doc.querySelectorAll("link[rel][href], a[rel~='me' i][href]"))) {
    const rels = tokens(el.getAttribute("rel")?.toLowerCase());
    const href = httpUrl(el.getAttribute("href"), base);
    if (href === null) continue;
    if (rels.includes("canonical") && el.tagName === "LINK" && canonical === null) canonical = href;
    if (rels.includes("me") && !relMe.includes(href)) relMe.push(href);
  }
  const headings: string[] = [];
  for (const h1 of Array.from(doc.querySelectorAll("h1"))) {
    if (h1.closest("aside, nav, footer, [role=dialog], [role=complementary], [role=navigation]")) continue;
    const t = visibleText(h1);
    if (t !== "") headings.push(t);
  }
  return {
    canonical,
    ogUrl: httpUrl(get("og:url"), base),
    ogType: cleanText(get("og:type")).toLowerCase(),
    ogTitle: cleanText(get("og:title", "twitter:title")),
    ogDescription: cleanText(get("og:description", "twitter:description", "description")),
    ogImage: httpUrl(get("og:image", "og:image:url", "og:image:secure_url", "twitter:image"), base),
    profile: {
      firstName: cleanText(get("profile:first_name")),
      lastName: cleanText(get("profile:last_name")),
      username: cleanText(get("profile:username")),
    },
    title: cleanText(doc.title),
    relMe,
    headings,
  };
}

// "Jane Doe - Senior Engineer - Acme | LinkedIn", "Jane Doe (@jane) · GitHub": the name is the
// part before the first separator.
const TITLE_SEPARATOR = /\s+(?:[-–—|·•:]|\(@)\s*/;

/** A person from Open Graph profile tags, when the page declares itself a profile (og:type profile, or profile: tags); null otherwise. */
export function openGraphCandidate(meta: PageMeta): Candidate | null {
  const isProfile = meta.ogType === "profile" || meta.ogType.endsWith(":profile") || meta.ogType.startsWith("profile");
  const { firstName, lastName } = meta.profile;
  if (!isProfile && firstName === "" && lastName === "") return null;
  let fullName = [firstName, lastName].filter((s) => s !== "").join(" ");
  if (fullName === "") fullName = cleanText(meta.ogTitle.split(TITLE_SEPARATOR)[0]);
  fullName = clip(fullName, 300);
  if (fullName === "") return null;
  const split = splitName(fullName);
  const identityUrls = meta.ogUrl ? [meta.ogUrl] : [];
  return {
    source: "open-graph",
    role: "main",
    person: {
      fullName,
      firstName: clip(firstName || split.firstName, 150),
      lastName: clip(lastName || split.lastName, 150),
      // A short description is the page's tagline; its first sentence serves as a headline.
      headline: meta.ogDescription.length <= 200 ? clip(/^.*?[.!?](?=\s|$)|^.*$/.exec(meta.ogDescription)?.[0], 500) : "",
      photoUrl: meta.ogImage,
      summary: clip(meta.ogDescription, 20_000),
    },
    identityUrls,
    element: null,
  };
}

/** og:type values that say the page is about something other than a person. */
export function isNonPersonOgType(ogType: string): boolean {
  return /^(?:article|product|business\.business|place|restaurant\.|music\.|video\.|book|event)/.test(ogType);
}

/** The mailto: and tel: links inside `scope`, as raw hrefs, skipping those inside any of `exclude`. */
export function contactLinks(scope: Element, exclude: readonly Element[]): { emails: string[]; phones: string[] } {
  const emails: string[] = [];
  const phones: string[] = [];
  for (const a of Array.from(scope.querySelectorAll('a[href^="mailto:" i], a[href^="tel:" i]'))) {
    if (exclude.some((e) => e !== scope && e.contains(a))) continue;
    const href = a.getAttribute("href") ?? "";
    if (/^mailto:/i.test(href)) emails.push(href);
    else phones.push(href);
  }
  return { emails, phones };
}
