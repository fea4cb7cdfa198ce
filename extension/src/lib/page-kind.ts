// Whether a page may show a person, decided from its URL and a few selectors, without the extractor: the
// content script runs on every page of the sites in its matches (LinkedIn, GitHub, XING, Stack Overflow and
// Stack Exchange, GitLab, Dribbble, Behance) (they are single-page apps: a profile can be
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

// First path segments of dribbble.com / behance.net that are the site's own pages (shared/src/extract/sites has
// the same lists).
const DRIBBBLE_RESERVED = new Set(
  "shots designers jobs tags search session signup stories hiring learn pro places colors following account uploads about contact privacy terms resources services freelance-jobs".split(
    " ",
  ),
);
const BEHANCE_RESERVED = new Set(
  "galleries gallery search joblist joblists live assets hire onboarding for_you blog misc dev privacy tos about moodboard collection".split(" "),
);
const GITLAB_RESERVED = new Set("- admin api dashboard explore groups help projects public search snippets users uploads assets jobs pricing topics".split(" "));
const STACK_EXCHANGE = /^(?:stackoverflow\.com|[a-z]+\.stackoverflow\.com|superuser\.com|serverfault\.com|askubuntu\.com|mathoverflow\.net|stackapps\.com|[a-z0-9-]+\.stackexchange\.com)$/;

/** The first path segment when the path has at most `max` segments, else null. */
function firstSegment(path: string, max: number): string | null {
  const segs = path.split("/").filter((s) => s !== "");
  return segs.length >= 1 && segs.length <= max ? (segs[0] ?? null) : null;
}

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
  const bare = host.replace(/^www\./, "");
  if (STACK_EXCHANGE.test(bare)) return /^\/users\/\d+(?:\/|$)/.test(path) ? "profile" : "no";
  if (bare === "gitlab.com") {
    const user = firstSegment(path, 1);
    if (!user || GITLAB_RESERVED.has(user.toLowerCase())) return "no";
    // gitlab.com/<name> is a user or a group; a user's page has the profile header.
    return doc.querySelector(".user-profile-header, .user-profile, body[data-page='users:show']") ? "profile" : "no";
  }
  if (bare === "dribbble.com") {
    const user = firstSegment(path, 2);
    if (!user || DRIBBBLE_RESERVED.has(user.toLowerCase())) return "no";
    return doc.querySelector(".profile-masthead, .masthead-profile-name") ? "profile" : "no";
  }
  if (bare === "behance.net") {
    const user = firstSegment(path, 2);
    if (!user || BEHANCE_RESERVED.has(user.toLowerCase())) return "no";
    return doc.querySelector("[class*='ProfileCard-']") ? "profile" : "no";
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
