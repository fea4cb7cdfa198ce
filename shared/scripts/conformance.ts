// `npm run conformance`: runs the extraction readers against public test corpora and prints pass
// counts. It is a report, not a gate: it exits 0 whatever the counts (1 only when the corpora are
// missing, 2 when it crashes). The corpora live outside the repo, in ../shared/conformance.
//
// What is compared, and why it is fair:
// - microformats-tests (h-card, hcard): our mf2 parser's items against the expected parser output,
//   on the properties a person needs (name parts, contact, url/uid/photo, org/job-title/role,
//   note/category, address parts) and on nesting (children, nested property items). Text values
//   are compared after whitespace normalisation (the suite itself says trimming rules vary).
//   Then, on every case of the suite, the shortcut extractProfile takes (parsing only the outermost
//   h-card subtrees, not the whole page) must find the same people, nested or not, as the full parse.
// - schemaorg: (a) each example whose main entity is a Person, through the whole extractProfile,
//   from its JSON-LD and (when given) its microdata: the person found must match what the
//   example's JSON-LD states directly (name by nameKey, so "Turner, Caroline B." and
//   "Caroline B. Turner" agree; given/family name, jobTitle, email, telephone, employer, locality,
//   each only when the example states it). (b) every example with both microdata and JSON-LD:
//   the persons each reader finds (nested ones too) must be the same.
// - extruct: samples whose expected output holds a Person: the persons our microdata / JSON-LD /
//   RDFa readers find must equal the persons in extruct's expected output for that format, and
//   extractProfile must return a person exactly when the expected output has a top-level, named
//   Person (otherwise the page is about something else: a blog post, an event, an invoice).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { JSDOM } from "jsdom";
import { nameKey, normalizePhone, normalizeText } from "../src/normalize";
import { extractProfile } from "../src/extract/index";
import { jsonLdBlocks, jsonLdNodes } from "../src/extract/jsonld";
import { microdataNodes } from "../src/extract/microdata";
import { hCardCandidates, type MfItem, type MfValue, parseMicroformats, readHCards } from "../src/extract/microformats";
import { rdfaNodes } from "../src/extract/rdfa";
import { allNodes, first, isPerson, type SchemaNode, texts } from "../src/extract/schema";
import { cleanEmail } from "../src/extract/text";
import type { ProfileDraft } from "../src/extract/types";
import { cases as fixtureCases } from "../test/extract/fixture-cases";

const here = dirname(fileURLToPath(import.meta.url));
const corpusRoot = resolve(process.env.PROSPECTOR_CONFORMANCE_DIR ?? join(here, "../../../shared/conformance"));

interface Tally {
  title: string;
  passed: number;
  total: number;
  failures: string[];
}

function tally(title: string): Tally {
  return { title, passed: 0, total: 0, failures: [] };
}

function record(t: Tally, name: string, problem: string | null): void {
  t.total++;
  if (problem === null) t.passed++;
  else t.failures.push(`${name}: ${problem}`);
}

function dom(html: string, url: string): Document {
  return new JSDOM(html, { url }).window.document;
}

