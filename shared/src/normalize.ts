import type { CountryCode } from "libphonenumber-js/min";
import { isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js/min";

// These keys back unique indexes used for duplicate detection, so every function errs towards
// "different input, different key" when unsure: a missed duplicate can be merged later, while a
// false collision silently attaches one person's data to another.

// Zero-width characters are deleted rather than turned into spaces: they sit inside words
// ("Jo\u200Bhn") when text is copied from web pages. U+FEFF is also matched by \s, so it goes first.
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u180E]/g;
const WHITESPACE = /\s+/g;

/** Collapse whitespace (incl. NBSP, zero-width chars), Unicode NFC, trim. null/undefined -> "". */
/** Non-empty printable ASCII without leading, trailing or doubled spaces. */
const PLAIN_ASCII = /^[!-~]+(?: [!-~]+)*$/;

export function normalizeText(s: string | null | undefined): string {
  if (s == null) return "";
  // Printable ASCII words with single spaces are already normal (NFC, no zero-width, no runs of spaces):
  // the common case of imports and adds, three times cheaper than the full path.
  if (PLAIN_ASCII.test(s)) return s;
  return s.replace(ZERO_WIDTH, "").normalize("NFC").replace(WHITESPACE, " ").trim();
}

// ---------------------------------------------------------------------------------------------
// Email

