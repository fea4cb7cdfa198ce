import { cleanText } from "./text";

// Month names as profile sites print them (English, German, Czech, French, Spanish), with and
// without the trailing dot of an abbreviation. Keys are lower-case and accent-free.
const MONTHS: Record<string, number> = {};
const NAMES: readonly (readonly string[])[] = [
  ["jan", "january", "januar", "janner", "jaenner", "leden", "ledna", "janvier", "enero", "ene"],
  ["feb", "february", "februar", "unor", "unora", "fevrier", "fev", "febrero"],
  ["mar", "march", "marz", "maerz", "mrz", "brezen", "brezna", "mars", "marzo"],
  ["apr", "april", "duben", "dubna", "avril", "avr", "abril", "abr"],
  ["may", "mai", "kveten", "kvetna", "mayo"],
  ["jun", "june", "juni", "cerven", "cervna", "juin", "junio"],
  ["jul", "july", "juli", "cervenec", "cervence", "juillet", "juil", "julio"],
  ["aug", "august", "srpen", "srpna", "aout", "agosto", "ago"],
  ["sep", "sept", "september", "zari", "septembre", "septiembre"],
  ["oct", "october", "okt", "oktober", "rijen", "rijna", "octobre", "octubre"],
  ["nov", "november", "listopad", "listopadu", "novembre", "noviembre"],
  ["dec", "december", "dez", "dezember", "prosinec", "prosince", "decembre", "dic", "diciembre"],
];
NAMES.forEach((names, i) => {
  for (const n of names) MONTHS[n] = i + 1;
});

const PRESENT = /^(?:present|now|current|today|heute|dato|bis heute|jetzt|dosud|současnost|soucasnost|nyní|aujourd'hui|actuel|actualidad|presente|hoy)$/i;

function fold(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
}

/** "Mar 2019", "03/2019", "2019-03-15", "März 2019", "2019" → "2019-03", "2019-03", "2019-03-15", "2019-03", "2019"; "Present"/"heute" → ""; anything else → the text as written. */
export function normalizeDate(raw: string | null | undefined): string {
  const s = cleanText(raw);
  if (s === "" || PRESENT.test(s)) return "";
  const iso = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?$/.exec(s);
  if (iso?.[1]) return [iso[1], iso[2], iso[3]].filter((p) => p !== undefined).join("-");
  const numeric = /^(\d{1,2})\s*[/.]\s*(\d{4})$/.exec(s);
  if (numeric?.[1] && numeric[2] && Number(numeric[1]) >= 1 && Number(numeric[1]) <= 12) {
    return `${numeric[2]}-${numeric[1].padStart(2, "0")}`;
  }
  const named = /^([\p{L}]+)\.?\s+(\d{4})$/u.exec(s);
  if (named?.[1] && named[2]) {
    const month = MONTHS[fold(named[1])];
    if (month !== undefined) return `${named[2]}-${String(month).padStart(2, "0")}`;
  }
  return s;
}

/** Whether a text says "until now" (Present, heute, dosud, …). */
export function isPresent(raw: string): boolean {
  return PRESENT.test(cleanText(raw));
}

// A bare "-" between digits is part of an ISO date ("2019-03"), so it only separates a range when
// spaced, before a word ("2019-Present") or between two plain years ("2015-2019", handled apart).
const RANGE_SEPARATOR = /\s+(?:-|–|—|to|bis|až)\s+|\s*[–—]\s*|(?<=\d)-(?=\p{L})/u;
// "Mar 2019 - Present 5 years 2 months" (LinkedIn's guest layout has no "·" before the duration).
const DURATION_TAIL =
  /\s+(?:less than (?:a|one) (?:year|month)|\d+\+?\s*(?:years?|yrs?|months?|mos?|Jahre?n?|J\.|Monate?n?|Mon\.|roky?|let|rok|měsíc\p{L}*|mes\.?|ans?|mois|años?|meses?)(?=[\s.,·]|$)).*$/iu;
// "(4 months)", "(3 years 4 months)" and whatever follows it: older layouts glue the place to it.
const BRACKETED_DURATION = /\s*\(\s*(?:\d+|less than)[^)]*\).*$/i;
const YEAR_RANGE = /^(\d{4})\s*-\s*(\d{4})$/;
const DATE_TOKEN = /(?:\b\d{4}\b)/;

/** Parses a date range as profile pages print it ("Mar 2019 - Present · 5 yrs 2 mos", "2015 – 2019", "seit 03/2020"); null when the text holds no year. */
export function parseDateRange(raw: string): { start: string; end: string } | null {
  // The duration after "·" and a "(5 years)" tail are not part of the range.
  let s = cleanText(raw).split(/\s+[·•]\s+/)[0] ?? "";
  s = s.replace(BRACKETED_DURATION, "").replace(DURATION_TAIL, "").trim();
  if (!DATE_TOKEN.test(s)) return null;
  const since = /^(?:since|seit|od|depuis|desde)\s+(.+)$/i.exec(s);
  if (since?.[1]) return { start: normalizeDate(since[1]), end: "" };
  const years = YEAR_RANGE.exec(s);
  if (years?.[1] && years[2]) return { start: years[1], end: years[2] };
  const parts = s.split(RANGE_SEPARATOR).map((p) => p.trim());
  if (parts.length === 1) return { start: normalizeDate(parts[0]), end: normalizeDate(parts[0]) };
  const [start = "", end = ""] = parts;
  if (!DATE_TOKEN.test(start)) return null;
  return { start: normalizeDate(start), end: normalizeDate(end) };
}

/** Whether a line of text looks like a date range (it has a year and a separator, or a "Present"-like end). */
export function looksLikeDateRange(line: string): boolean {
  const s = (cleanText(line).split(/\s+[·•]\s+/)[0] ?? "").replace(BRACKETED_DURATION, "");
  if (s.length > 60) return false;
  if (!DATE_TOKEN.test(s)) return false;
  return /^(?:since|seit|od|depuis|desde)\s/i.test(s) || RANGE_SEPARATOR.test(s) || YEAR_RANGE.test(s) || /^\S+\s+\d{4}$|^\d{4}$|^\d{1,2}[/.]\d{4}$/.test(s);
}