/** The first difference between two JSON-like values, as "path: expected … got …", or null. */
function diff(expected: unknown, actual: unknown, path = ""): string | null {
  if (JSON.stringify(expected) === JSON.stringify(actual)) return null;
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    for (let i = 0; i < expected.length; i++) {
      const d = diff(expected[i], actual[i], `${path}[${i}]`);
      if (d) return d;
    }
  }
  if (isRecord(expected) && isRecord(actual)) {
    for (const k of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      const d = diff(expected[k], actual[k], path ? `${path}.${k}` : k);
      if (d) return d;
    }
  }
  const show = (v: unknown) => {
    const s = JSON.stringify(v) ?? "undefined";
    return s.length > 160 ? `${s.slice(0, 157)}...` : s;
  };
  return `${path || "(root)"}: expected ${show(expected)}, got ${show(actual)}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}

// ---------------------------------------------------------------------------------------------
// microformats-tests

const MF_FIELDS = [
  "name",
  "honorific-prefix",
  "given-name",
  "additional-name",
  "family-name",
  "honorific-suffix",
  "nickname",
  "email",
  "tel",
  "url",
  "uid",
  "photo",
  "org",
  "job-title",
  "role",
  "note",
  "category",
  "adr",
  "street-address",
  "locality",
  "region",
  "postal-code",
  "country-name",
  "label",
];

type Projected = { type: string[]; properties: Record<string, unknown[]>; children: Projected[] };

function projectMfValue(v: unknown): unknown {
  if (typeof v === "string") return normalizeText(v);
  if (isRecord(v) && Array.isArray(v.type)) {
    return { value: normalizeText(String(v.value ?? "")), ...projectMf(v) };
  }
  if (isRecord(v)) return normalizeText(String(v.value ?? ""));
  return v;
}

function projectMf(item: Record<string, unknown>): Projected {
  const props = (item.properties ?? {}) as Record<string, unknown[]>;
  const properties: Record<string, unknown[]> = {};
  for (const f of MF_FIELDS) {
    const values = props[f];
    if (Array.isArray(values) && values.length > 0) properties[f] = values.map(projectMfValue);
  }
  const children = ((item.children ?? []) as Record<string, unknown>[]).map(projectMf);
  return { type: [...((item.type ?? []) as string[])].sort(), properties, children };
}

function plainMf(item: MfItem): Record<string, unknown> {
  const plainValue = (v: MfValue): unknown =>
    typeof v === "string" ? v : "type" in v ? { ...plainMf(v), value: v.value } : { value: v.value, alt: v.alt };
  const properties: Record<string, unknown[]> = {};
  for (const [k, vs] of Object.entries(item.properties)) properties[k] = vs.map(plainValue);
  return { type: item.type, properties, children: (item.children ?? []).map(plainMf) };
}

/** The people (name, role) a list of candidates holds, for comparing two readers. */
function people(cs: { role: string; person: { fullName?: string } }[]): string[] {
  return cs.map((c) => `${c.role}:${c.person.fullName ?? ""}`).sort();
}

function runMicroformats(root: string): Tally[] {
  const fast = tally(
    "microformats-tests: all cases, extractProfile's h-card reader (outermost cards only) finds the people the full parse finds",
  );
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".json") ? [join(dir, e.name)] : [],
    );
  for (const json of walk(join(root, "tests")).sort()) {
    const name = relative(join(root, "tests"), json).replace(/\.json$/, "");
    try {
      const doc = dom(readFileSync(json.replace(/\.json$/, ".html"), "utf8"), "http://example.com/");
      const full = people(hCardCandidates(parseMicroformats(doc, doc.baseURI), doc.baseURI));
      const quick = people(readHCards(doc, doc.baseURI).candidates);
      record(fast, name, diff(full, quick));
    } catch (e) {
      record(fast, name, `crashed: ${(e as Error).message}`);
    }
  }
  return [runHCardCases(root), fast];
}

function runHCardCases(root: string): Tally {
  const t = tally("microformats-tests: h-card and hcard cases (mf2 parse, person properties and nesting)");
  const dirs = ["microformats-v2/h-card", "microformats-v1/hcard", "microformats-mixed/h-card"];
  for (const d of dirs) {
    const dir = join(root, "tests", d);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((n) => n.endsWith(".json")).sort()) {
      const name = `${d}/${basename(f, ".json")}`;
      try {
        const html = readFileSync(join(dir, f.replace(/\.json$/, ".html")), "utf8");
        const expected = readJson(join(dir, f)) as { items: Record<string, unknown>[] };
        const doc = dom(html, "http://example.com/");
        const parsed = parseMicroformats(doc, doc.baseURI);
        record(t, name, diff(expected.items.map(projectMf), parsed.items.map((i) => projectMf(plainMf(i)))));
      } catch (e) {
        record(t, name, `crashed: ${(e as Error).message}`);
      }
    }
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// Persons as plain data, for comparing readers with each other and with expected outputs

interface PersonView {
  name: string;
  givenName?: string;
  familyName?: string;
  jobTitle?: string;
  email?: string[];
  telephone?: string[];
}

function phoneKey(p: string): string {
  return normalizePhone(p)?.key ?? normalizeText(p);
}

function view(fields: {
  name: string;
  givenName?: string;
  familyName?: string;
  jobTitle?: string;
  email?: string[];
  telephone?: string[];
}): PersonView {
  const v: PersonView = { name: nameKey(fields.name) };
  if (fields.givenName) v.givenName = normalizeText(fields.givenName);
  if (fields.familyName) v.familyName = normalizeText(fields.familyName);
  if (fields.jobTitle) v.jobTitle = normalizeText(fields.jobTitle);
  const emails = (fields.email ?? []).map((e) => cleanEmail(e) ?? normalizeText(e)).filter((e) => e !== "");
  if (emails.length > 0) v.email = emails.sort();
  const phones = (fields.telephone ?? []).map(phoneKey).filter((p) => p !== "");
  if (phones.length > 0) v.telephone = phones.sort();
  return v;
}

function sortViews(views: PersonView[]): PersonView[] {
  return views.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

function schemaPersonViews(roots: SchemaNode[]): PersonView[] {
  return sortViews(
    allNodes(roots)
      .filter(isPerson)
      .map((n) =>
        view({
          name: first(n, "name") || [first(n, "givenName"), first(n, "familyName")].filter(Boolean).join(" "),
          givenName: first(n, "givenName"),
          familyName: first(n, "familyName"),
          jobTitle: first(n, "jobTitle"),
          email: texts(n, "email"),
          telephone: texts(n, "telephone"),
        }),
      ),
  );
}

// ---------------------------------------------------------------------------------------------
// schemaorg

interface SchemaExample {
  id: string;
  primary_person: boolean;
  microdata?: string | null;
  rdfa?: string | null;
  jsonld_html?: string | null;
  jsonld_parsed?: unknown;
}

function jsonText(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  if (Array.isArray(v)) return jsonText(v[0]);
  if (isRecord(v)) return jsonText(v.name);
  return "";
}

function jsonList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(jsonText).filter((s) => s !== "");
}

function isJsonType(v: Record<string, unknown>, type: string): boolean {
  const t = v["@type"];
  return (Array.isArray(t) ? t : [t]).some((x) => typeof x === "string" && x.replace(/^.*[/:]/, "") === type);
}

/** The person an example's JSON-LD is about, and the fields it states directly. */
function referencePerson(parsed: unknown): Record<string, unknown> | null {
  for (const top of Array.isArray(parsed) ? parsed : [parsed]) {
    if (!isRecord(top)) continue;
    if (isJsonType(top, "Person")) return top;
    if (isJsonType(top, "ProfilePage") && isRecord(top.mainEntity)) return top.mainEntity;
  }
  return null;
}

interface Expectation {
  name: string;
  firstName?: string;
  lastName?: string;
  title?: string;
  company?: string;
  emails?: string[];
  phones?: string[];
  locality?: string;
}

function expectationFrom(ref: Record<string, unknown>): Expectation {
  const e: Expectation = { name: nameKey(jsonText(ref.name)) };
  if (typeof ref.givenName === "string") e.firstName = normalizeText(ref.givenName);
  if (typeof ref.familyName === "string") e.lastName = normalizeText(ref.familyName);
  if (ref.jobTitle !== undefined) e.title = normalizeText(jsonText(ref.jobTitle));
  if (isRecord(ref.worksFor)) e.company = normalizeText(jsonText(ref.worksFor.name));
  const emails = jsonList(ref.email).map((m) => cleanEmail(m) ?? "");
  if (emails.length > 0) e.emails = emails;
  const phones = jsonList(ref.telephone).map(phoneKey);
  if (phones.length > 0) e.phones = phones;
  if (isRecord(ref.address) && typeof ref.address.addressLocality === "string") e.locality = ref.address.addressLocality;
  return e;
}

function checkPerson(expected: Expectation, person: ProfileDraft | null): string | null {
  if (person === null) return "no person found";
  const got: Expectation = { name: nameKey(person.fullName) };
  if (expected.firstName !== undefined) got.firstName = person.firstName;
  if (expected.lastName !== undefined) got.lastName = person.lastName;
  if (expected.title !== undefined) got.title = person.title;
  if (expected.company !== undefined) got.company = person.company;
  if (expected.emails !== undefined) got.emails = person.emails;
  if (expected.phones !== undefined) got.phones = person.phones.map(phoneKey);
  if (expected.locality !== undefined)
    got.locality = person.location.split(/\s*,\s*/).find((p) => p === expected.locality) ?? person.location;
  return diff(expected, got);
}

// The two forms of an example are written by hand and do not always state the same details
// (#eg-0328 marks "Brent" as givenName in its microdata only), so the persons must be the same
// people, and the details must agree wherever both forms state them.
function agreement(json: PersonView[], micro: PersonView[]): string | null {
  const names = diff(
    json.map((p) => p.name),
    micro.map((p) => p.name),
  );
  if (names) return `persons ${names}`;
  for (let i = 0; i < json.length; i++) {
    const a = json[i] as unknown as Record<string, unknown>;
    const b = micro[i] as unknown as Record<string, unknown>;
    for (const k of Object.keys(a)) {
      if (k in b) {
        const d = diff(a[k], b[k], `[${i}].${k}`);
        if (d) return d;
      }
    }
  }
  return null;
}

// Examples whose forms genuinely differ (checked by hand); still counted as failures, but labelled.
const AUTHORING_DIFFERENCES: Record<string, string> = {
  "#eg-0186": "the forms name different authors for the accepted answer",
  "#eg-0306": "the microdata gives the author as text, the JSON-LD as a Person",
  "#eg-0255": "the microdata gives the creator as text, the JSON-LD as a Person",
};

function withReason(id: string, problem: string | null): string | null {
  const known = AUTHORING_DIFFERENCES[id];
  return problem !== null && known ? `${problem} (authoring difference: ${known})` : problem;
}

function hasMicrodata(html: string | null | undefined): html is string {
  return typeof html === "string" && html.includes("itemscope");
}

function runSchemaOrg(root: string): Tally[] {
  const primary = tally("schemaorg: Person examples through extractProfile (JSON-LD and microdata vs the example's stated values)");
  const agree = tally("schemaorg: microdata and JSON-LD readers find the same persons (all examples with both forms)");
  const agreeRdfa = tally("schemaorg: RDFa Lite and JSON-LD readers find the same persons (all examples with both forms)");
  const data = readJson(join(root, "person_examples.json")) as { examples: SchemaExample[] };
  for (const ex of data.examples) {
    const url = `https://example.com/schemaorg/${ex.id.replace("#", "")}`;
    try {
      if (ex.primary_person && ex.jsonld_html) {
        const ref = referencePerson(ex.jsonld_parsed);
        if (ref === null) {
          record(primary, ex.id, "no Person in the example's JSON-LD");
        } else {
          const expected = expectationFrom(ref);
          const problems: string[] = [];
          const fromJson = extractProfile(dom(ex.jsonld_html, url), url).person;
          const p1 = checkPerson(expected, fromJson);
          if (p1) problems.push(`json-ld ${p1}`);
          if (hasMicrodata(ex.microdata)) {
            const fromMicro = extractProfile(dom(ex.microdata, url), url).person;
            const p2 = checkPerson(expected, fromMicro);
            if (p2) problems.push(`microdata ${p2}`);
          }
          record(primary, ex.id, problems.length > 0 ? problems.join("; ") : null);
        }
      }
      if (hasMicrodata(ex.microdata) && ex.jsonld_html?.includes("ld+json")) {
        const micro = schemaPersonViews(microdataNodes(dom(ex.microdata, url), url));
        const json = schemaPersonViews(jsonLdNodes(jsonLdBlocks(dom(ex.jsonld_html, url))));
        record(agree, ex.id, withReason(ex.id, agreement(json, micro)));
      }
      if (typeof ex.rdfa === "string" && ex.rdfa.includes("typeof") && ex.jsonld_html?.includes("ld+json")) {
        const rdfa = schemaPersonViews(rdfaNodes(dom(ex.rdfa, url), url));
        const json = schemaPersonViews(jsonLdNodes(jsonLdBlocks(dom(ex.jsonld_html, url))));
        record(agreeRdfa, ex.id, withReason(ex.id, agreement(json, rdfa)));
      }
    } catch (e) {
      record(primary, ex.id, `crashed: ${(e as Error).message}`);
    }
  }
  return [primary, agree, agreeRdfa];
}

