import { normalizeEmail, normalizePhone, normalizeProfileUrl, normalizeText } from "../normalize";

// Page text is untrusted. C0/C1 controls and bidi overrides are dropped: the first can break a
// CSV export or a terminal, the second lets a name render as something other than what it is
// ("\u202Egnp.exe" shows as "exe.png"). Tabs and newlines are whitespace and collapse later.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const CLEAN_ASCII = /^(?:[\x21-\x7E]+(?: [\x21-\x7E]+)*)?$/;
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** normalizeText plus removal of control and bidi-override characters; the result is plain text, never markup. */
export function cleanText(raw: string | null | undefined): string {
  if (raw == null) return "";
  // Most page text is already clean printable ASCII with single spaces; skip the regex passes.
  if (CLEAN_ASCII.test(raw)) return raw;
  return normalizeText(raw.replace(CONTROL, " ").replace(BIDI, ""));
}

/** cleanText, then cut to `max` characters (on a code point boundary) so one hostile field cannot grow without bound. */
export function clip(raw: string | null | undefined, max: number): string {
  const s = cleanText(raw);
  if (s.length <= max) return s;
  return Array.from(s).slice(0, max).join("").trim();
}

const SKIP_TEXT = new Set(["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT", "SVG", "svg"]);
const HIDDEN_CLASS = /(?:^|\s)(?:visually-hidden|sr-only|a11y-text|screen-reader-text)(?:\s|$)/;

/** Text a reader sees in an element: script/style dropped, screen-reader duplicates and [hidden] skipped, blocks separated by spaces; always textContent, never innerHTML. */
export function visibleText(el: Element | null | undefined): string {
  if (!el) return "";
  const parts: string[] = [];
  collectText(el, parts, true);
  return cleanText(parts.join(""));
}

function collectText(node: Node, out: string[], skipHidden: boolean): void {
  for (let child = node.firstChild; child !== null; child = child.nextSibling) {
    if (child.nodeType === 3) {
      out.push(child.nodeValue ?? "");
    } else if (child.nodeType === 1) {
      const el = child as Element;
      if (SKIP_TEXT.has(el.tagName)) continue;
      if (skipHidden && (el.hasAttribute("hidden") || HIDDEN_CLASS.test(el.getAttribute("class") ?? ""))) continue;
      if (el.tagName === "BR") {
        out.push(" ");
        continue;
      }
      if (el.tagName === "IMG") continue;
      const block = BLOCK.has(el.tagName);
      if (block) out.push(" ");
      collectText(el, out, skipHidden);
      if (block) out.push(" ");
    }
  }
}

const BLOCK = new Set([
  "ADDRESS",
  "ARTICLE",
  "ASIDE",
  "BLOCKQUOTE",
  "DD",
  "DIV",
  "DL",
  "DT",
  "FIGCAPTION",
  "FOOTER",
  "H1",
  "H2",
  "H3",
  "H4",
  "H5",
  "H6",
  "HEADER",
  "HR",
  "LI",
  "MAIN",
  "NAV",
  "OL",
  "P",
  "SECTION",
  "TABLE",
  "TD",
  "TH",
  "TR",
  "UL",
]);

/** The visible text of an element split into lines at block boundaries (and at aria-hidden spans, which LinkedIn uses as line units); descendants for which `skip` is true are left out. */
export function textLines(el: Element | null | undefined, skip?: (e: Element) => boolean): string[] {
  if (!el) return [];
  const lines: string[] = [];
  let current: string[] = [];
  const flush = () => {
    const line = cleanText(current.join(""));
    if (line !== "") lines.push(line);
    current = [];
  };
  const walk = (node: Node) => {
    for (let child = node.firstChild; child !== null; child = child.nextSibling) {
      if (child.nodeType === 3) {
        current.push(child.nodeValue ?? "");
      } else if (child.nodeType === 1) {
        const e = child as Element;
        if (SKIP_TEXT.has(e.tagName) || e.tagName === "IMG") continue;
        if (e.hasAttribute("hidden") || HIDDEN_CLASS.test(e.getAttribute("class") ?? "")) continue;
        if (skip?.(e)) continue;
        const block = BLOCK.has(e.tagName) || e.tagName === "BR" || e.getAttribute("aria-hidden") === "true";
        if (block) flush();
        walk(e);
        if (block) flush();
      }
    }
  };
  walk(el);
  flush();
  return lines;
}

/** The element children of an element, by sibling links: `Array.from(el.children)` is quadratic in jsdom for wide parents. */
export function elementChildren(el: Element): Element[] {
  const out: Element[] = [];
  for (let c = el.firstElementChild; c !== null; c = c.nextElementSibling) out.push(c);
  return out;
}

