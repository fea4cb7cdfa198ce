// Message templates: `{{placeholder}}` fields filled per recipient. Shared so the web UI can show the
// same list and refuse the same unknown names the server refuses.

/** Every placeholder a template may use, with what it becomes. */
export const PLACEHOLDERS = {
  candidate_first_name: "The candidate's first name (their full name when no first name is known)",
  opening_title: "The title of the opening",
  sender_name: "The name of the person sending the message",
  company_name: "Your company's name",
  conversation_link: "The candidate's private link to this conversation",
  apply_link: "The link where the candidate applies for the opening",
} as const;

export type Placeholder = keyof typeof PLACEHOLDERS;
export type PlaceholderValues = Record<Placeholder, string>;

/** Placeholders whose value is a link: in HTML mail they become an <a>. */
const LINKS: ReadonlySet<string> = new Set<Placeholder>(["conversation_link", "apply_link"]);

const FIELD = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Names used in a text, in order of first use. */
export function placeholdersIn(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(FIELD)) seen.add(m[1] ?? "");
  return [...seen];
}

/** Names used in a text that are not placeholders (a template using one is refused at save). */
export function unknownPlaceholders(text: string): string[] {
  return placeholdersIn(text).filter((n) => !Object.hasOwn(PLACEHOLDERS, n));
}

type Part = { literal: string } | { field: Placeholder };

function parts(text: string): Part[] {
  const out: Part[] = [];
  let last = 0;
  for (const m of text.matchAll(FIELD)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ literal: text.slice(last, at) });
    const name = m[1] ?? "";
    out.push(Object.hasOwn(PLACEHOLDERS, name) ? { field: name as Placeholder } : { literal: m[0] });
    last = at + m[0].length;
  }
  if (last < text.length) out.push({ literal: text.slice(last) });
  return out;
}

/** Plain text with every placeholder filled (values are inserted as they are). */
export function renderText(template: string, values: Partial<PlaceholderValues>): string {
  return parts(template)
    .map((p) => ("literal" in p ? p.literal : (values[p.field] ?? "")))
    .join("");
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Only http(s) links become anchors; anything else is shown as text. */
function safeHref(url: string): string | null {
  return /^https?:\/\/[^\s"'<>]+$/i.test(url) ? url : null;
}

/**
 * HTML with every literal and every value escaped (a candidate named `<b>` stays text), link
 * placeholders as anchors, line breaks kept.
 */
export function renderHtml(template: string, values: Partial<PlaceholderValues>): string {
  const body = parts(template)
    .map((p) => {
      if ("literal" in p) return escapeHtml(p.literal);
      const v = values[p.field] ?? "";
      const href = LINKS.has(p.field) ? safeHref(v) : null;
      return href ? `<a href="${escapeHtml(href)}">${escapeHtml(v)}</a>` : escapeHtml(v);
    })
    .join("");
  return body.replace(/\r?\n/g, "<br>\n");
}