// ---------------------------------------------------------------------------------------------
// extruct

const SCHEMA_PERSON = /^https?:\/\/schema\.org\/Person$/;
const FOAF_PERSON = "http://xmlns.com/foaf/0.1/Person";

function typesOf(v: unknown): string[] {
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string");
}

/** Persons in extruct's microdata output: items whose type is schema.org Person, nested ones too. */
function extructMicrodataPersons(items: unknown): { views: PersonView[]; topNamed: boolean } {
  const views: PersonView[] = [];
  let topNamed = false;
  const visit = (item: unknown, top: boolean) => {
    if (Array.isArray(item)) {
      for (const i of item) visit(i, top);
      return;
    }
    if (!isRecord(item)) return;
    const props = isRecord(item.properties) ? item.properties : {};
    if (typesOf(item.type).some((t) => SCHEMA_PERSON.test(t))) {
      const name = jsonText(props.name);
      views.push(
        view({
          name,
          givenName: jsonText(props.givenName),
          familyName: jsonText(props.familyName),
          jobTitle: jsonText(props.jobTitle),
          email: jsonList(props.email),
          telephone: jsonList(props.telephone),
        }),
      );
      if (top && name !== "") topNamed = true;
    }
    for (const v of Object.values(props)) visit(v, false);
  };
  visit(items, true);
  return { views: sortViews(views), topNamed };
}

