import { normalizeProfileUrl, splitName } from "../../normalize";
import { countryFromLocation } from "../country";
import { cleanCompany, cleanEmail, cleanPhone, clip, dedupe, httpUrl, textLines, visibleText } from "../text";
import type { Candidate, Education, Experience, ProfileDraft } from "../types";
import { educationFromLines, experienceFromLines, pick, pickText, sectionByHeading, topLevelItems } from "./common";

// XING's profile pages are a React app whose class names are generated, so this reader leans on
// what survives a redesign: the h1 in the profile header, data-qa/data-testid hooks naming the
// header lines, and section headings (German and English).

/** The canonical xing.com/profile/<slug> URL if `pageUrl` is a XING profile, else null. */
export function xingProfileUrl(pageUrl: string): string | null {
  const n = normalizeProfileUrl(pageUrl);
  if (n === null || n.site !== "xing" || !/^xing\.com\/profile\/[^/]+/.test(n.key)) return null;
  return n.canonical;
}

const ABOUT = /^(?:über mich|about me|about|info)$/i;
const EXPERIENCE = /^(?:berufserfahrung|werdegang|berufliche stationen|work experience|professional experience|experience)$/i;
const EDUCATION = /^(?:ausbildung|studium|education)$/i;
const SKILLS = /^(?:ich biete|top-fähigkeiten|fähigkeiten|kenntnisse|skills|haves)$/i;
const CONTACT = /^(?:kontaktdaten|kontakt|contact details|contact)$/i;

function hooked(root: ParentNode, word: string): string {
  return pickText(
    root,
    `[data-qa*='${word}']`,
    `[data-testid*='${word}']`,
    `[class*='${word}']:not(h1)`,
  );
}

function items(section: Element | null): Element[] {
  return section ? topLevelItems(section) : [];
}

/** Reads a XING profile page; null when the page is not one. */
export function readXing(doc: Document, pageUrl: string): Candidate | null {
  const profileUrl = xingProfileUrl(pageUrl);
  if (profileUrl === null) return null;
  const base = doc.baseURI || pageUrl;
  const main = doc.querySelector("main") ?? doc.body;
  if (!main) return null;
  const h1 = Array.from(main.querySelectorAll("h1")).find((h) => !h.closest("aside, nav, [role=dialog]"));
  const root =
    pick(main, "[data-qa='profile-header']", "[data-testid='profile-header']", ".profile-header", "header") ??
    h1?.closest("section, header") ??
    null;
  if (!root) return null;
  const fullName = clip(pickText(root, "h1") || visibleText(h1), 300);
  if (fullName === "") return null;

  // Header lines after the name, for what the hooks do not name: occupation, company, location.
  const lines = textLines(root).filter((l) => l !== fullName);
  const headline = clip(hooked(root, "occupation") || hooked(root, "headline") || lines[0] || "", 500);
  const company = cleanCompany(hooked(root, "company") || hooked(root, "employer"));
  const location = clip(hooked(root, "location") || "", 300);
  const country = countryFromLocation(location);

  const experience: Experience[] = items(sectionByHeading(main, EXPERIENCE))
    .map((li) => experienceFromLines(textLines(li)))
    .filter((e): e is Experience => e !== null);
  const education: Education[] = items(sectionByHeading(main, EDUCATION))
    .map((li) => educationFromLines(textLines(li)))
    .filter((e): e is Education => e !== null);
  const skillsSection = sectionByHeading(main, SKILLS);
  const skillItems = items(skillsSection).map((li) => visibleText(li));
  const skills = skillItems.length > 0 ? skillItems : textLines(skillsSection).slice(1).flatMap((l) => l.split(/\s*,\s*/));
  const aboutSection = sectionByHeading(main, ABOUT);
  const summary = textLines(aboutSection)
    .filter((l) => !ABOUT.test(l))
    .join(" ");

  const contact = sectionByHeading(main, CONTACT);
  const emails: string[] = [];
  const phones: string[] = [];
  const links: string[] = [];
  if (contact) {
    for (const a of Array.from(contact.querySelectorAll("a[href]"))) {
      const href = a.getAttribute("href") ?? "";
      if (/^mailto:/i.test(href)) emails.push(cleanEmail(href) ?? "");
      else if (/^tel:/i.test(href)) phones.push(cleanPhone(href, country) ?? "");
      else links.push(httpUrl(href, base) ?? "");
    }
  }
  const current = experience.find((e) => e.end === "");
  const photo = pick(root, "img[src*='profile']", "img");
  const split = splitName(fullName);
  const person: Partial<ProfileDraft> = {
    fullName,
    firstName: clip(split.firstName, 150),
    lastName: clip(split.lastName, 150),
    headline,
    title: clip(current?.title || headline, 300),
    company: clip(company || current?.company || "", 300),
    location,
    emails: dedupe(emails),
    phones: dedupe(phones),
    profileUrl,
    photoUrl: httpUrl(photo?.getAttribute("src"), base),
    links: dedupe(links),
    skills: dedupe(skills.map((s) => clip(s, 100))),
    experience,
    education,
    summary: clip(summary, 20_000),
  };
  return { source: "site", role: "main", person, identityUrls: [profileUrl], element: root };
}
