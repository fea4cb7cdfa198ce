const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export const formatDateTime = (ms: number) => dateTime.format(new Date(ms));
export const formatDate = (ms: number) => dateOnly.format(new Date(ms));

export function timeAgo(ms: number, now = Date.now()): string {
  const s = Math.round((now - ms) / 1000);
  if (s < 60) return "just now";
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  if (d < 30) return `${d} d ago`;
  return formatDate(ms);
}

export const STATUS_LABELS = { draft: "Draft", open: "Open", on_hold: "On hold", closed: "Closed", archived: "Archived" } as const;
export type OpeningStatus = keyof typeof STATUS_LABELS;
export const OPENING_STATUSES = Object.keys(STATUS_LABELS) as OpeningStatus[];

export const SOURCE_LABELS = { extension: "Chrome extension", bulk_upload: "Bulk upload", manual: "Added by hand", application: "Application", import: "Import" } as const;
export type CandidateSource = keyof typeof SOURCE_LABELS;
export const CANDIDATE_SOURCES = Object.keys(SOURCE_LABELS) as CandidateSource[];

export const ROLE_LABELS = { super_admin: "Super admin", admin: "Admin", recruiter: "Recruiter" } as const;
export type Role = keyof typeof ROLE_LABELS;

export const WORKFLOW_LABELS = { hiring: "Hiring", prospecting: "Prospecting" } as const;

export const KIND_LABELS = { rejected: "Rejected", withdrawn: "Withdrawn", hired: "Hired", rejected_by_client: "Rejected by client" } as const;

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** Comma- or newline-separated text → trimmed, non-empty items. */
export const splitList = (s: string, sep: RegExp = /[\n,]/) =>
  s
    .split(sep)
    .map((x) => x.trim())
    .filter(Boolean);