/** Persons in extruct's JSON-LD output: objects typed Person anywhere, @graph included. */
function extructJsonLdPersons(data: unknown): { views: PersonView[]; topNamed: boolean } {
  const views: PersonView[] = [];
  let topNamed = false;
  const visit = (v: unknown, top: boolean) => {
    if (Array.isArray(v)) {
      for (const x of v) visit(x, top);
      return;
    }
    if (!isRecord(v)) return;
    if (isJsonType(v, "Person")) {
      const name = jsonText(v.name);
      views.push(
        view({
          name,
          givenName: jsonText(v.givenName),
          familyName: jsonText(v.familyName),
          jobTitle: jsonText(v.jobTitle),
          email: jsonList(v.email),
          telephone: jsonList(v.telephone),
        }),
      );
      if (top && name !== "") topNamed = true;
    }
    for (const [k, x] of Object.entries(v)) visit(x, k === "@graph" ? top : false);
  };
  visit(data, true);
  return { views: sortViews(views), topNamed };
}

/** Persons in extruct's RDFa output (expanded JSON-LD): nodes typed schema:Person or foaf:Person. */
function extructRdfaPersons(data: unknown): { views: PersonView[]; topNamed: boolean } {
  const views: PersonView[] = [];
  let topNamed = false;
  const val = (node: Record<string, unknown>, ...iris: string[]) => {
    const out: string[] = [];
    for (const iri of iris) {
      for (const x of (node[iri] ?? []) as Record<string, unknown>[]) {
        const s = x["@value"] ?? x["@id"];
        if (typeof s === "string") out.push(s);
      }
    }
    return out;
  };
  const nodes = (Array.isArray(data) ? data : []) as Record<string, unknown>[];
  const referenced = new Set<string>();
  for (const n of nodes)
    for (const [k, vs] of Object.entries(n))
      if (!k.startsWith("@") && Array.isArray(vs))
        for (const x of vs) if (isRecord(x) && typeof x["@id"] === "string") referenced.add(x["@id"]);
  for (const n of nodes) {
    const types = typesOf(n["@type"]);
    if (!types.some((t) => SCHEMA_PERSON.test(t) || t === FOAF_PERSON)) continue;
    const s = "http://schema.org/";
    const f = "http://xmlns.com/foaf/0.1/";
    const name = val(n, `${s}name`, `${f}name`)[0] ?? "";
    views.push(
      view({
        name,
        givenName: val(n, `${s}givenName`, `${f}givenName`, `${f}firstName`)[0],
        familyName: val(n, `${s}familyName`, `${f}familyName`, `${f}lastName`, `${f}surname`)[0],
        jobTitle: val(n, `${s}jobTitle`)[0],
        email: val(n, `${s}email`, `${f}mbox`),
        telephone: val(n, `${s}telephone`, `${f}phone`),
      }),
    );
    if (name !== "" && !referenced.has(String(n["@id"]))) topNamed = true;
  }
  return { views: sortViews(views), topNamed };
}