/** Resolves `raw` against `base` and returns it only if it is an http(s) URL: javascript:, data:, vbscript:, blob: and the like come back null. */
export function httpUrl(raw: string | null | undefined, base?: string | null): string | null {
  if (raw == null) return null;
  // The URL parser itself strips tabs/newlines ("java\tscript:"), so checking the parsed protocol
  // is what closes the obfuscation tricks; the raw string is never trusted.
  const s = raw.replace(CONTROL, "").trim();
  if (s === "") return null;
  let url: URL;
  try {
    url = base ? new URL(s, base) : new URL(s);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username !== "" || url.password !== "") return null;
  if (url.href.length > 2000) return null;
  return url.href;
}

/** Resolves a relative URL against `base` (any scheme); absolute ones, and ones that cannot be parsed, come back as written (trimmed). For parsers that must report what the markup says. */
export function resolveUrl(raw: string, base: string): string {
  const s = raw.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(s)) return s;
  try {
    return new URL(s, base).href;
  } catch {
    return s;
  }
}

/** A normalised email from a mailto: link, a bare address, or the "http://base/jane@x.org" a microformats parser makes of a text address; null if it is not one. */
export function cleanEmail(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const text = cleanText(raw);
  const direct = normalizeEmail(text);
  if (direct !== null) return direct;
  // mf2 resolves u-email text as a relative URL, so "jane@x.org" arrives as "http://base/jane@x.org".
  const m = /^https?:\/\/[^/]+\/(?:.*\/)?([^/?#]+@[^/?#]+)$/i.exec(text);
  if (m?.[1]) {
    try {
      return normalizeEmail(decodeURIComponent(m[1]));
    } catch {
      return null;
    }
  }
  return null;
}

/** A phone number in E.164 when the country is known (from a + prefix or `country`), else as written; null when it is not a phone number. */
export function cleanPhone(raw: string | null | undefined, country?: string): string | null {
  if (raw == null) return null;
  let s = cleanText(raw);
  if (/^tel:/i.test(s)) {
    s = s.slice(4);
    try {
      s = decodeURIComponent(s);
    } catch {
      // keep as written
    }
  }
  // A phone is digits with a little punctuation; free text that merely contains digits is not one.
  if (!/^[+(]?[\d\s().\-/+]{6,}(?:\s*(?:ext\.?|x|#)\s*\d{1,7})?$/i.test(s)) return null;
  const n = normalizePhone(s, country);
  if (n === null) return null;
  return n.e164 ?? n.display;
}

/** Canonical form of a profile or website URL (see normalizeProfileUrl), or null if it is not an http(s) URL. */
export function canonicalUrl(raw: string | null | undefined, base?: string | null): string | null {
  const href = httpUrl(raw, base);
  if (href === null) return null;
  return normalizeProfileUrl(href)?.canonical ?? null;
}

/** Identity key of a URL (see normalizeProfileUrl), or null. */
export function urlKey(raw: string | null | undefined): string | null {
  const href = httpUrl(raw);
  if (href === null) return null;
  return normalizeProfileUrl(href)?.key ?? null;
}

/** Keeps the first of every value whose key (default: lower-cased) was already seen, and drops empty values. */
export function dedupe<T>(values: readonly T[], key: (v: T) => string = (v) => String(v).toLowerCase()): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const v of values) {
    const k = key(v);
    if (k === "" || seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}

/** The whitespace-separated tokens of an attribute (class, rel, itemprop). */
export function tokens(value: string | null | undefined): string[] {
  if (!value) return [];
  return value.split(/[\t\n\f\r ]+/).filter((t) => t !== "");
}

// A handle such as "@acme" names an account, not a company; the company is "acme".
/** A company name as text, without a leading "@" handle marker. */
export function cleanCompany(raw: string | null | undefined): string {
  return cleanText(raw).replace(/^@(?=\S)/, "");
}

/** Splits "Senior Engineer at Acme | Distributed systems" into a title and a company; null when the headline has no "at"/"@"/"bei" shape. */
export function splitHeadline(headline: string): { title: string; company: string } | null {
  const first = headline.split(/\s+[|·•]\s+/)[0] ?? "";
  const m = /^(.{2,120}?)\s+(?:at|@|bei|chez)\s+(.{2,120})$/i.exec(first);
  if (!m?.[1] || !m[2]) return null;
  const company = m[2].split(/\s*[,;(]\s*/)[0] ?? "";
  if (company === "") return null;
  return { title: cleanText(m[1]), company: cleanCompany(company) };
}
