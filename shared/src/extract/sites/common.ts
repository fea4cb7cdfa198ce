import { looksLikeDateRange, parseDateRange } from "../dates";
import { cleanCompany, cleanText, clip, httpUrl, textLines, visibleText } from "../text";
import type { Education, Experience } from "../types";

/** The section of `root` whose heading (h2/h3/[role=heading]) reads like `pattern`: the heading's closest section, else its parent. */
export function sectionByHeading(root: ParentNode, pattern: RegExp): Element | null {
  for (const h of Array.from(root.querySelectorAll("h2, h3, [role=heading]"))) {
    if (!pattern.test(visibleText(h))) continue;
    return h.closest("section") ?? h.parentElement;
  }
  return null;
}

// A profile lists a handful of jobs; a page with thousands of entries is either generated or
// hostile, and reading all of them would only make the capture slow. The newest come first.
/** The most list entries (jobs, schools, skills) read from one section. */
export const MAX_ITEMS = 100;

/** The list items of a section that are not inside another list item of it (nested lists belong to their item), at most MAX_ITEMS. */
export function topLevelItems(section: Element): Element[] {
  const out: Element[] = [];
  for (const li of Array.from(section.querySelectorAll("li"))) {
    const outer = li.parentElement?.closest("li");
    if (!outer || !section.contains(outer)) out.push(li);
    if (out.length >= MAX_ITEMS) break;
  }
  return out;
}

/** The first element matching one of the selectors, in order of preference. */
export function pick(root: ParentNode, ...selectors: string[]): Element | null {
  for (const sel of selectors) {
    const el = root.querySelector(sel);
    if (el) return el;
  }
  return null;
}

/** visibleText of the first element matching one of the selectors, or "". */
export function pickText(root: ParentNode, ...selectors: string[]): string {
  for (const sel of selectors) {
    for (const el of Array.from(root.querySelectorAll(sel))) {
      const t = visibleText(el);
      if (t !== "") return t;
    }
  }
  return "";
}

// "Acme Corp · Full-time", "Acme GmbH · Vollzeit": the employment type is not part of the name.
/** A company line without its employment-type suffix. */
export function companyFromLine(line: string): string {
  return cleanCompany(line.split(/\s+[·•]\s+/)[0]);
}

/** A location line without its work-mode suffix ("Prague, Czechia · Hybrid" → "Prague, Czechia"). */
export function locationFromLine(line: string): string {
  return cleanText(line.split(/\s+[·•]\s+/)[0]);
}

// A location line is short and has no sentence in it; a description line usually does.
function looksLikeLocation(line: string): boolean {
  return line.length <= 80 && !/[.!?]\s|[.!?]$/.test(line) && !looksLikeDateRange(line);
}

/** One job from the lines of a list item laid out title / company / dates / location (LinkedIn member layout, XING, most CVs). */
export function experienceFromLines(lines: readonly string[]): Experience | null {
  const title = lines[0] ?? "";
  if (title === "") return null;
  const dateIndex = lines.findIndex((l, i) => i > 0 && looksLikeDateRange(l));
  const companyLine = dateIndex === 1 ? "" : (lines[1] ?? "");
  const range = dateIndex > 0 ? parseDateRange(lines[dateIndex] ?? "") : null;
  const after = dateIndex > 0 ? lines[dateIndex + 1] : undefined;
  return {
    title: clip(title, 300),
    company: clip(companyFromLine(companyLine), 300),
    start: range?.start ?? "",
    end: range?.end ?? "",
    location: after !== undefined && looksLikeLocation(after) ? clip(locationFromLine(after), 300) : "",
  };
}

/** One school from the lines of a list item laid out school / "Degree, Field" / dates. */
export function educationFromLines(lines: readonly string[]): Education | null {
  const school = lines[0] ?? "";
  if (school === "") return null;
  const dateIndex = lines.findIndex((l, i) => i > 0 && looksLikeDateRange(l));
  const degreeLine = dateIndex === 1 ? "" : (lines[1] ?? "");
  const [degree = "", field = ""] = degreeLine.split(/\s*,\s*/, 2);
  const range = dateIndex > 0 ? parseDateRange(lines[dateIndex] ?? "") : null;
  return {
    school: clip(school, 300),
    degree: clip(degree, 300),
    field: clip(field, 300),
    start: range?.start ?? "",
    end: range?.end ?? "",
  };
}

/** The lines of a list item, without the lines of its nested lists. */
export function ownLines(item: Element): string[] {
  // Walked with a filter rather than cloned and pruned: a cloned <img> would start loading, and
  // inline handlers of the page's markup could fire again.
  return textLines(item, (e) => e.tagName === "UL" || e.tagName === "OL");
}

/** The http(s) targets of the links inside `roots`, resolved against `base`, except those whose profile key is `ownKey` (the profile itself) or whose host is the site's own (navigation, tags, other users). */
export function outboundLinks(roots: readonly (Element | null)[], selector: string, base: string, ownHosts: RegExp): string[] {
  const out: string[] = [];
  for (const root of roots) {
    if (!root) continue;
    for (const a of Array.from(root.querySelectorAll(selector))) {
      const href = httpUrl(a.getAttribute("href"), base);
      if (href === null) continue;
      if (ownHosts.test(new URL(href).hostname)) continue;
      out.push(href);
      if (out.length >= MAX_ITEMS) return out;
    }
  }
  return out;
}

/** The visible texts of the elements matching `selector` inside `root`, at most MAX_ITEMS, each clipped to a skill's length. */
export function itemTexts(root: ParentNode | null, selector: string): string[] {
  if (!root) return [];
  const out: string[] = [];
  for (const el of Array.from(root.querySelectorAll(selector))) {
    const t = clip(visibleText(el), 100);
    if (t !== "") out.push(t);
    if (out.length >= MAX_ITEMS) break;
  }
  return out;
}

/** The path segments of an http(s) URL (decoded where possible), or null when it does not parse. */
export function urlParts(pageUrl: string): { host: string; segments: string[] } | null {
  let u: URL;
  try {
    u = new URL(pageUrl);
  } catch {
    return null;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return null;
  const segments = u.pathname.split("/").filter((s) => s !== "");
  return { host: u.hostname.toLowerCase().replace(/^www\./, ""), segments };
}
