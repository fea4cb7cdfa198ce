import { normalizeProfileUrl, splitName } from "../../normalize";
import { countryFromLocation } from "../country";
import { looksLikeDateRange, normalizeDate, parseDateRange } from "../dates";
import {
  cleanCompany,
  cleanEmail,
  cleanPhone,
  cleanText,
  clip,
  dedupe,
  elementChildren,
  httpUrl,
  splitHeadline,
  textLines,
  visibleText,
} from "../text";
import type { Candidate, Education, Experience, ProfileDraft } from "../types";
import {
  companyFromLine,
  educationFromLines,
  experienceFromLines,
  locationFromLine,
  MAX_ITEMS,
  ownLines,
  pick,
  pickText,
  sectionByHeading,
  topLevelItems,
} from "./common";

// Two layouts share /in/<slug>: the public "guest" page (top-card-layout__*, profile-section-card)
// and the signed-in member page (artdeco cards, pv-*, #about/#experience anchors, the contact-info
// dialog). Both readers start from the profile's own top card and its own sections, so the
// "People also viewed" / "More profiles for you" asides are never read.

/** The canonical /in/ URL if `pageUrl` is a LinkedIn member profile (or one of its sub-pages), else null. */
export function linkedInProfileUrl(pageUrl: string): string | null {
  const n = normalizeProfileUrl(pageUrl);
  if (n === null || n.site !== "linkedin") return null;
  if (!/^linkedin\.com\/(?:in|pub)\/[^/]/.test(n.key)) return null;
  return n.canonical;
}

const ABOUT = /^(?:about|info|o mně|info über mich|über mich|à propos|acerca de)$/i;
const EXPERIENCE = /^(?:experience|praxe|zkušenosti|berufserfahrung|erfahrung|expérience|experiencia)$/i;
const EDUCATION = /^(?:education|vzdělání|ausbildung|formation|educación)$/i;
const SKILLS = /^(?:skills|dovednosti|kenntnisse(?: & fähigkeiten)?|compétences|aptitudes)$/i;
const NOT_LOCATION = /\b(?:connections?|followers?|kontakt\w*|sledující\w*|abonnés|relations|contactos)\b|^\d[\d,.+\s]*$/i;
// "(She/Her)", "(er/ihm)", "1st", "2nd", "3rd+", "· 3rd": never a place.
const PRONOUNS_OR_DEGREE = /^\(.*\)$|^[·•]?\s*(?:1st|2nd|3rd|\d+th)\+?$/i;
// Pages LinkedIn serves at a /in/ URL that are not a profile: the error page, the signed-out home
// page, the auth wall. Told by the page's own signals, not by its URL.
const NON_PROFILE_PAGE_KEY = /error|404|not[-_]?found|auth[-_]?wall|guest[-_]?home|homepage|login|sign[-_]?(?:in|up)|checkpoint|unavailable/i;
const NON_PROFILE_HEADLINE =
  /^(?:this page doesn.t exist|page not found|profile not found|this profile is not available|join linkedin\b|sign in\b|sign up\b|welcome to your professional community|log in or sign up|agree & join)/i;

// LinkedIn's placeholder for members without a photo.
const GHOST_PHOTO = /ghost|\/static\.licdn\.com\/.*person/i;

function photoOf(img: Element | null, base: string): string | null {
  if (!img) return null;
  // A lazy image's src is empty, a data: pixel or a ghost until it scrolls into view; the real
  // address is in data-delayed-url. An empty src would resolve to the page's own URL.
  for (const attr of ["data-delayed-url", "src", "data-src"]) {
    const raw = img.getAttribute(attr);
    if (raw === null || raw.trim() === "" || raw.trim() === "#") continue;
    const href = httpUrl(raw, base);
    if (href !== null && !GHOST_PHOTO.test(href) && href !== base) return href;
  }
  return null;
}

