import { splitName } from "../normalize";
import { countryFromLocation, countryName } from "./country";
import { normalizeDate } from "./dates";
import { cleanCompany, cleanEmail, cleanPhone, cleanText, clip, dedupe, httpUrl } from "./text";
import type { Candidate, CandidateRole, Education, Experience, ProfileDraft, Source } from "./types";

/** A schema.org-style node as JSON-LD, microdata and RDFa all describe one: local type names ("Person"), property values that are text or nodes. */
export interface SchemaNode {
  types: string[];
  /** @id / itemid / resource, as written. */
  id: string | null;
  /** A Map, not an object: page data may name a property "__proto__". */
  props: Map<string, SchemaValue[]>;
  element: Element | null;
}
/** A property value: text, or a nested node. */
export type SchemaValue = string | SchemaNode;

/** A new, empty node. */
export function newNode(types: string[], id: string | null, element: Element | null): SchemaNode {
  return { types, id, props: new Map(), element };
}

/** Appends a value to a node's property. */
export function addProp(node: SchemaNode, name: string, value: SchemaValue): void {
  const list = node.props.get(name);
  if (list) list.push(value);
  else node.props.set(name, [value]);
}

const VOCAB_PREFIX =
  /^(?:https?:\/\/(?:www\.)?schema\.org\/|schema:|https?:\/\/xmlns\.com\/foaf\/0\.1\/|foaf:|https?:\/\/ogp\.me\/ns#)/i;

/** "http://schema.org/Person", "schema:Person", "foaf:Person" → "Person"; other IRIs keep their last segment. */
export function localName(iri: string): string {
  const s = iri.trim();
  if (VOCAB_PREFIX.test(s)) return s.replace(VOCAB_PREFIX, "");
  const m = /[/#:]([^/#:]+)$/.exec(s);
  return m?.[1] ?? s;
}

/** Whether the node has one of the given local types. */
export function isType(node: SchemaNode, ...names: string[]): boolean {
  return node.types.some((t) => names.includes(t));
}

const PERSON_TYPES = ["Person", "Patient"];
const ROLE_TYPES = ["Role", "OrganizationRole", "EmployeeRole", "PerformanceRole", "LinkRole"];
/** Page types whose mainEntity/about is what the page is about. */
const PAGE_TYPES = ["WebPage", "ProfilePage", "AboutPage", "ItemPage", "ContactPage", "MedicalWebPage", "RealEstateListing"];
/** Top-level types that mean the page is about something other than a person. */
export const NON_PERSON_TYPES = new Set([
  "Article",
  "NewsArticle",
  "BlogPosting",
  "Blog",
  "Report",
  "ScholarlyArticle",
  "TechArticle",
  "SocialMediaPosting",
  "DiscussionForumPosting",
  "LiveBlogPosting",
  "Organization",
  "Corporation",
  "LocalBusiness",
  "NGO",
  "EducationalOrganization",
  "CollegeOrUniversity",
  "Product",
  "Offer",
  "Event",
  "Recipe",
  "Review",
  "Book",
  "Movie",
  "MusicRecording",
  "ItemList",
  "SearchResultsPage",
  "CollectionPage",
  "JobPosting",
  "Course",
  "VideoObject",
  "Invoice",
  "Order",
]);

/** Whether a node is a person. */
export function isPerson(node: SchemaNode): boolean {
  return isType(node, ...PERSON_TYPES);
}

/** Every node reachable from `roots` (each once), in document order of discovery. */
export function allNodes(roots: readonly SchemaNode[]): SchemaNode[] {
  const seen = new Set<SchemaNode>();
  const out: SchemaNode[] = [];
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    out.push(node);
    const kids: SchemaNode[] = [];
    for (const values of node.props.values()) for (const v of values) if (typeof v !== "string") kids.push(v);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out;
}

/** The text values of a property (a node value counts by its name). */
export function texts(node: SchemaNode, prop: string): string[] {
  const out: string[] = [];
  for (const v of node.props.get(prop) ?? []) {
    const t = typeof v === "string" ? cleanText(v) : cleanText(first(v, "name"));
    if (t !== "") out.push(t);
  }
  return out;
}

/** The first text value of a property, or "". */
export function first(node: SchemaNode, prop: string): string {
  for (const v of node.props.get(prop) ?? []) {
    const t = typeof v === "string" ? cleanText(v) : cleanText(first(v, "name"));
    if (t !== "") return t;
  }
  return "";
}

/** The node values of a property. */
export function nodes(node: SchemaNode, prop: string): SchemaNode[] {
  return (node.props.get(prop) ?? []).filter((v): v is SchemaNode => typeof v !== "string");
}

/** URL values of a property (text, or the url/contentUrl/@id of a node), resolved and http(s) only. */
export function urls(node: SchemaNode, prop: string, base: string): string[] {
  const out: string[] = [];
  for (const v of node.props.get(prop) ?? []) {
    const raw =
      typeof v === "string" ? v : (first(v, "url") || first(v, "contentUrl") || (v.id !== null && !v.id.startsWith("_:") ? v.id : ""));
    const href = httpUrl(raw, base);
    if (href !== null) out.push(href);
  }
  return out;
}

/** Roles for persons found in a set of top-level nodes: ProfilePage.mainEntity is `main`, a value of another node is `nested`, the rest `standalone`. */
export function personRoles(roots: readonly SchemaNode[]): Map<SchemaNode, CandidateRole> {
  const roles = new Map<SchemaNode, CandidateRole>();
  const referenced = new Set<SchemaNode>();
  const main = new Set<SchemaNode>();
  for (const node of allNodes(roots)) {
    const isPage = isType(node, ...PAGE_TYPES);
    for (const [prop, values] of node.props) {
      for (const v of values) {
        if (typeof v === "string") continue;
        if (isPage && (prop === "mainEntity" || prop === "about")) main.add(v);
        else referenced.add(v);
      }
    }
  }
  for (const node of allNodes(roots)) {
    if (!isPerson(node)) continue;
    roles.set(node, main.has(node) ? "main" : referenced.has(node) ? "nested" : "standalone");
  }
  return roles;
}

function placeText(value: SchemaValue): string {
  if (typeof value === "string") return cleanText(value);
  // A Place carries its address; a PostalAddress carries the parts.
  for (const inner of nodes(value, "address")) {
    const t = placeText(inner);
    if (t !== "") return t;
  }
  const address = first(value, "address");
  const parts = dedupe([
    first(value, "addressLocality"),
    first(value, "addressRegion"),
    countryName(first(value, "addressCountry")),
  ]);
  // "Toronto, Ontario, Canada" + addressCountry "CA": the country is said once.
  // A part already said by an earlier one is left out; an earlier part's own text stays as written.
  const said: string[] = [];
  for (const part of parts) {
    const segments = part.split(/\s*,\s*/).map((p) => p.toLowerCase());
    if (said.length > 0 && segments.every((p) => said.some((q) => q.split(/\s*,\s*/).map((x) => x.toLowerCase()).includes(p)))) continue;
    said.push(part);
  }
  if (said.length > 0) return said.join(", ");
  return address || first(value, "name");
}

function locationOf(node: SchemaNode): string {
  for (const prop of ["homeLocation", "address", "workLocation"]) {
    for (const v of node.props.get(prop) ?? []) {
      const t = placeText(v);
      if (t !== "") return clip(t, 300);
    }
  }
  return "";
}

interface Employment {
  company: string;
  role: string;
  start: string;
  end: string;
  location: string;
}

// schema.org allows a Role between a property and its value ({worksFor: {@type: OrganizationRole,
// worksFor: {Organization}, startDate}}), and LinkedIn writes Organization.member.OrganizationRole
// instead; both carry the dates of the job.
function employments(node: SchemaNode, prop: string): Employment[] {
  const out: Employment[] = [];
  for (const v of node.props.get(prop) ?? []) {
    if (typeof v === "string") {
      const company = cleanCompany(v);
      if (company !== "") out.push({ company, role: "", start: "", end: "", location: "" });
      continue;
    }
    let org: SchemaValue | undefined = v;
    let roleNode: SchemaNode | undefined;
    if (isType(v, ...ROLE_TYPES)) {
      roleNode = v;
      org = (v.props.get(prop) ?? [])[0];
    } else {
      roleNode = nodes(v, "member").find((m) => isType(m, ...ROLE_TYPES)) ?? undefined;
    }
    const company = typeof org === "string" ? cleanCompany(org) : org ? cleanCompany(first(org, "name")) : "";
    if (company === "") continue;
    const location = typeof org === "string" || !org ? "" : locationOf(org);
    out.push({
      company,
      role: roleNode ? first(roleNode, "roleName") || first(roleNode, "namedPosition") : "",
      start: roleNode ? normalizeDate(first(roleNode, "startDate")) : "",
      end: roleNode ? normalizeDate(first(roleNode, "endDate")) : "",
      location,
    });
  }
  return out;
}

function occupations(node: SchemaNode): string[] {
  const out: string[] = [];
  for (const v of nodes(node, "hasOccupation")) {
    if (isType(v, ...ROLE_TYPES)) {
      if (first(v, "endDate") !== "") continue;
      const inner = first(v, "hasOccupation") || first(v, "roleName");
      if (inner) out.push(inner);
    } else {
      const name = first(v, "name");
      if (name) out.push(name);
    }
  }
  return out;
}

/** Reads a schema.org Person node into a candidate (the same mapping for JSON-LD, microdata and RDFa, so the three agree). */
export function personFromSchema(node: SchemaNode, source: Source, role: CandidateRole, base: string): Candidate | null {
  const given = first(node, "givenName");
  const family = first(node, "familyName");
  let fullName = first(node, "name") || dedupe([given, first(node, "additionalName"), family]).join(" ");
  // "Turner, Caroline B." with givenName/familyName given: show it the way a person is addressed.
  if (given && family && fullName.includes(",")) {
    const [last, rest] = fullName.split(/\s*,\s*/, 2);
    if (last === family && rest === given) fullName = `${given} ${family}`;
  }
  fullName = clip(fullName, 300);
  if (fullName === "") return null;
  const split = splitName(fullName);

  const location = locationOf(node);
  const country = countryFromLocation(location);
  const jobTitles = texts(node, "jobTitle");
  const jobs = employments(node, "worksFor");
  const currentIndex = jobs.findIndex((j) => j.end === "");
  const current = currentIndex >= 0 ? jobs[currentIndex] : undefined;
  // LinkedIn lists one jobTitle per worksFor entry, in the same order.
  const paired = jobTitles.length === jobs.length;
  // An employer with neither a title nor dates says no more than `company` already does.
  const experience: Experience[] = jobs
    .map((j, i) => ({
      title: clip(j.role || (paired ? (jobTitles[i] ?? "") : i === currentIndex ? (jobTitles[0] ?? "") : ""), 300),
      company: clip(j.company, 300),
      start: j.start,
      end: j.end,
      location: j.location,
    }))
    .filter((e) => e.title !== "" || e.start !== "" || e.end !== "");
  const education: Education[] = employments(node, "alumniOf").map((s) => ({
    school: clip(s.company, 300),
    degree: clip(s.role, 300),
    field: "",
    start: s.start,
    end: s.end,
  }));
  const title =
    (paired && currentIndex >= 0 ? jobTitles[currentIndex] : undefined) ||
    jobTitles[0] ||
    current?.role ||
    occupations(node)[0] ||
    "";

  const person: Partial<ProfileDraft> = {
    fullName,
    firstName: clip(given || split.firstName, 150),
    lastName: clip(family || split.lastName, 150),
    headline: clip(first(node, "disambiguatingDescription"), 500),
    title: clip(title, 300),
    company: clip(current?.company ?? jobs[0]?.company ?? "", 300),
    location,
    emails: dedupe(texts(node, "email").map((e) => cleanEmail(e) ?? "")),
    phones: dedupe(texts(node, "telephone").map((p) => cleanPhone(p, country) ?? "")),
    photoUrl: urls(node, "image", base)[0] ?? null,
    links: dedupe([...urls(node, "url", base), ...urls(node, "sameAs", base)]),
    skills: dedupe([...texts(node, "knowsAbout"), ...texts(node, "skills")].map((s) => clip(s, 100))),
    experience,
    education,
    summary: clip(first(node, "description"), 20_000),
  };
  const identityUrls = dedupe([
    ...urls(node, "url", base),
    ...urls(node, "sameAs", base),
    ...urls(node, "mainEntityOfPage", base),
    // A fragment @id ("https://site/#person") names a node in a graph, not a page.
    ...(node.id !== null && !node.id.includes("#") ? [httpUrl(node.id, base) ?? ""] : []),
  ]);
  return { source, role, person, identityUrls, element: node.element };
}

/** Candidates for every Person among the given top-level nodes. */
export function schemaCandidates(roots: readonly SchemaNode[], source: Source, base: string): Candidate[] {
  const out: Candidate[] = [];
  for (const [node, role] of personRoles(roots)) {
    const c = personFromSchema(node, source, role, base);
    if (c !== null) out.push(c);
  }
  return out;
}

/** Local types of the top-level nodes (and of the mainEntity of top-level pages), to tell what the page is about. */
export function topLevelTypes(roots: readonly SchemaNode[]): string[] {
  const out: string[] = [];
  for (const root of roots) {
    out.push(...root.types);
    if (isType(root, ...PAGE_TYPES)) for (const m of nodes(root, "mainEntity")) out.push(...m.types);
  }
  return out;
}
