import { normalizeEmail, normalizePhone, normalizeProfileUrl, normalizeText } from "@prospector/shared/normalize";
import type { Identities } from "./candidates.repo";

const PROFILE_SITES = new Set(["linkedin", "github", "xing", "twitter"]);

/**
 * Splits what a draft says about a person into identities (matched for duplicates) and plain links:
 * the profile URL and any link to a known profile site are identities; other links stay links.
 */
export function identitiesOf(
  d: { emails?: string[]; phones?: string[]; profileUrl?: string | null; links?: string[] },
  opts: { linksAreProfiles?: boolean } = {},
) {
  const ids: Identities = { emails: [], phones: [], profiles: [] };
  const links: { url: string; label: string }[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  for (const raw of d.emails ?? []) {
    const key = normalizeEmail(raw);
    if (!key) {
      if (normalizeText(raw)) invalid.push(`"${normalizeText(raw)}" is not a valid email address`);
      continue;
    }
    if (seen.has(`e:${key}`)) continue;
    seen.add(`e:${key}`);
    ids.emails.push({ email: key, key });
  }
  for (const raw of d.phones ?? []) {
    const p = normalizePhone(raw);
    if (!p) {
      if (normalizeText(raw)) invalid.push(`"${normalizeText(raw)}" is not a valid phone number`);
      continue;
    }
    if (seen.has(`p:${p.key}`)) continue;
    seen.add(`p:${p.key}`);
    ids.phones.push({ phone: p.display, key: p.key, e164: p.e164 });
  }
  const urls = [d.profileUrl, ...(d.links ?? [])].filter((u): u is string => Boolean(u && normalizeText(u)));
  urls.forEach((raw, i) => {
    const n = normalizeProfileUrl(raw);
    if (!n) {
      invalid.push(`"${normalizeText(raw)}" is not a web address`);
      return;
    }
    if (seen.has(`u:${n.key}`)) return;
    seen.add(`u:${n.key}`);
    const isIdentity = opts.linksAreProfiles || (i === 0 && Boolean(d.profileUrl)) || PROFILE_SITES.has(n.site);
    if (isIdentity) ids.profiles.push({ url: n.canonical, key: n.key, site: n.site });
    else links.push({ url: n.canonical, label: new URL(n.canonical).hostname });
  });
  return { ids, links, invalid };
}

export function hasIdentity(ids: Identities) {
  return ids.emails.length + ids.phones.length + ids.profiles.length > 0;
}
