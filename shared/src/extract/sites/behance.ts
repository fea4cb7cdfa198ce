import { normalizeProfileUrl, splitName } from "../../normalize";
import { clip, dedupe, httpUrl, splitHeadline, textLines } from "../text";
import type { Candidate, ProfileDraft } from "../types";
import { itemTexts, outboundLinks, pick, pickText, sectionByHeading, urlParts } from "./common";

// behance.net/<user>: a React app whose class names end in generated suffixes
// ("ProfileCard-userFullName-ule"), so this reader matches their stable prefixes, the e2e- hooks
// and the sidebar's section headings ("On The Web", "About Me", "Creative Fields", "Tools").
// Project covers and their owners are outside the profile card.

const RESERVED = new Set(
  "galleries gallery search joblist joblists live assets hire onboarding for_you blog misc dev privacy tos about moodboard collection".split(" "),
);

/** The canonical behance.net/<user> URL if `pageUrl` is under a Behance profile, else null. */
export function behanceProfileUrl(pageUrl: string): string | null {
  const p = urlParts(pageUrl);
  if (p === null || p.host !== "behance.net") return null;
  const [user] = p.segments;
  if (!user || RESERVED.has(user.toLowerCase()) || p.segments.length > 2) return null;
  return normalizeProfileUrl(`https://www.behance.net/${user}`)?.canonical ?? null;
}

/** Reads a Behance profile page; null when the page is not one. */
export function readBehance(doc: Document, pageUrl: string): Candidate | null {
  const profileUrl = behanceProfileUrl(pageUrl);
  if (profileUrl === null) return null;
  const base = doc.baseURI || pageUrl;
  const card = pick(doc, "[class*='ProfileCard-root']", "[class*='ProfileCard-']");
  if (card === null) return null;
  const sidebar = card.closest("aside") ?? card;
  const fullName = clip(pickText(card, "[class*='ProfileCard-userFullName']", "h1"), 300);
  if (fullName === "") return null;
  const headline = clip(pickText(card, ".e2e-Profile-occupation", "[class*='ProfileCard-line']:not([class*='ProfileCard-anchor'])"), 500);
  const split = splitHeadline(headline);
  const location = clip(pickText(card, ".e2e-Profile-location", "[class*='ProfileCard-anchor']"), 300);
  const web = sectionByHeading(sidebar, /^on the web$/i);
  const links = outboundLinks(
    [web, ...Array.from(sidebar.querySelectorAll("[class*='VerifiedSocial'], [class*='SocialLinks']"))],
    "a[href]",
    base,
    /(?:^|\.)behance\.net$/,
  );
  const about = sectionByHeading(sidebar, /^about(?: me)?$/i);
  const bioEl = pick(about ?? sidebar, "[class*='UserInfo-bio']");
  const bioLines = bioEl ? textLines(bioEl) : textLines(about).slice(1).filter((l) => !/^member since/i.test(l));
  const fields = sectionByHeading(sidebar, /^creative fields$/i);
  const tools = sectionByHeading(sidebar, /^tools(?: used)?$/i);
  const skills = [...itemTexts(fields, "li"), ...itemTexts(tools, "li")];
  const avatar = pick(card, "[class*='ProfileCard-avatar'] img", "img[class*='AvatarImage']", "img");
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
    summary: clip(bioLines.join(" "), 20_000),
  };
  return { source: "site", role: "main", person, identityUrls: [profileUrl], element: sidebar };
}