function mentionsPerson(path: string): boolean {
  return /schema\.org\/Person|"Person"|foaf\/0\.1\/Person/.test(readFileSync(path, "utf8"));
}

function runExtruct(root: string): Tally[] {
  const readers = tally("extruct: Person-bearing samples, persons read per format (microdata, JSON-LD, RDFa)");
  const verdict = tally("extruct: same samples, extractProfile finds a person exactly when a top-level named Person is expected");
  const samples = join(root, "tests", "samples");
  const base = "http://www.example.com/index.html";
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".html") ? [join(dir, e.name)] : [],
    );
  for (const html of walk(samples).sort()) {
    const stem = html.replace(/\.html$/, "");
    const name = relative(samples, stem);
    const folder = relative(samples, dirname(html));
    const formats: { kind: string; path: string }[] = [];
    // misc/*.json are outputs of other extractors (Open Graph, microformats, RDFa), not microdata.
    if (folder !== "misc" && existsSync(`${stem}.json`)) formats.push({ kind: "microdata", path: `${stem}.json` });
    if (existsSync(`${stem}.jsonld`)) formats.push({ kind: "json-ld", path: `${stem}.jsonld` });
    if (existsSync(`${stem}.expanded.json`)) formats.push({ kind: "rdfa", path: `${stem}.expanded.json` });
    const withPerson = formats.filter((f) => mentionsPerson(f.path));
    if (withPerson.length === 0) continue;
    try {
      const doc = dom(readFileSync(html, "utf8"), base);
      const problems: string[] = [];
      let expectPerson = false;
      for (const f of withPerson) {
        const expected = readJson(f.path);
        let exp: { views: PersonView[]; topNamed: boolean };
        let got: PersonView[];
        if (f.kind === "microdata") {
          exp = extructMicrodataPersons(expected);
          got = schemaPersonViews(microdataNodes(doc, base));
        } else if (f.kind === "json-ld") {
          exp = extructJsonLdPersons(expected);
          got = schemaPersonViews(jsonLdNodes(jsonLdBlocks(doc)));
        } else {
          exp = extructRdfaPersons(expected);
          got = schemaPersonViews(rdfaNodes(doc, base));
        }
        if (exp.topNamed) expectPerson = true;
        const d = diff(exp.views, got);
        if (d) problems.push(`${f.kind} ${d}`);
      }
      record(readers, name, problems.length > 0 ? problems.join("; ") : null);
      const person = extractProfile(doc, base).person;
      record(
        verdict,
        name,
        (person !== null) === expectPerson
          ? null
          : `expected ${expectPerson ? "a person" : "no person"}, got ${person ? JSON.stringify(person.fullName) : "none"}`,
      );
    } catch (e) {
      record(readers, name, `crashed: ${(e as Error).message}`);
    }
  }
  return [readers, verdict];
}

