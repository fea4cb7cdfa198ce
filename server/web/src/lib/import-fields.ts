import type { RouterInputs } from "../trpc";

export type ImportField = NonNullable<RouterInputs["imports"]["preview"]["mapping"]>[string];

/** Every field a CSV column can map to (the type check keeps this in step with the server's list). */
export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  fullName: "Full name",
  firstName: "First name",
  lastName: "Last name",
  email: "Email",
  phone: "Phone",
  profileUrl: "Profile URL (LinkedIn…)",
  link: "Other link",
  title: "Current title",
  company: "Current company",
  location: "Location",
  headline: "Headline",
  skills: "Skills",
  tags: "Tags",
  summary: "Summary / notes",
  ignore: "— ignore this column —",
};
export const IMPORT_FIELDS = Object.keys(IMPORT_FIELD_LABELS) as ImportField[];

/** Percentage done for the progress bar; 0 when the total is not known yet, never above 100. */
export function progressPercent(processed: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.round((processed / total) * 100));
}