/** Start/end of a LinkedIn date-range element: its <time> children when present, else its text. */
function rangeOf(el: Element | null): { start: string; end: string } {
  if (!el) return { start: "", end: "" };
  const times = Array.from(el.querySelectorAll("time")).map((t) => t.getAttribute("datetime") ?? visibleText(t));
  const text = visibleText(el);
  if (times.length >= 2) return { start: normalizeDate(times[0]), end: normalizeDate(times[1]) };
  const parsed = parseDateRange(text);
  if (times.length === 1) return { start: normalizeDate(times[0]), end: parsed?.end ?? "" };
  return parsed ?? { start: "", end: "" };
}

function outsideAside(els: Element[]): Element[] {
  return els.filter((el) => !el.closest("aside, [role=complementary]"));
}

// ---------------------------------------------------------------------------------------------
// Guest layout

function guestExperience(doc: Document): Experience[] {
  const section =
    pick(doc, "section[data-section='experience']", "section.experience") ?? sectionByHeading(doc, EXPERIENCE);
  if (!section) return [];
  const out: Experience[] = [];
  for (const li of topLevelItems(section)) {
    const positions = Array.from(li.querySelectorAll(".experience-group-position"));
    if (positions.length > 0 || li.classList.contains("experience-group")) {
      const company = cleanCompany(pickText(li, ".experience-group-header__company", "h4"));
      for (const pos of positions) {
        out.push({
          title: clip(pickText(pos, ".profile-section-card__title", "h3"), 300),
          company: clip(company, 300),
          ...rangeOf(pick(pos, ".date-range")),
          location: clip(pickText(pos, ".experience-group-position__location", ".experience-item__location"), 300),
        });
      }
      continue;
    }
    const title = pickText(li, ".profile-section-card__title", ".experience-item__title", "h3");
    if (title === "") continue;
    out.push({
      title: clip(title, 300),
      company: clip(cleanCompany(pickText(li, ".profile-section-card__subtitle", ".experience-item__subtitle", "h4")), 300),
      ...rangeOf(pick(li, ".date-range", ".experience-item__duration")),
      location: clip(pickText(li, ".experience-item__location"), 300),
    });
  }
  return out;
}

function guestEducation(doc: Document): Education[] {
  const section =
    pick(doc, "section[data-section='educationsDetails']", "section.education") ?? sectionByHeading(doc, EDUCATION);
  if (!section) return [];
  const out: Education[] = [];
  for (const li of topLevelItems(section)) {
    const school = pickText(li, ".profile-section-card__title", "h3");
    if (school === "") continue;
    const infos = Array.from(li.querySelectorAll(".education__item--degree-info")).map((e) => visibleText(e));
    const [degree = "", field = ""] =
      infos.length > 0 ? infos : pickText(li, ".profile-section-card__subtitle", "h4").split(/\s*,\s*/, 2);
    out.push({
      school: clip(school, 300),
      degree: clip(degree, 300),
      field: clip(field, 300),
      ...rangeOf(pick(li, ".date-range", ".education__item--duration")),
    });
  }
  return out;
}

function readGuest(doc: Document, root: Element, base: string): Partial<ProfileDraft> {
  const fullName = pickText(root, ".top-card-layout__title", "h1");
  let location = "";
  for (const el of Array.from(root.querySelectorAll(".top-card__subline-item, .top-card-layout__first-subline > *"))) {
    const t = visibleText(el);
    if (t !== "" && !NOT_LOCATION.test(t)) {
      location = t;
      break;
    }
  }
  const summarySection =
    pick(doc, "section[data-section='summary']", "section.summary") ?? sectionByHeading(doc, ABOUT);
  const summary = summarySection
    ? pickText(summarySection, ".core-section-container__content", "p") ||
      textLines(summarySection).slice(1).join(" ")
    : "";
  const skillsSection = pick(doc, "section[data-section='skills']") ?? sectionByHeading(doc, SKILLS);
  return {
    fullName,
    headline: pickText(root, ".top-card-layout__headline", "h2"),
    location,
    company: cleanCompany(
      pickText(
        root,
        "[data-section='currentPositionsDetails'] .top-card-link__description",
        "[data-tracking-control-name*='current-company'] .top-card-link__description",
        "[data-tracking-control-name*='current-company']",
      ),
    ),
    photoUrl: photoOf(
      pick(root, "img.top-card__profile-image", "img.top-card-layout__entity-image", ".top-card__profile-image-container img"),
      base,
    ),
    summary,
    experience: guestExperience(doc),
    education: guestEducation(doc),
    skills: skillsSection ? topLevelItems(skillsSection).map((li) => visibleText(li)) : [],
  };
}

