// Whether a page may show a person, decided from its URL and a few selectors, without the extractor: the
// content script runs on every LinkedIn, GitHub and XING page (they are single-page apps: a profile can be
// reached without a page load), and most of those pages are feeds, repositories or searches, where it must
// cost next to nothing. A "maybe" is then confirmed by the extractor.

// github.com/<login> paths that are GitHub's own pages (shared/src/extract/sites/github.ts has the same list).
const GITHUB_RESERVED = new Set(
  "about explore features login join marketplace notifications orgs pricing search settings sponsors topics trending enterprise collections events security site contact".split(
    " ",
  ),
);

/** Selectors of the structured-data formats the extractor reads a person from. */
const PERSON_MARKERS = [
  "[itemtype*='schema.org/Person' i]",
  "[typeof*='Person']",
  ".h-card",
  ".vcard",
  "script[type='application/ld+json']",
  "meta[property='og:type'][content='profile']",
  "meta[property^='profile:']",
].join(",");

export type PageKind = "profile" | "maybe" | "no";

/** "profile": a site's profile URL; "maybe": structured data that may hold a person; "no": neither. */
export function pageKind(url: string, doc: Pick<Document, "querySelector">): PageKind {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return "no";
  }
  const host = u.hostname.toLowerCase();
  const path = u.pathname;
  if (host === "linkedin.com" || host.endsWith(".linkedin.com")) return /^\/in\/[^/]+/.test(path) ? "profile" : "no";
  if (host === "xing.com" || host.endsWith(".xing.com")) return /^\/profile\/[^/]+/.test(path) ? "profile" : "no";
  if (host === "github.com") {
    const login = /^\/([^/]+)\/?$/.exec(path)?.[1];
    if (!login || GITHUB_RESERVED.has(login.toLowerCase())) return "no";
    // A user's page has the vcard sidebar; an organisation's has none.
    return doc.querySelector(".vcard-names, .p-nickname, .vcard-username") ? "profile" : "no";
  }
  return doc.querySelector(PERSON_MARKERS) ? "maybe" : "no";
}

/** Whether `url` matches a manifest match pattern (scheme://host/path, `*` wildcards, `<all_urls>`). */
export function matchesPattern(pattern: string, url: string): boolean {
  if (pattern === "<all_urls>") return /^(https?|file|ftp):/.test(url);
  const m = /^(\*|https?|file|ftp):\/\/([^/]*)(\/.*)$/.exec(pattern);
  if (!m) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  const [, scheme, host, path] = m as unknown as [string, string, string, string];
  if (scheme === "*" ? !/^https?:$/.test(u.protocol) : u.protocol !== `${scheme}:`) return false;
  const hostname = u.hostname.toLowerCase();
  if (host !== "*") {
    const h = host.replace(/:\d+$/, "").toLowerCase();
    if (h.startsWith("*.")) {
      const base = h.slice(2);
      if (hostname !== base && !hostname.endsWith(`.${base}`)) return false;
    } else if (hostname !== h) return false;
  }
  const re = new RegExp(`^${path.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return re.test(u.pathname + u.search);
}
