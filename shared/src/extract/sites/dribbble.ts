import { normalizeProfileUrl, splitName } from "../../normalize";
import { clip, dedupe, httpUrl, splitHeadline, textLines, visibleText } from "../text";
import type { Candidate, ProfileDraft } from "../types";
import { itemTexts, outboundLinks, pick, pickText, urlParts } from "./common";

// dribbble.com/<user> (and its /about tab): the profile masthead (avatar, h1 name, locality, intro
// line), then on the About tab the biography, the skills list and the social links. Designer cards
// ("Similar designers") and shots of other players are outside the masthead and the about modules.

const RESERVED = new Set(
  "shots designers jobs tags search session signup stories hiring learn pro places colors following account uploads about contact privacy terms resources services freelance-jobs".split(
    " ",
  ),
);

/** The canonical dribbble.com/<user> URL if `pageUrl` is under a Dribbble profile, else null. */
export function dribbbleProfileUrl(pageUrl: string): string | null {
  const p = urlParts(pageUrl);
  if (p === null || p.host !== "dribbble.com") return null;
  const [user] = p.segments;
  if (!user || RESERVED.has(user.toLowerCase()) || p.segments.length > 2) return null;
  return normalizeProfileUrl(`https://dribbble.com/${user}`)?.canonical ?? null;
}

/** Reads a Dribbble profile page; null when the page is not one. */
export function readDribbble(doc: Document, pageUrl: string): Candidate | null {
  const profileUrl = dribbbleProfileUrl(pageUrl);
  if (profileUrl === null) return null;
  const base = doc.baseURI || pageUrl;
  const masthead = pick(doc, ".profile-masthead", ".masthead");
  if (masthead === null) return null;
  const fullName = clip(pickText(masthead, ".masthead-profile-name", "h1"), 300);
  if (fullName === "") return null;
  const headline = clip(pickText(masthead, ".masthead-intro"), 500);
  const split = splitHeadline(headline);
  const about = pick(doc, ".profile-about-container", ".profile-about", ".about-content");
  const location = clip(pickText(masthead, ".masthead-profile-locality", ".location") || pickText(about ?? masthead, ".location"), 300);
  const bio = pick(about ?? doc, ".bio-text", ".profile-bio", "[class*='bio']");
  const skills = itemTexts(about, ".skills-list a, .skill-tag");
  const links = outboundLinks(
    [about?.querySelector(".social-links-list, .social-mod") ?? null],
    "a[href]",
    base,
    /(?:^|\.)dribbble\.com$/,
  );
  const avatar = pick(masthead, "img.profile-avatar", ".masthead-avatar img", "img");
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
    summary: clip(textLines(bio).join(" ") || visibleText(bio), 20_000),
  };
  return { source: "site", role: "main", person, identityUrls: [profileUrl], element: masthead };
}