// ---------------------------------------------------------------------------------------------
// Member layout

function memberSection(doc: Document, anchor: string, heading: RegExp): Element | null {
  const a = doc.getElementById(anchor);
  const fromAnchor = a?.closest("section") ?? null;
  if (fromAnchor) return fromAnchor;
  const main = doc.querySelector("main") ?? doc;
  const found = sectionByHeading(main, heading);
  return found && !found.closest("aside") ? found : null;
}

function memberItems(section: Element): Element[] {
  const list = section.querySelector("ul");
  if (!list) return [];
  return elementChildren(list)
    .filter((c) => c.tagName === "LI")
    .slice(0, MAX_ITEMS);
}

function memberExperience(doc: Document): Experience[] {
  const section = memberSection(doc, "experience", EXPERIENCE);
  if (!section) return [];
  const out: Experience[] = [];
  for (const li of memberItems(section)) {
    // One company with several roles nests the roles (each with its dates) in a sub-list, and its
    // own lines carry no date range. A single role also nests a sub-list, for its description.
    const head = ownLines(li);
    const positions = head.some(looksLikeDateRange)
      ? []
      : Array.from(li.querySelectorAll("ul li")).filter(
          (p) => p.parentElement?.closest("li") === li && textLines(p).some(looksLikeDateRange),
        );
    if (positions.length > 0) {
      // The group's own lines are company / "Full-time · 6 yrs" / location.
      const company = companyFromLine(head[0] ?? "");
      const groupLocation = head.slice(1).find((l) => !/\d/.test(l) && l.length <= 80) ?? "";
      for (const pos of positions) {
        const lines = textLines(pos);
        const e = experienceFromLines(lines);
        if (e === null) continue;
        out.push({ ...e, company: clip(company, 300), location: e.location || clip(locationFromLine(groupLocation), 300) });
      }
      continue;
    }
    // A single role: its own lines (without the nested description) say it all.
    const e = experienceFromLines(head);
    if (e !== null) out.push(e);
  }
  return out;
}

function memberEducation(doc: Document): Education[] {
  const section = memberSection(doc, "education", EDUCATION);
  if (!section) return [];
  return memberItems(section)
    .map((li) => educationFromLines(textLines(li)))
    .filter((e): e is Education => e !== null);
}

function memberSkills(doc: Document): string[] {
  const section = memberSection(doc, "skills", SKILLS);
  if (!section) return [];
  return memberItems(section)
    .map((li) => textLines(li)[0] ?? "")
    .filter((s) => s !== "" && s.length <= 100);
}

function memberSummary(doc: Document): string {
  const section = memberSection(doc, "about", ABOUT);
  if (!section) return "";
  const text = pickText(section, ".inline-show-more-text", ".pv-shared-text-with-see-more", ".display-flex.ph5");
  if (text !== "") return text;
  return textLines(section)
    .filter((l) => !ABOUT.test(l))
    .join(" ");
}

function currentCompanyFromTopCard(root: Element): string {
  for (const el of Array.from(root.querySelectorAll("[aria-label]"))) {
    const m = /^(?:current company|aktuální společnost|aktuelles unternehmen)\s*:\s*(.+?)(?:\.\s+(?:click|klikn|klick).*)?$/i.exec(
      cleanText(el.getAttribute("aria-label")),
    );
    if (m?.[1]) return cleanCompany(m[1]);
  }
  return cleanCompany(pickText(root, ".pv-text-details__right-panel li", "[data-field='experience_company_logo']"));
}

