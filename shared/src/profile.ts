import { z } from "zod";

const text = (max: number) => z.string().max(max).default("");

/** A person as read from a page or typed by hand: the shape the extension, the web UI and CSV rows send. */
export const zProfileDraft = z.object({
  fullName: z.string().trim().min(1, "A name is required").max(300),
  firstName: text(150).optional(),
  lastName: text(150).optional(),
  headline: text(500),
  title: text(300),
  company: text(300),
  location: text(300),
  emails: z.array(z.string().max(320)).max(20).default([]),
  phones: z.array(z.string().max(60)).max(20).default([]),
  profileUrl: z.string().max(2000).optional().nullable(),
  photoUrl: z.string().max(2000).optional().nullable(),
  links: z.array(z.string().max(2000)).max(50).default([]),
  skills: z.array(z.string().trim().min(1).max(100)).max(200).default([]),
  summary: text(20_000),
  sourceUrl: z.string().max(2000).optional().nullable(),
});
export type ProfileDraft = z.infer<typeof zProfileDraft>;
export type ProfileDraftInput = z.input<typeof zProfileDraft>;