// ---------------------------------------------------------------------------------------------
// Our own fixture pages, scored per layout family: each field a case checks counts once (a
// non-profile page counts as one check: no person).

function runFixtures(): Tally[] {
  const byFamily = new Map<string, Tally>();
  for (const c of fixtureCases) {
    const t = byFamily.get(c.family) ?? tally(`fixtures: ${c.family} (checked fields right)`);
    byFamily.set(c.family, t);
    const html = readFileSync(join(here, "../fixtures", c.file), "utf8");
    const person = extractProfile(dom(html, c.url), c.url).person;
    if (c.person === null) {
      record(t, c.file, person === null ? null : `expected no person, got ${JSON.stringify(person.fullName)}`);
      continue;
    }
    for (const [field, expected] of Object.entries(c.person)) {
      const got = person === null ? undefined : (person as unknown as Record<string, unknown>)[field];
      record(t, `${c.file} ${field}`, diff(expected, got));
    }
  }
  return [...byFamily.values()].sort((a, b) => a.title.localeCompare(b.title));
}

// ---------------------------------------------------------------------------------------------

function print(t: Tally): void {
  const pct = t.total === 0 ? "n/a" : `${Math.round((t.passed / t.total) * 1000) / 10}%`;
  process.stdout.write(`${t.passed}/${t.total} (${pct})  ${t.title}\n`);
  for (const f of t.failures) process.stdout.write(`    FAIL ${f}\n`);
}

function main(): void {
  if (!existsSync(corpusRoot)) {
    process.stderr.write(`conformance corpora not found at ${corpusRoot} (set PROSPECTOR_CONFORMANCE_DIR)\n`);
    process.exit(1);
  }
  process.stdout.write(`Extraction conformance — corpora in ${corpusRoot}\n`);
  for (const t of runFixtures()) print(t);
  const runs: [string, (dir: string) => Tally | Tally[]][] = [
    ["microformats-tests", runMicroformats],
    ["schemaorg", runSchemaOrg],
    ["extruct", runExtruct],
  ];
  for (const [dir, run] of runs) {
    const path = join(corpusRoot, dir);
    if (!existsSync(path)) {
      process.stdout.write(`--  ${dir}: not found, skipped\n`);
      continue;
    }
    const result = run(path);
    for (const t of Array.isArray(result) ? result : [result]) print(t);
  }
}

try {
  main();
} catch (e) {
  process.stderr.write(`conformance runner crashed: ${(e as Error).stack ?? e}\n`);
  process.exit(2);
}
