import { normalizeProfileUrl, splitName } from "../../normalize";
import { cleanCompany, cleanEmail, clip, dedupe, httpUrl, splitHeadline, visibleText } from "../text";
import type { Candidate, ProfileDraft } from "../types";
import { outboundLinks, pick, pickText, urlParts } from "./common";

// gitlab.com/<username> serves users and groups; a user's page is marked by body[data-page=users:show]
// and the user-profile header (h1 name, "@username"), with the sidebar giving the bio, location, job
// title and organisation (itemprop hooks the HAML templates have kept for years, and data-testid icons),
// and the links. Self-managed GitLab instances serve the same page, so the body marker is what counts
// there; on gitlab.com the path must also be one username.

const RESERVED = new Set(
  "- admin api dashboard explore groups help projects public search snippets users uploads assets jobs pricing topics".split(" "),
);

const USERNAME = /^@[\w.-]+$/;

/** Reads a GitLab user page; null when the page is not one (a group, a project). */
export function readGitLab(doc: Document, pageUrl: string): Candidate | null {
  const p = urlParts(pageUrl);
  if (p === null) return null;
  const usersShow = doc.body?.getAttribute("data-page") === "users:show";
  if (p.host === "gitlab.com") {
    const [user] = p.segments;
    if (p.segments.length !== 1 || !user || RESERVED.has(user.toLowerCase())) return null;
  } else if (!usersShow || p.segments.length !== 1) {
    return null;
  }
  const base = doc.baseURI || pageUrl;
  const header = pick(doc, ".user-profile-header", ".user-profile .profile-header", ".cover-block .profile-header", ".user-info");
  if (header === null) return null;
  const usernameText =
    pickText(header, "[data-testid=user-profile-username]", ".user-info .middle-dot-divider") ||
    (Array.from(header.querySelectorAll("p, span")).map((e) => visibleText(e)).find((t) => USERNAME.test(t)) ?? "");
  if (!usersShow && !USERNAME.test(usernameText)) return null;
  const username = usernameText.replace(/^@/, "");
  const fullName = clip(pickText(header, "h1", ".cover-title", "[itemprop=name]") || username, 300);
  if (fullName === "") return null;
  const profileUrl = normalizeProfileUrl(`https://${p.host}/${p.segments[0]}`)?.canonical ?? null;
  if (profileUrl === null) return null;

  const sidebar = pick(doc, ".user-profile-sidebar", ".user-profile .profile-header", ".cover-block") ?? header;
  const scope = doc.querySelector("main, #content-body") ?? doc.body ?? header;
  const bio = clip(pickText(scope, "[itemprop=description]", ".profile-user-bio", "[data-testid=user-profile-bio] p"), 500);
  const iconLine = (name: string) => {
    const icon = scope.querySelector(`[data-testid='${name}-icon']`);
    return icon?.parentElement ? visibleText(icon.parentElement) : "";
  };
  const work = iconLine("work");
  const split = splitHeadline(work);
  const title = clip(pickText(scope, "[itemprop=jobTitle]") || split?.title || "", 300);
  const company = clip(cleanCompany(pickText(scope, "[itemprop=worksFor]") || split?.company || ""), 300);
  const location = clip(pickText(scope, "[itemprop=addressLocality]", "[itemprop=homeLocation]") || iconLine("location"), 300);

  const linkRoots = [
    ...Array.from(scope.querySelectorAll("[data-testid=user-profile-links], .profile-link-holder")),
    ...Array.from(scope.querySelectorAll("a[itemprop=url], a[rel~='me']")).map((a) => a.parentElement),
  ];
  const ownHost = new RegExp(`^${p.host.replace(/\./g, "\\.")}$`);
  const links = outboundLinks(linkRoots, "a[href]:not([href^='mailto:' i])", base, ownHost);
  const emails = Array.from(sidebar.querySelectorAll("a[href^='mailto:' i], [itemprop=email]")).map(
    (a) => cleanEmail(a.getAttribute("href")) ?? cleanEmail(visibleText(a)) ?? "",
  );
  const avatarLink = header.querySelector("a[href*='/avatar']")?.getAttribute("href");
  const avatar = pick(header, "img.gl-avatar", "img.avatar", "img");
  const photoUrl =
    httpUrl(avatarLink, base) ?? httpUrl(avatar?.getAttribute("data-src"), base) ?? httpUrl(avatar?.getAttribute("src"), base);
  const names = splitName(fullName);
  const person: Partial<ProfileDraft> = {
    fullName,
    firstName: clip(names.firstName, 150),
    lastName: clip(names.lastName, 150),
    headline: bio,
    title,
    company,
    location,
    emails: dedupe(emails),
    profileUrl,
    photoUrl,
    links: dedupe(links),
    summary: bio,
  };
  return { source: "site", role: "main", person, identityUrls: [profileUrl], element: header.closest("main") ?? header };
}
