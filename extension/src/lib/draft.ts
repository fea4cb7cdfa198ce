// The capture form's editable copy of a person: every field a string, so each is one labelled input.
import type { ProfileDraftInput } from "@prospector/shared/profile";

export interface FormDraft {
  fullName: string;
  firstName: string;
  lastName: string;
  headline: string;
  title: string;
  company: string;
  location: string;
  /** One per line. */
  emails: string;
  phones: string;
  profileUrl: string;
  photoUrl: string;
  links: string;
  /** Comma separated. */
  skills: string;
  summary: string;
}

export const EMPTY_FORM: FormDraft = {
  fullName: "",
  firstName: "",
  lastName: "",
  headline: "",
  title: "",
  company: "",
  location: "",
  emails: "",
  phones: "",
  profileUrl: "",
  photoUrl: "",
  links: "",
  skills: "",
  summary: "",
};

export function toForm(d: ProfileDraftInput | null): FormDraft {
  if (!d) return { ...EMPTY_FORM };
  return {
    fullName: d.fullName ?? "",
    firstName: d.firstName ?? "",
    lastName: d.lastName ?? "",
    headline: d.headline ?? "",
    title: d.title ?? "",
    company: d.company ?? "",
    location: d.location ?? "",
    emails: (d.emails ?? []).join("\n"),
    phones: (d.phones ?? []).join("\n"),
    profileUrl: d.profileUrl ?? "",
    photoUrl: d.photoUrl ?? "",
    links: (d.links ?? []).join("\n"),
    skills: (d.skills ?? []).join(", "),
    summary: d.summary ?? "",
  };
}

const lines = (s: string) => [...new Set(s.split(/[\n\r]+/).map((x) => x.trim()).filter(Boolean))];
/** Comma- or newline-separated, trimmed, de-duplicated (case-insensitively), empty ones dropped. */
export function splitList(s: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of s.split(/[,\n\r]+/)) {
    const x = raw.trim().replace(/\s+/g, " ");
    if (!x || seen.has(x.toLowerCase())) continue;
    seen.add(x.toLowerCase());
    out.push(x);
  }
  return out;
}

export function fromForm(f: FormDraft, sourceUrl: string | null): ProfileDraftInput {
  const emails = lines(f.emails).flatMap((x) => x.split(/[\s,;]+/)).filter(Boolean);
  return {
    fullName: f.fullName.trim(),
    firstName: f.firstName.trim(),
    lastName: f.lastName.trim(),
    headline: f.headline.trim(),
    title: f.title.trim(),
    company: f.company.trim(),
    location: f.location.trim(),
    emails: [...new Set(emails.map((e) => e.toLowerCase()))],
    phones: lines(f.phones),
    profileUrl: f.profileUrl.trim() || null,
    photoUrl: f.photoUrl.trim() || null,
    links: lines(f.links),
    skills: splitList(f.skills).map((s) => s.slice(0, 100)),
    summary: f.summary.trim(),
    sourceUrl,
  };
}

/** Tags as the server takes them (at most 50, each 1–60 characters). */
export function parseTags(s: string): string[] {
  return splitList(s)
    .map((t) => t.slice(0, 60))
    .slice(0, 50);
}
