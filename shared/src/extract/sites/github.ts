import { normalizeProfileUrl, splitName } from "../../normalize";
import { cleanCompany, cleanEmail, clip, dedupe, httpUrl, tokens, visibleText } from "../text";
import type { Candidate, ProfileDraft } from "../types";
import { pick, pickText } from "./common";

// github.com/<login> serves both users and organisations. A user page has the vcard sidebar
// (vcard-names, p-nickname, itemprop=worksFor/homeLocation, u-email, rel="me" social links); an
// organisation page has none of it and is left to the generic readers, which see an Organization.

// Paths that look like a login but are GitHub's own pages.
const RESERVED = new Set([
  "about",
  "explore",
  "features",
  "login",
  "join",
  "marketplace",
  "notifications",
  "orgs",
  "pricing",
  "search",
  "settings",
  "sponsors",
  "topics",
  "trending",
  "enterprise",
  "collections",
  "events",
  "security",
  "site",
  "contact",
]);

/** The canonical github.com/<login> URL if `pageUrl` is a GitHub account page, else null. */
export function gitHubProfileUrl(pageUrl: string): string | null {
  const n = normalizeProfileUrl(pageUrl);
  if (n === null || n.site !== "github") return null;
  const login = /^github\.com\/([^/?]+)$/.exec(n.key)?.[1];
  if (!login || RESERVED.has(login)) return null;
  return n.canonical;
}

/** Reads a GitHub user profile page; null when the page is not one (an organisation, a repository). */
export function readGitHub(doc: Document, pageUrl: string): Candidate | null {
  const profileUrl = gitHubProfileUrl(pageUrl);
  if (profileUrl === null) return null;
  const base = doc.baseURI || pageUrl;
  const root = pick(doc, "[itemtype$='schema.org/Person']", ".h-card", ".js-profile-editable-area");
  if (root === null || !root.querySelector(".vcard-names, .p-nickname, .vcard-username")) return null;

  const login = pickText(root, ".p-nickname", ".vcard-username");
  // Accounts without a display name are known by their login.
  const fullName = clip(pickText(root, ".vcard-fullname", ".p-name", "[itemprop=name]") || login, 300);
  if (fullName === "") return null;
  const bioEl = pick(doc, ".user-profile-bio", ".p-note");
  const bio = clip(bioEl?.getAttribute("data-bio-text") || visibleText(bioEl), 500);
  const details = pick(doc, ".vcard-details") ?? root;

  const links: string[] = [];
  for (const a of Array.from(details.querySelectorAll("a[href]"))) {
    const rel = tokens(a.getAttribute("rel"));
    const inLinkItem = a.closest("[itemprop=url], [itemprop=social]") !== null;
    if (!rel.includes("me") && !inLinkItem && !a.classList.contains("Link--primary")) continue;
    const href = httpUrl(a.getAttribute("href"), base);
    if (href !== null && normalizeProfileUrl(href)?.key !== normalizeProfileUrl(profileUrl)?.key) links.push(href);
  }
  const emails = Array.from(details.querySelectorAll("a.u-email[href], [itemprop=email] a[href], a[href^='mailto:']")).map(
    (a) => cleanEmail(a.getAttribute("href")) ?? cleanEmail(visibleText(a)) ?? "",
  );
  const avatar = pick(root, "img.avatar-user", "img.avatar", "[itemprop=image] img");
  const avatarLink = root.querySelector("a[itemprop=image]")?.getAttribute("href");
  const split = splitName(fullName);
  const person: Partial<ProfileDraft> = {
    fullName,
    firstName: clip(split.firstName, 150),
    lastName: clip(split.lastName, 150),
    headline: bio,
    company: clip(cleanCompany(pickText(details, "[itemprop=worksFor] .p-org", "[itemprop=worksFor]", ".p-org")), 300),
    location: clip(pickText(details, "[itemprop=homeLocation] .p-label", "[itemprop=homeLocation]", ".p-label"), 300),
    emails: dedupe(emails),
    profileUrl,
    photoUrl: httpUrl(avatarLink, base) ?? httpUrl(avatar?.getAttribute("src"), base),
    links: dedupe(links),
    summary: bio,
  };
  return { source: "site", role: "main", person, identityUrls: [profileUrl], element: root };
}
