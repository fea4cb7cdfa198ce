import { normalizeProfileUrl, splitName } from "../../normalize";
import { clip, dedupe, httpUrl, splitHeadline, textLines, visibleText } from "../text";
import type { Candidate, ProfileDraft } from "../types";
import { itemTexts, outboundLinks, pick, urlParts } from "./common";

// Stack Overflow and the other Stack Exchange sites share one user page (/users/<id>/<slug>): the
// name in a headline-sized div, the user's "title" under it, a row of icon + text items (member
// since, last seen, location), an About block with the website/Twitter/GitHub links, and the
// "Top tags" card. The statistics (reputation, reached, answers) sit in cards of their own and are
// never skills; only tag links of the Top tags card are.

const SE_HOSTS = /^(?:stackoverflow\.com|[a-z]+\.stackoverflow\.com|superuser\.com|serverfault\.com|askubuntu\.com|mathoverflow\.net|stackapps\.com|[a-z0-9-]+\.stackexchange\.com)$/;

/** The canonical /users/<id>/<slug> URL if `pageUrl` is a Stack Exchange user page, else null. */
export function stackOverflowProfileUrl(pageUrl: string): string | null {
  const p = urlParts(pageUrl);
  if (p === null || !SE_HOSTS.test(p.host)) return null;
  const [head, id, slug] = p.segments;
  if (head !== "users" || !id || !/^\d+$/.test(id)) return null;
  const path = slug ? `/users/${id}/${slug}` : `/users/${id}`;
  return normalizeProfileUrl(`https://${p.host}${path}`)?.canonical ?? null;
}

/** Reads a Stack Overflow / Stack Exchange user page; null when the page is not one. */
export function readStackOverflow(doc: Document, pageUrl: string): Candidate | null {
  const fromUrl = stackOverflowProfileUrl(pageUrl);
  if (fromUrl === null) return null;
  const base = doc.baseURI || pageUrl;
  const root = pick(doc, "#mainbar-full", "#mainbar", "#user-card", "#content");
  if (root === null) return null;
  // The page's canonical link carries the slug when the address had none.
  const canonical = stackOverflowProfileUrl(httpUrl(doc.querySelector("link[rel=canonical]")?.getAttribute("href"), base) ?? "");
  const idOf = (u: string | null) => (u === null ? null : (/\/users\/(\d+)/.exec(u)?.[1] ?? null));
  const profileUrl = canonical !== null && idOf(canonical) === idOf(fromUrl) ? canonical : fromUrl;

  const nameEl = pick(root, ".fs-headline2", ".profile-user--name", "[itemprop=name]", ".user-card-name");
  const fromTitle = /^User\s+(.+?)\s+-\s+[^-]+$/.exec(doc.title)?.[1] ?? "";
  const fullName = clip(visibleText(nameEl) || fromTitle, 300);
  if (fullName === "") return null;
  // The header: the smallest ancestor of the name that also holds the title and the icon row.
  let header: Element | null = nameEl;
  while (header && header !== root && !header.querySelector("ul, .fs-title")) header = header.parentElement;
  header ??= root;
  const titleEl = Array.from(header.querySelectorAll(".fs-title, .profile-user--title")).find(
    (e) => !e.contains(nameEl) && !e.querySelector(".fs-headline2"),
  );
  const headline = clip(visibleText(titleEl), 500);
  const split = splitHeadline(headline);
  const locationEl = header.querySelector(".iconLocation, .iconGlobe")?.closest("li") ?? null;
  const location = clip(locationEl?.querySelector("[title]")?.getAttribute("title") || visibleText(locationEl), 300);

  const about = pick(root, ".js-about-me-content", ".profile-about-me", "[class*='about-me']");
  const summary = clip(textLines(about).join(" "), 20_000);
  // The About block's links (website, Twitter, GitHub) are the user's; the rest of the page links
  // to the network's own pages and to other users.
  const linkRoots = [
    ...Array.from(root.querySelectorAll(".iconLink, .iconTwitter, .iconGitHub, .iconGithub")).map(
      (icon) => icon.closest("li") ?? icon.parentElement,
    ),
    ...Array.from(root.querySelectorAll("a[rel~='me']")).map((a) => a.parentElement),
  ];
  const links = outboundLinks(linkRoots, "a[href]", base, SE_HOSTS);
  const tags = pick(root, "#top-tags", "#user-tab-tags", ".user-tags");
  const skills = itemTexts(tags, "a.post-tag, a.s-tag");
  const avatar = pick(root, ".gravatar-wrapper-128 img", ".gravatar-wrapper-164 img", "img.bar-md", "img[alt*='avatar' i]");
  const names = splitName(fullName);
  const person: Partial<ProfileDraft> = {
    fullName,
    firstName: clip(names.firstName, 150),
    lastName: clip(names.lastName, 150),
    headline,
    title: clip(split?.title, 300),
    company: clip(split?.company, 300),
    location,
    profileUrl,
    photoUrl: httpUrl(avatar?.getAttribute("src"), base),
    links: dedupe(links),
    skills: dedupe(skills),
    summary,
  };
  return { source: "site", role: "main", person, identityUrls: [profileUrl], element: root };
}