function readMember(doc: Document, root: Element, base: string): Partial<ProfileDraft> {
  const fullName = pickText(root, "h1.text-heading-xlarge", "h1");
  // The top card's location is the "text-body-small inline t-black--light break-words" span; the
  // other light small spans are the pronouns next to the name and the distance badge ("3rd", whose
  // words are screen-reader-only), so they are passed over when read as a fallback.
  let location = "";
  for (const el of Array.from(
    root.querySelectorAll(
      "span.text-body-small.inline.t-black--light.break-words, .pv-text-details__left-panel span.text-body-small, span.text-body-small.t-black--light",
    ),
  )) {
    if (el.querySelector("a") || el.closest("a, .distance-badge, .dist-value")) continue;
    const t = visibleText(el);
    if (t !== "" && !NOT_LOCATION.test(t) && !PRONOUNS_OR_DEGREE.test(t)) {
      location = t;
      break;
    }
  }
  const photo = photoOf(
    pick(
      root,
      "img.pv-top-card-profile-picture__image--show",
      "img.pv-top-card-profile-picture__image",
      ".pv-top-card__photo img",
      ".pv-top-card--photo img",
      "img[class*='profile-picture']",
    ),
    base,
  );
  return {
    fullName,
    headline: pickText(root, ".text-body-medium.break-words", ".text-body-medium"),
    location,
    company: currentCompanyFromTopCard(root),
    photoUrl: photo,
    summary: memberSummary(doc),
    experience: memberExperience(doc),
    education: memberEducation(doc),
    skills: memberSkills(doc),
  };
}

// ---------------------------------------------------------------------------------------------
// Older public layouts (about 2012–2018): a vcard top card (#top-card / #topcard .profile-card.vcard),
// #background-summary or #summary, jobs with an .experience-date-locale or .date-range line, #background-skills
// or #skills pills, and the overview's "Websites" list (links through LinkedIn's /redir/redirect).

// "See 14+", "See less", "Show more": the pill list's own buttons, never a skill.
const NOT_A_SKILL = /^(?:see|show|view)\s+(?:less|more|all|fewer|\d+\+?)\b.*$|^\+?\d+\+?$/i;

