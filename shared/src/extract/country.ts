import { getCountries } from "libphonenumber-js/min";
import { cleanText } from "./text";

// Country names come from Intl (which browsers and node both carry) rather than a table of our own,
// in the languages our users' candidates write their locations in. Built once, on first use.
const LANGUAGES = ["en", "de", "cs", "sk", "fr", "es", "it", "nl", "pl", "pt"];
const ALIASES: Record<string, string> = {
  usa: "US",
  "u.s.a.": "US",
  us: "US",
  "u.s.": "US",
  america: "US",
  "united states of america": "US",
  uk: "GB",
  "u.k.": "GB",
  england: "GB",
  scotland: "GB",
  wales: "GB",
  "great britain": "GB",
  "czech republic": "CZ",
  "česká republika": "CZ",
  "ceska republika": "CZ",
  holland: "NL",
};
// "Seattle, WA": a US state code after a comma says the country as well as a country name would.
const US_STATES = new Set(
  "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC".split(
    " ",
  ),
);

let byName: Map<string, string> | null = null;

function nameTable(): Map<string, string> {
  if (byName !== null) return byName;
  const table = new Map<string, string>();
  for (const [alias, code] of Object.entries(ALIASES)) table.set(alias, code);
  const codes = getCountries();
  for (const lang of LANGUAGES) {
    let names: Intl.DisplayNames;
    try {
      names = new Intl.DisplayNames([lang], { type: "region" });
    } catch {
      continue;
    }
    for (const code of codes) {
      const name = names.of(code);
      if (name && name !== code && !table.has(name.toLowerCase())) table.set(name.toLowerCase(), code);
    }
  }
  byName = table;
  return table;
}

/** ISO 3166 code of the country a location names ("Prague, Czechia" → "CZ", "Seattle, WA" → "US"), or undefined. */
export function countryFromLocation(location: string): string | undefined {
  const parts = cleanText(location)
    .split(/\s*,\s*/)
    .filter((p) => p !== "");
  const last = parts[parts.length - 1];
  if (last === undefined) return undefined;
  const code = nameTable().get(last.toLowerCase());
  if (code !== undefined) return code;
  if (parts.length > 1 && US_STATES.has(last)) return "US";
  if (/^[A-Z]{2}$/.test(last) && getCountries().includes(last as never)) return last;
  return undefined;
}

/** English name of a country given as an ISO code ("CZ" → "Czechia"); other text comes back as it is. */
export function countryName(value: string): string {
  const s = cleanText(value);
  if (!/^[A-Z]{2}$/.test(s)) return s;
  try {
    return new Intl.DisplayNames(["en"], { type: "region" }).of(s) ?? s;
  } catch {
    return s;
  }
}