const EMAIL_LOCAL = /^[^\s@<>()[\]\\,;:"]+$/u;
const EMAIL_DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;

/** Lower-cased, trimmed address if it is a syntactically valid email (one @, a dot in the domain, no spaces, strips a leading "mailto:" and surrounding <>), else null. Do not alter dots or +tags in the local part. */
export function normalizeEmail(raw: string): string | null {
  let s = normalizeText(raw);
  if (s.startsWith("<") && s.endsWith(">")) s = s.slice(1, -1).trim();
  if (/^mailto:/i.test(s)) {
    // A mailto: link can carry ?subject=…; that is never part of the address.
    s = s.slice("mailto:".length).split("?")[0] ?? "";
    s = s.trim();
  }
  if (s.startsWith("<") && s.endsWith(">")) s = s.slice(1, -1).trim();
  s = s.toLowerCase();

  const at = s.indexOf("@");
  if (at <= 0 || at !== s.lastIndexOf("@")) return null;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (!EMAIL_LOCAL.test(local)) return null;
  if (local.startsWith(".") || local.endsWith(".") || local.includes("..")) return null;
  const labels = domain.split(".");
  if (labels.length < 2) return null;
  if (!labels.every((l) => EMAIL_DOMAIN_LABEL.test(l))) return null;
  const tld = labels[labels.length - 1] ?? "";
  if (tld.length < 2 || /^\d+$/.test(tld)) return null;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Profile URLs

export type ProfileSite = "linkedin" | "github" | "xing" | "twitter" | "other";
export interface NormalizedProfileUrl {
  key: string;
  canonical: string;
  site: ProfileSite;
}

/** Decodes valid %XX runs and leaves malformed ones as they are instead of throwing. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run.toUpperCase();
      }
    });
  }
}

const PCHAR = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]$/;

/** Percent-encodes everything outside RFC 3986 pchar, so canonical URLs are plain ASCII. */
function encodeSegment(segment: string): string {
  let out = "";
  for (const ch of segment) out += PCHAR.test(ch) ? ch : encodeURIComponent(ch);
  return out;
}

// Keys stay human-readable (decoded Unicode) but must not be ambiguous, so only characters that
// would change how the key splits into segments, or that are invisible, are escaped.
const KEY_UNSAFE = /[%/?#\s\p{Cc}]/gu;

function keySegment(decoded: string): string {
  return decoded.replace(KEY_UNSAFE, (ch) => encodeURIComponent(ch));
}

function decodeSegment(segment: string): string {
  return safeDecode(segment).normalize("NFC");
}

const SCHEME_WITH_SLASHES = /^([a-z][a-z0-9+.-]*):\/\//i;
const HOST_WITH_PORT = /^[^/:?#\s]+\.[^/:?#\s]+:\d+(?:[/?#]|$)/;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

function parseHttpUrl(raw: string): URL | null {
  let s = normalizeText(raw);
  if (s.startsWith("<") && s.endsWith(">")) s = s.slice(1, -1).trim();
  if (s === "") return null;
  const scheme = SCHEME_WITH_SLASHES.exec(s)?.[1]?.toLowerCase();
  if (scheme !== undefined) {
    if (scheme !== "http" && scheme !== "https") return null;
  } else if (s.startsWith("//")) {
    s = `https:${s}`;
  } else if (ANY_SCHEME.test(s) && !HOST_WITH_PORT.test(s)) {
    // mailto:, javascript:, tel: …; "linkedin.com:443/in/x" is a host with a port, not a scheme.
    return null;
  } else {
    s = `https://${s}`;
  }
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  // A bare word ("jane") parses as a host; a real profile host always has a dot.
  const host = url.hostname.replace(/\.$/, "");
  if (!host.includes(".") || host.startsWith(".") || host.includes("..")) return null;
  return url;
}

function pathSegments(url: URL): string[] {
  return url.pathname.split("/").filter((seg) => seg !== "");
}

const MOBILE_PREFIX = /^(?:www|m|mobile)\./;

function stripPrefixes(host: string): string {
  let h = host;
  while (MOBILE_PREFIX.test(h)) h = h.replace(MOBILE_PREFIX, "");
  return h;
}

function genericProfile(
  keyHost: string,
  canonicalHost: string,
  segments: string[],
  site: ProfileSite,
  idParam: string | null,
): NormalizedProfileUrl {
  const decoded = segments.map(decodeSegment);
  const keyPath = decoded.map((seg) => `/${keySegment(seg)}`).join("");
  const canonicalPath = decoded.map((seg) => `/${encodeSegment(seg)}`).join("");
  // Query strings are dropped (tracking noise) except "id", which is the identity itself on pages
  // such as facebook.com/profile.php?id=… — dropping it would merge everyone on that site.
  const query = idParam === null ? "" : `?id=${encodeURIComponent(idParam)}`;
  return {
    key: `${keyHost}${keyPath}${query}`,
    canonical: `https://${canonicalHost}${canonicalPath}${query}`,
    site,
  };
}

function idParamOf(url: URL): string | null {
  const id = url.searchParams.get("id");
  return id === null || id.trim() === "" ? null : id.trim();
}

const LINKEDIN_HOST = /^(?:[a-z]{2}\.)?linkedin\.com$/;

function linkedinProfile(url: URL, segments: string[]): NormalizedProfileUrl {
  const [first, second] = segments;
  const head = first?.toLowerCase();
  if ((head === "in" || head === "mwlite") && second !== undefined) {
    const slugSegment = head === "in" ? second : segments[1]?.toLowerCase() === "in" ? segments[2] : undefined;
    if (slugSegment !== undefined) {
      const slug = decodeSegment(slugSegment).toLowerCase();
      return {
        key: `linkedin.com/in/${keySegment(slug)}`,
        canonical: `https://www.linkedin.com/in/${encodeSegment(slug)}`,
        site: "linkedin",
      };
    }
  }
  // Old public profiles: /pub/<name>/<a>/<b>/<c>. /pub/dir/… is a people search, not a person.
  if (head === "pub" && second !== undefined && second.toLowerCase() !== "dir") {
    const parts = segments.slice(1, 5).map((seg) => decodeSegment(seg).toLowerCase());
    return {
      key: `linkedin.com/pub/${parts.map(keySegment).join("/")}`,
      canonical: `https://www.linkedin.com/pub/${parts.map(encodeSegment).join("/")}`,
      site: "linkedin",
    };
  }
  const isOldProfileView = head === "profile" && segments[1]?.toLowerCase() === "view";
  const idParam = isOldProfileView ? idParamOf(url) : null;
  return genericProfile("linkedin.com", "www.linkedin.com", segments, "linkedin", idParam);
}

/** Canonical identity of a profile URL: LinkedIn country subdomains (uk., de., cz., www., m.), http/https, trailing slashes, query strings, fragments, case of the host, percent-encoding differences, and "/in/name/details/experience/" sub-pages all give the same key. Returns null for things that are not http(s) URLs. */
export function normalizeProfileUrl(raw: string): NormalizedProfileUrl | null {
  const url = parseHttpUrl(raw);
  if (url === null) return null;
  const hostname = url.hostname.replace(/\.$/, "");
  const bare = stripPrefixes(hostname);
  const segments = pathSegments(url);

  if (LINKEDIN_HOST.test(bare)) return linkedinProfile(url, segments);

  if (bare === "github.com") {
    const [user] = segments;
    if (segments.length === 1 && user !== undefined) {
      const login = decodeSegment(user).toLowerCase();
      return {
        key: `github.com/${keySegment(login)}`,
        canonical: `https://github.com/${encodeSegment(login)}`,
        site: "github",
      };
    }
    return genericProfile("github.com", "github.com", segments, "github", null);
  }

  if (bare === "xing.com") {
    const [head, slugSegment] = segments;
    if (head?.toLowerCase() === "profile" && slugSegment !== undefined) {
      const slug = decodeSegment(slugSegment);
      return {
        key: `xing.com/profile/${keySegment(slug.toLowerCase())}`,
        canonical: `https://www.xing.com/profile/${encodeSegment(slug)}`,
        site: "xing",
      };
    }
    return genericProfile("xing.com", "www.xing.com", segments, "xing", null);
  }

  if (bare === "twitter.com" || bare === "x.com") {
    // Old hashbang links (twitter.com/#!/jane) keep the handle in the fragment.
    const hashbang = segments.length === 0 && url.hash.startsWith("#!/");
    const effective = hashbang ? url.hash.slice(3).split(/[/?]/).filter((s) => s !== "") : segments;
    const [handleSegment] = effective;
    if (effective.length === 1 && handleSegment !== undefined) {
      const handle = decodeSegment(handleSegment).replace(/^@/, "").toLowerCase();
      if (handle !== "") {
        return {
          key: `x.com/${keySegment(handle)}`,
          canonical: `https://x.com/${encodeSegment(handle)}`,
          site: "twitter",
        };
      }
    }
    return genericProfile("x.com", "x.com", effective, "twitter", null);
  }

  const host = hostname.replace(/^www\./, "");
  const hostWithPort = url.port === "" ? host : `${host}:${url.port}`;
  return genericProfile(hostWithPort, hostWithPort, segments, "other", idParamOf(url));
}

// ---------------------------------------------------------------------------------------------
// Phones

export interface NormalizedPhone {
  key: string;
  e164: string | null;
  display: string;
}

// "ext. 12", "x12", "#12", ";ext=12" (tel: URIs), Czech "kl. 12" (klapka).
const EXTENSION = /(?:\s*[,;])?\s*(?:ext(?:ension)?\.?|x|#|kl\.?)\s*[:=.]?\s*\d{1,7}\s*$/i;

function countryOf(code: string | undefined): CountryCode | undefined {
  if (code === undefined) return undefined;
  const upper = code.trim().toUpperCase();
  return isSupportedCountry(upper) ? upper : undefined;
}

/** Phone identity: `key` is the national significant number (digits only, no country code, no trunk prefix 0), so "+420 777 123 456", "00420777123456" and "777 123 456" share a key; e164 when the country can be told (leading + or 00, or defaultCountry given). null when fewer than 6 digits. */
export function normalizePhone(raw: string, defaultCountry?: string): NormalizedPhone | null {
  const display = normalizeText(raw);
  // NFKC turns full-width digits and "＋" into ASCII.
  let s = display.normalize("NFKC").replace(/^tel:/i, "").replace(EXTENSION, "");
  // "+44 (0)20 …": the bracketed trunk prefix is not dialled from abroad.
  s = s.replace(/\(\s*0\s*\)/g, "");
  const digits = s.replace(/\D/g, "");
  if (digits.length < 6) return null;

  const international = /^[\s(]*\+/.test(s) || digits.startsWith("00");
  const country = countryOf(defaultCountry);
  const parsed = international
    ? parsePhoneNumberFromString(`+${digits.replace(/^00/, "")}`)
    : country !== undefined
      ? parsePhoneNumberFromString(digits, country)
      : undefined;

  // Leading zeros are stripped even from a parsed national number (Italy keeps its 0 in the NSN),
  // so a number written with and without its country code still lands on the same key.
  const national = parsed?.nationalNumber ?? (international ? digits.replace(/^00/, "") : digits);
  const key = national.replace(/^0+/, "");
  // Counted on the key, not the input: "+420 1234" has seven digits but a four-digit key that
  // would match unrelated short numbers.
  if (key.length < 6) return null;
  const e164 = parsed?.isPossible() ? parsed.number : null;
  return { key, e164, display };
}

// ---------------------------------------------------------------------------------------------
// Names and companies

// Letters NFKD does not decompose, so "Łukasz" and "Lukasz" still meet.
const FOLD: Record<string, string> = {
  ł: "l",
  ø: "o",
  đ: "d",
  ð: "d",
  þ: "th",
  æ: "ae",
  œ: "oe",
  ß: "ss",
  ı: "i",
};

function fold(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[łøđðþæœßı]/g, (ch) => FOLD[ch] ?? ch);
}

// Beyond the usual English ones: Czech/Slovak academic titles, which are written into names there.
const HONORIFICS = new Set([
  "mr",
  "mrs",
  "ms",
  "miss",
  "dr",
  "prof",
  "ing",
  "mgr",
  "bc",
  "mudr",
  "judr",
  "phdr",
  "rndr",
  "mvdr",
  "csc",
  "phd",
  "mba",
  "msc",
  "bsc",
  "jr",
  "sr",
  "ii",
  "iii",
]);

const APOSTROPHES = /['’ʼ`´]/g;

function nameTokens(folded: string): string[] {
  return folded
    .replace(/\bph\.?\s*d\b\.?/g, "phd")
    .replace(APOSTROPHES, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t !== "");
}

/** Order-insensitive, accent-insensitive, case-insensitive key of a person's name for "possible duplicate" matching: NFKD, strip diacritics, lower-case, keep letters/digits, split to tokens, drop one-letter initials and honorifics (mr, mrs, ms, dr, ing, mgr, phd, jr, sr), sort, join with " ". "" for empty. */
export function nameKey(fullName: string): string {
  return nameTokens(fold(normalizeText(fullName)))
    .filter((t) => [...t].length > 1 && !HONORIFICS.has(t))
    .sort()
    .join(" ");
}

// Multi-token forms cover suffixes written with spaced dots ("s. r. o.", "B. V.").
const COMPANY_SUFFIXES: readonly (readonly string[])[] = [
  ["spol", "s", "r", "o"],
  ["spol", "s", "ro"],
  ["spol", "sro"],
  ["s", "r", "o"],
  ["s", "ro"],
  ["a", "s"],
  ["b", "v"],
  ["l", "l", "c"],
  ["p", "l", "c"],
  ["s", "a"],
  ["n", "v"],
  ["sro"],
  ["as"],
  ["inc"],
  ["incorporated"],
  ["ltd"],
  ["limited"],
  ["llc"],
  ["gmbh"],
  ["corp"],
  ["corporation"],
  ["co"],
  ["company"],
  ["plc"],
  ["ag"],
  ["sa"],
  ["bv"],
  ["nv"],
  ["se"],
  ["kg"],
];

function endsWith(tokens: string[], suffix: readonly string[]): boolean {
  if (suffix.length >= tokens.length) return false;
  const offset = tokens.length - suffix.length;
  return suffix.every((t, i) => tokens[offset + i] === t);
}

/** Case/accent/legal-suffix-insensitive key of a company name ("Acme, Inc." == "ACME inc" == "Acme"): strip diacritics, lower-case, drop inc, ltd, llc, gmbh, s.r.o., a.s., corp, co, plc, ag, sa, bv. */
export function companyKey(name: string): string {
  const folded = fold(normalizeText(name)).replace(APOSTROPHES, "");
  // Dotted abbreviations ("s.r.o.", "L.L.C.") collapse to one token; other dots separate words
  // ("Booking.com" -> "booking com").
  const tokens = folded
    .split(/[^\p{L}\p{N}.]+/u)
    .flatMap((t) => {
      const trimmed = t.replace(/^\.+|\.+$/g, "");
      return /^(?:\p{L}\.)+\p{L}$/u.test(trimmed) ? [trimmed.replace(/\./g, "")] : trimmed.split(".");
    })
    .filter((t) => t !== "");
  // Only trailing suffixes go, and never the last remaining word: "Co-op Bank" and a company
  // called "AG" keep their names.
  let stripped = true;
  while (stripped) {
    stripped = false;
    for (const suffix of COMPANY_SUFFIXES) {
      if (endsWith(tokens, suffix)) {
        tokens.splice(tokens.length - suffix.length, suffix.length);
        stripped = true;
        break;
      }
    }
  }
  return tokens.join(" ");
}

function isTitle(token: string): boolean {
  return HONORIFICS.has(nameTokens(fold(token)).join(""));
}

// A leading initial is kept ("J. Robert"), since it may be all there is of the first name.
function dropMiddleInitials(given: string[]): string {
  return given.filter((t, i) => i === 0 || !/^\p{L}\.?$/u.test(t)).join(" ");
}

/** Split "Jane Q. Doe" -> { firstName: "Jane", lastName: "Doe" } (last token is the last name; single token -> lastName ""). Inputs are normalizeText-ed first. */
export function splitName(fullName: string): { firstName: string; lastName: string } {
  const text = normalizeText(fullName);
  if (text === "") return { firstName: "", lastName: "" };

  // Titles ("Ing.", "Ph.D.", "Jr.") are not names; commas that only separated them go too.
  const kept = text
    .split(",")
    .map((part) =>
      part
        .split(" ")
        .filter((t) => t !== "" && !isTitle(t))
        .join(" "),
    )
    .filter((part) => part !== "");
  if (kept.length === 0) return { firstName: text, lastName: "" };

  // "Doe, Jane" (directory/export order) when exactly one comma is left between two names.
  if (kept.length === 2) {
    const [lastName = "", given = ""] = kept;
    return { firstName: dropMiddleInitials(given.split(" ")), lastName };
  }
  const tokens = kept.join(" ").split(" ");
  if (tokens.length === 1) return { firstName: tokens[0] ?? "", lastName: "" };
  return { firstName: dropMiddleInitials(tokens.slice(0, -1)), lastName: tokens[tokens.length - 1] ?? "" };
}