/** The target of a LinkedIn /redir/redirect?url=… link, else the link itself. */
function unwrapRedirect(href: string | null): string | null {
  if (href === null) return null;
  try {
    const u = new URL(href);
    if (/(?:^|\.)linkedin\.com$/i.test(u.hostname) && /^\/redir\//.test(u.pathname)) return httpUrl(u.searchParams.get("url"));
  } catch {
    return null;
  }
  return href;
}

/** Text of a date line without the place glued to its end (".locality"/".location" inside it). */
function dateLineText(el: Element): string {
  const parts: string[] = [];
  for (let n = el.firstChild; n !== null; n = n.nextSibling) {
    if (n.nodeType === 3) parts.push(n.nodeValue ?? "");
    else if (n.nodeType === 1 && !(n as Element).matches(".locality, .location, [class*='location']")) parts.push(` ${visibleText(n as Element)} `);
  }
  return cleanText(parts.join(""));
}

/** Start/end of an older layout's date line: its <time> elements, the rest of the text for "Present". */
function legacyRange(el: Element | null): { start: string; end: string } {
  if (!el) return { start: "", end: "" };
  const times = Array.from(el.querySelectorAll("time")).map((t) => visibleText(t).replace(/^[–—-]\s*/, ""));
  if (times.length >= 2) return { start: normalizeDate(times[0]), end: normalizeDate(times[1]) };
  const parsed = parseDateRange(dateLineText(el));
  if (times.length === 1) return { start: normalizeDate(times[0]), end: parsed?.end ?? "" };
  return parsed ?? { start: "", end: "" };
}

function legacyItems(doc: Document, selectors: string): Element[] {
  return Array.from(doc.querySelectorAll(selectors)).slice(0, MAX_ITEMS);
}

function legacyExperience(doc: Document): Experience[] {
  const out: Experience[] = [];
  for (const item of legacyItems(doc, "#background-experience .section-item, #background-experience > div[id^='experience-'], #experience li.position")) {
    const title = pickText(item, ".item-title", "header h4", "h4");
    if (title === "") continue;
    // The first h5 of a job can be the company's logo; the name is the first one with text.
    const company = cleanCompany(pickText(item, ".item-subtitle", "header h5:not(.experience-logo)", "h5"));
    const dateLine = pick(item, ".experience-date-locale", ".date-range", ".meta");
    out.push({
      title: clip(title, 300),
      company: clip(company, 300),
      ...legacyRange(dateLine),
      // The place is its own element; the description is not read for one.
      location: clip(locationFromLine(pickText(item, ".experience-date-locale .locality", ".locality", ".location")), 300),
    });
  }
  return out;
}

function legacyEducation(doc: Document): Education[] {
  const out: Education[] = [];
  for (const item of legacyItems(doc, "#background-education .section-item, #background-education > div[id^='education-'], #education li.school")) {
    const school = pickText(item, ".item-title", "header h4", "h4");
    if (school === "") continue;
    let degree = pickText(item, ".degree", ".original.translation");
    let field = pickText(item, ".major");
    if (degree === "" && field === "") [degree = "", field = ""] = pickText(item, ".item-subtitle", "h5").split(/\s*,\s*/, 2);
    out.push({
      school: clip(school, 300),
      degree: clip(degree.replace(/\s*,\s*$/, ""), 300),
      field: clip(field, 300),
      ...legacyRange(pick(item, ".education-date", ".date-range", ".meta")),
    });
  }
  return out;
}

function legacySkills(doc: Document): string[] {
  const els = Array.from(
    doc.querySelectorAll(
      "#background-skills .endorse-item-name-text, #background-skills .endorse-item-name, #background-skills li.skill, #skills li.skill, #profile-skills li",
    ),
  );
  const out: string[] = [];
  for (const el of els) {
    if (el.closest(".see-more, .see-less") || (el.matches(".endorse-item-name") && el.querySelector(".endorse-item-name-text"))) continue;
    const t = visibleText(el);
    if (t !== "" && t.length <= 100 && !NOT_A_SKILL.test(t)) out.push(t);
  }
  return out.slice(0, MAX_ITEMS);
}

function legacyWebsites(doc: Document, base: string): string[] {
  const out: string[] = [];
  for (const a of Array.from(
    doc.querySelectorAll(
      "#overview-summary-websites a[href], tr[data-section='websites'] a[href], .extra-info .websites a[href], #websites a[href]",
    ),
  )) {
    const href = unwrapRedirect(httpUrl(a.getAttribute("href"), base));
    if (href !== null) out.push(href);
  }
  return out;
}

function readLegacy(doc: Document, root: Element, base: string): Partial<ProfileDraft> & { links: string[] } {
  const summaryEl = pick(doc, "#background-summary .description", "#summary .description", "#summary-item-view .description", "#summary p");
  return {
    fullName: pickText(root, "#name .full-name", ".full-name", "#name", ".fn", "h1"),
    headline: pickText(root, "#headline .title", "p.headline", ".headline", "p.title"),
    location: pickText(root, "#location .locality", "#demographics .locality", ".locality", "#demographics dd"),
    company: cleanCompany(
      pickText(root, "#overview-summary-current li a", "#overview-summary-current li", "[data-section='currentPositionsDetails'] td .org", "[data-section='currentPositionsDetails'] td"),
    ),
    photoUrl: photoOf(pick(root, ".profile-picture img", "img.photo", "img"), base),
    summary: visibleText(summaryEl),
    experience: legacyExperience(doc),
    education: legacyEducation(doc),
    skills: legacySkills(doc),
    links: legacyWebsites(doc, base),
  };
}

// ---------------------------------------------------------------------------------------------
// Contact info dialog (member layout, /in/<slug>/overlay/contact-info/)

type ContactKind = "email" | "phone" | "website" | "profile" | "twitter" | "other";

function contactKind(section: Element): ContactKind {
  const cls = section.getAttribute("class") ?? "";
  if (/\bci-email\b/.test(cls)) return "email";
  if (/\bci-phone\b/.test(cls)) return "phone";
  if (/\bci-websites?\b/.test(cls)) return "website";
  if (/\bci-vanity-url\b/.test(cls)) return "profile";
  if (/\bci-twitter\b/.test(cls)) return "twitter";
  const header = visibleText(section.querySelector("h3, header, .pv-contact-info__header"));
  if (/e-?mail/i.test(header)) return "email";
  if (/phone|telefon|mobil/i.test(header)) return "phone";
  if (/web|stránk/i.test(header)) return "website";
  if (/twitter|^x$/i.test(header)) return "twitter";
  if (/profil/i.test(header)) return "profile";
  return "other";
}

const EMAIL_IN_TEXT = /[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+/g;

/** Emails, phones and links from the member layout's contact-info dialog, if it is open on the page. */
export function readContactInfo(
  doc: Document,
  base: string,
  country?: string,
): { emails: string[]; phones: string[]; links: string[] } {
  let sections = Array.from(doc.querySelectorAll(".pv-contact-info__contact-type"));
  if (sections.length === 0) {
    const dialog = Array.from(doc.querySelectorAll("[role=dialog]")).find((d) =>
      /contact info|kontaktní údaje|kontaktinfo/i.test(visibleText(d.querySelector("h1, h2"))),
    );
    sections = dialog ? Array.from(dialog.querySelectorAll("section")) : [];
  }
  const emails: string[] = [];
  const phones: string[] = [];
  const links: string[] = [];
  for (const section of sections) {
    const kind = contactKind(section);
    if (kind === "email") {
      for (const a of Array.from(section.querySelectorAll("a[href]"))) emails.push(cleanEmail(a.getAttribute("href")) ?? "");
      for (const m of visibleText(section).match(EMAIL_IN_TEXT) ?? []) emails.push(cleanEmail(m) ?? "");
    } else if (kind === "phone") {
      const entries = section.querySelectorAll("li").length > 0 ? Array.from(section.querySelectorAll("li")) : [section];
      for (const entry of entries) {
        // "+420 777 123 456 (Mobile)": the first text span is the number, the type comes after.
        const spans = Array.from(entry.querySelectorAll("span")).map((s) => visibleText(s));
        const raw = spans.find((s) => /\d{3}/.test(s)) ?? visibleText(entry).replace(/\(.*?\)\s*$/, "");
        phones.push(cleanPhone(raw.replace(/\(\s*(?:mobile|home|work|mobil|práce|domů|privat|arbeit)\s*\)\s*$/i, ""), country) ?? "");
      }
    } else if (kind === "website" || kind === "twitter") {
      for (const a of Array.from(section.querySelectorAll("a[href]"))) links.push(httpUrl(a.getAttribute("href"), base) ?? "");
      if (kind === "twitter" && section.querySelectorAll("a[href]").length === 0) {
        const handle = /@?([A-Za-z0-9_]{1,15})\b/.exec(visibleText(section).replace(/^twitter\s*/i, ""));
        if (handle?.[1]) links.push(`https://x.com/${handle[1]}`);
      }
    }
  }
  return { emails: dedupe(emails), phones: dedupe(phones), links: dedupe(links) };
}

// ---------------------------------------------------------------------------------------------

/** Whether a page at a /in/ URL says it is not a profile: its canonical URL (or og:url) is another kind of LinkedIn page, its page key names an error, home or auth-wall page, or its title or headline is an error or sign-in one. */
function notAProfile(doc: Document, root: Element, base: string): boolean {
  for (const sel of ["link[rel~='canonical' i][href]", "meta[property='og:url'][content]"]) {
    const el = doc.querySelector(sel);
    const href = httpUrl(el?.getAttribute("href") ?? el?.getAttribute("content"), base);
    if (href === null) continue;
    const n = normalizeProfileUrl(href);
    if (n?.site === "linkedin" && linkedInProfileUrl(href) === null) return true;
  }
  const pageKey = cleanText(doc.querySelector("meta[name='pageKey' i]")?.getAttribute("content"));
  if (pageKey !== "" && NON_PROFILE_PAGE_KEY.test(pageKey)) return true;
  const title = cleanText(doc.title).replace(/^\(\d+\+?\)\s*/, "");
  if (/^(?:profile not found|page not found|sign up|log in|linkedin: log in)\b/i.test(title)) return true;
  const headline = pickText(root, ".top-card-layout__title", "h1.text-heading-xlarge", "h1");
  return NON_PROFILE_HEADLINE.test(headline);
}

/** Reads a LinkedIn member profile page (guest or member layout); null when the page is not one. */
export function readLinkedIn(doc: Document, pageUrl: string): Candidate | null {
  const profileUrl = linkedInProfileUrl(pageUrl);
  if (profileUrl === null) return null;
  const base = doc.baseURI || pageUrl;
  const guestRoot = pick(doc, ".top-card-layout", "section.top-card-layout");
  const legacyRoot =
    guestRoot === null ? pick(doc, "#top-card .profile-card.vcard", "#topcard .profile-card.vcard", ".profile-card.vcard", "#top-card .vcard", "#topcard") : null;
  const memberRoot =
    guestRoot === null && legacyRoot === null
      ? (pick(doc, ".pv-top-card", "section.artdeco-card.pv-top-card")?.closest("section") ??
        doc.querySelector("h1.text-heading-xlarge")?.closest("section") ??
        outsideAside(Array.from(doc.querySelectorAll("main h1")))[0]?.closest("section") ??
        null)
      : null;
  const root = guestRoot ?? legacyRoot ?? memberRoot;
  if (root === null || notAProfile(doc, root, base)) return null;
  const read: Partial<ProfileDraft> = guestRoot
    ? readGuest(doc, guestRoot, base)
    : legacyRoot
      ? readLegacy(doc, legacyRoot, base)
      : readMember(doc, root, base);
  const fullName = clip(read.fullName, 300);
  if (fullName === "") return null;

  const location = clip(locationFromLine(read.location ?? ""), 300);
  const country = countryFromLocation(location);
  const contact = readContactInfo(doc, base, country);
  const experience = read.experience ?? [];
  const current = experience.find((e) => e.end === "" && e.start !== "") ?? experience.find((e) => e.end === "");
  const headline = clip(read.headline, 500);
  const fromHeadline = splitHeadline(headline);
  const split = splitName(fullName);
  const person: Partial<ProfileDraft> = {
    fullName,
    firstName: clip(split.firstName, 150),
    lastName: clip(split.lastName, 150),
    headline,
    title: clip(current?.title || fromHeadline?.title || "", 300),
    company: clip(read.company || current?.company || fromHeadline?.company || "", 300),
    location,
    emails: contact.emails,
    phones: contact.phones,
    profileUrl,
    photoUrl: read.photoUrl ?? null,
    // The dialog also lists the member's own LinkedIn URL; links are the other places.
    links: dedupe([...contact.links, ...(read.links ?? [])]).filter((l) => linkedInProfileUrl(l) !== profileUrl),
    skills: dedupe((read.skills ?? []).filter((s) => !NOT_A_SKILL.test(s)).map((s) => clip(s, 100))),
    experience,
    education: read.education ?? [],
    summary: clip(read.summary, 20_000),
  };
  return { source: "site", role: "main", person, identityUrls: [profileUrl], element: root };
}
