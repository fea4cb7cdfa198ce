import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { normalizeText } from "@prospector/shared/normalize";
import { type ProfileDraft, zProfileDraft } from "@prospector/shared/profile";
import type { Workflow } from "@prospector/shared/workflow";
import { CsvError, parse as parseStream } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";
import { type DB, type Executor, stmt } from "../../db/client";
import { holdWriteLock, whenWritable } from "../../db/write-gate";
import type { UserActor } from "../../lib/actor";
import type { Deps } from "../../lib/deps";
import { toCsv } from "../../lib/csv";
import { AppError, type AppErrorCode, badRequest, conflict, notFound, precondition } from "../../lib/errors";
import { recordActivity } from "../activities/activities.repo";
import * as candidatesRepo from "../candidates/candidates.repo";
import { identitiesOf } from "../candidates/identities";
import { alreadyOnOpening, intakeTx, type KnownIdentity, type NameFields, nameFieldsOf, resolvePlacement } from "../candidates/intake.service";
import type { OpeningRow } from "../openings/openings.repo";
import { visibleOpening } from "../openings/openings.service";
import * as repo from "./imports.repo";

// ---- limits -----------------------------------------------------------------------------------

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 100_000;
const MAX_COLUMNS = 200;
/**
 * The preview yields to the event loop after this much work. By time rather than by row count: a row costs
 * 20–30 µs warm but several times that while the JIT warms up, and machines differ (measured here: 2,000 rows
 * per slice gave 50 ms slices, and 250 ms for the first one).
 */
const SLICE_MS = 20;
/** Bytes handed to the CSV parser between two yields (about 12 ms of parsing warm, 50 ms cold). */
const BYTES_PER_SLICE = 128 * 1024;
const SAMPLE_ROWS = 20;
/** Values shown per column beside the mapping, their length, and how far into the file they are looked for. */
const COLUMN_SAMPLES = 3;
const COLUMN_SAMPLE_CHARS = 80;
const COLUMN_SAMPLE_SCAN_ROWS = 1000;
const PROGRESS_EVERY = 500;

// ---- mapping ----------------------------------------------------------------------------------

/** What a CSV column can be mapped to; "ignore" drops the column. */
export const IMPORT_FIELDS = [
  "fullName",
  "firstName",
  "lastName",
  "email",
  "phone",
  "profileUrl",
  "link",
  "title",
  "company",
  "location",
  "headline",
  "skills",
  "tags",
  "summary",
  "ignore",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export type ImportMapping = Record<string, ImportField>;

// First match wins, so the specific patterns come before the loose ones ("company email" is an email,
// "first name" is not a full name, "linkedin url" is the profile, not a plain link). Headers are folded
// to lower-case ASCII words first, so Czech and German exports match too.
const HEADER_RULES: [RegExp, ImportField][] = [
  [/^(first|first name|firstname|given name|forename|jmeno|krestni jmeno|vorname|prenom)$/, "firstName"],
  [/^(last|last name|lastname|surname|family name|prijmeni|nachname|nom)$/, "lastName"],
  [/^(name|full name|fullname|candidate|candidate name|contact|contact name|person|jmeno a prijmeni|cele jmeno)$/, "fullName"],
  [/\be ?mails?\b|\bemail address(es)?\b/, "email"],
  [/\b(phones?|mobile|cell|tel|telephone|telefon|phone numbers?)\b/, "phone"],
  [/\blinked ?in\b|\bprofile( url| link)?\b|\bli url\b/, "profileUrl"],
  [/\bheadline\b/, "headline"],
  [/^(title|job title|current title|position|current position|role|job|pozice)$/, "title"],
  [/\b(company|current company|employer|organi[sz]ation|firma|spolecnost)\b/, "company"],
  [/\b(location|city|country|region|address|lokalita|mesto|ort)\b/, "location"],
  [/\b(skills?|dovednosti|technologies|tech stack)\b/, "skills"],
  [/\b(tags?|labels?|stitky)\b/, "tags"],
  [/\b(summary|notes?|about|bio|description|poznamka)\b/, "summary"],
  [/\b(github|gitlab|twitter|xing|website|web|portfolio|url|link|links|homepage)\b/, "link"],
];

function foldHeader(h: string): string {
  return h
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** A field for every header, guessed from its name; unknown headers are ignored. */
export function suggestMapping(headers: string[]): ImportMapping {
  const out: ImportMapping = {};
  for (const h of headers) {
    const folded = foldHeader(h).replace(/\s\d+$/, ""); // "Email 2" is an email
    out[h] = HEADER_RULES.find(([re]) => re.test(folded))?.[1] ?? "ignore";
  }
  return out;
}

/** A mapping chosen by the user: every key must be a header of the file; headers left out are ignored. */
function completeMapping(headers: string[], given: Record<string, ImportField>): ImportMapping {
  const known = new Set(headers);
  const unknown = Object.keys(given).filter((k) => !known.has(k));
  if (unknown.length) throw badRequest(`The file has no column named ${unknown.map((u) => `"${u}"`).join(", ")}`, { unknownColumns: unknown });
  const out: ImportMapping = {};
  for (const h of headers) out[h] = given[h] ?? "ignore";
  return out;
}

function mappingWarnings(mapping: ImportMapping): string[] {
  const fields = new Set(Object.values(mapping));
  const w: string[] = [];
  if (!fields.has("fullName") && !fields.has("firstName") && !fields.has("lastName")) w.push("No column is mapped to a name, so every row will be refused");
  if (!fields.has("email") && !fields.has("profileUrl") && !fields.has("phone")) {
    w.push("No column is mapped to an email, phone or profile URL, so duplicates cannot be recognised");
  }
  return w;
}

// ---- parsing ----------------------------------------------------------------------------------

interface RawRow {
  /** 1-based line of the file where the record starts, header included, as an editor counts it. */
  line: number;
  cells: string[];
}
interface ParsedCsv {
  headers: string[];
  delimiter: string;
  rows: RawRow[];
}

/** The delimiter that splits the header line most (outside quotes): comma, semicolon (European Excel) or tab. */
export function detectDelimiter(text: string): string {
  const counts: Record<string, number> = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  const end = Math.min(text.length, 64 * 1024);
  for (let i = 0; i < end; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break; // only the header line decides
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  let best = ",";
  for (const d of [";", "\t"]) if (counts[d]! > counts[best]!) best = d;
  return best;
}

function csvOptions(delimiter: string) {
  return {
    bom: true,
    delimiter,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    // A stray quote inside an unquoted value (Jane "JJ" Doe) is text, not a syntax error.
    relax_quotes: true,
    max_record_size: 1_000_000,
  } as const;
}

/** Line breaks in bytes [from, to): CRLF, LF and a lone CR each count once. */
function countBreaks(bytes: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = bytes[i];
    if (c === 0x0a || (c === 0x0d && bytes[i + 1] !== 0x0a)) n++;
  }
  return n;
}

/**
 * Turns parser records into headers and rows; one implementation for the sliced and the synchronous parse.
 * Line numbers are counted here from byte offsets: csv-parse's own `info.lines` counts a CRLF inside a quoted
 * value as two lines, which would shift every later row of a Windows file.
 */
class Collector {
  headers: string[] | null = null;
  rows: RawRow[] = [];
  private pos = 0;
  private line = 1;

  constructor(private readonly bytes: Buffer) {}

  /** `end` is info.bytes: the offset just past the record and its line break. */
  add(record: string[], end: number) {
    const b = this.bytes;
    let start = this.pos;
    while (start < end && (b[start] === 0x0a || b[start] === 0x0d)) start++; // blank lines the parser skipped
    this.line += countBreaks(b, this.pos, start);
    const line = this.line;
    this.line += countBreaks(b, start, end);
    this.pos = end;

    if (this.headers === null) {
      if (record.length > MAX_COLUMNS) throw badRequest(`The file has ${record.length} columns; at most ${MAX_COLUMNS} are supported`);
      this.headers = uniqueHeaders(record);
      return;
    }
    // Rows of nothing but delimiters (",,,,", common at the end of spreadsheet exports) are blank lines.
    if (record.every((c) => c.trim() === "")) return;
    if (this.rows.length >= MAX_IMPORT_ROWS) {
      throw badRequest(`The file has more than ${MAX_IMPORT_ROWS.toLocaleString("en")} rows; split it into smaller files`, { maxRows: MAX_IMPORT_ROWS });
    }
    this.rows.push({ line, cells: record });
  }

  result(delimiter: string): ParsedCsv {
    if (this.headers === null) throw badRequest("The file is empty");
    if (this.rows.length === 0) throw badRequest("The file has a header but no rows");
    return { headers: this.headers, delimiter, rows: this.rows };
  }
}

function uniqueHeaders(record: string[]): string[] {
  // "__proto__" as a plain object key would set the mapping's prototype instead of a field.
  const seen = new Map<string, number>([["__proto__", 1]]);
  return record.map((raw, i) => {
    const base = normalizeText(raw) || `Column ${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

function checkSize(csv: string) {
  if (Buffer.byteLength(csv, "utf8") > MAX_IMPORT_BYTES) {
    throw badRequest(`The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it into smaller files`, { maxBytes: MAX_IMPORT_BYTES });
  }
}

function csvProblem(err: unknown): never {
  if (err instanceof AppError) throw err;
  if (err instanceof CsvError) throw badRequest(`The file could not be read as CSV: ${err.message}`, { csvCode: err.code });
  throw err;
}

const stripBom = (s: string) => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);

/** Whole file at once: for the commit, which runs in a worker (or in tests). */
function parseCsvSync(csv: string): ParsedCsv {
  const text = stripBom(csv);
  const delimiter = detectDelimiter(text);
  const bytes = Buffer.from(text, "utf8");
  const c = new Collector(bytes);
  try {
    const records = parseSync(bytes, csvOptions(delimiter)) as unknown as { record: string[]; info: { bytes: number } }[];
    for (const r of records) c.add(r.record, r.info.bytes);
  } catch (err) {
    csvProblem(err);
  }
  return c.result(delimiter);
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The same parse in slices of BYTES_PER_SLICE, yielding between them, so a 20 MB file does not stall other requests. */
async function parseCsvSliced(csv: string): Promise<ParsedCsv> {
  const text = stripBom(csv);
  const delimiter = detectDelimiter(text);
  // Bytes, not string slices: a slice boundary may fall inside a multi-byte character, which the parser reassembles.
  const bytes = Buffer.from(text, "utf8");
  const c = new Collector(bytes);
  const parser = parseStream(csvOptions(delimiter));
  const done = new Promise<void>((resolve, reject) => {
    parser.on("data", (r: { record: string[]; info: { bytes: number } }) => {
      try {
        c.add(r.record, r.info.bytes);
      } catch (err) {
        parser.destroy(err as Error);
      }
    });
    parser.on("error", reject);
    parser.on("end", resolve);
  });
  done.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"
  // Small slices first: the parser runs slowly until the JIT has compiled it.
  for (let i = 0, size = 16 * 1024; i < bytes.length && !parser.destroyed; i += size, size = Math.min(size * 2, BYTES_PER_SLICE)) {
    parser.write(bytes.subarray(i, i + size));
    await yieldToLoop();
  }
  if (!parser.destroyed) parser.end();
  try {
    await done;
  } catch (err) {
    csvProblem(err);
  }
  return c.result(delimiter);
}

/** Only the header line, to check a mapping sent with the commit. */
function headersOf(csv: string): string[] {
  const text = stripBom(csv);
  try {
    const [first] = parseSync(text, { ...csvOptions(detectDelimiter(text)), info: false, to: 1 }) as string[][];
    return uniqueHeaders(first ?? []);
  } catch (err) {
    csvProblem(err);
  }
}

// ---- rows -------------------------------------------------------------------------------------

export type RowErrorCode =
  | "missing_name"
  | "malformed_email"
  | "malformed_phone"
  | "malformed_url"
  | "invalid_value"
  | "too_many_values"
  | "extra_values"
  | "duplicate_in_file"
  | "already_on_opening";

/** One problem of one row; `row` is the line number in the file (header = 1). */
export interface RowError {
  row: number;
  code: RowErrorCode;
  field?: string;
  reason: string;
  candidateId?: number;
}

/** A row as mapped, before normalisation: what the preview shows. */
export interface MappedRow {
  row: number;
  fullName: string;
  firstName: string;
  lastName: string;
  emails: string[];
  phones: string[];
  profileUrl: string | null;
  links: string[];
  title: string;
  company: string;
  location: string;
  headline: string;
  summary: string;
  skills: string[];
  tags: string[];
}

/** A row after the file-only checks: a draft with its identities, or the errors. Plain data (crosses into the worker). */
export interface ValidatedRow {
  row: number;
  draft: ProfileDraft | null;
  tags: string[];
  errors: RowError[];
  /** A refused row's name as read (the draft has it otherwise): the skipped-rows list shows it. */
  name?: string;
  ids?: candidatesRepo.Identities;
  links?: KnownIdentity["links"];
  names?: NameFields;
}

interface CheckedRow {
  row: number;
  draft: ProfileDraft | null;
  tags: string[];
  errors: RowError[];
  name?: string;
  outcome: "create" | "link" | null;
  /** For good rows: the identities and the existing-candidate match the check found, reused by the commit. */
  known?: KnownIdentity;
  names?: NameFields;
  /** What the duplicate lookup found, for every row that got that far (also the refused ones). */
  lookup?: candidatesRepo.IdentityMatch | null;
}

const SPLIT = {
  email: /[\s,;|]+/,
  phone: /\s*[,;|]\s*|\s+\/\s+/,
  url: /[\s,;|]+/,
  list: /\s*[,;]\s*/,
};

type Plan = Record<Exclude<ImportField, "ignore">, number[]>;

function planOf(headers: string[], mapping: ImportMapping): Plan {
  const plan = Object.fromEntries(IMPORT_FIELDS.filter((f) => f !== "ignore").map((f) => [f, [] as number[]])) as Plan;
  headers.forEach((h, i) => {
    const f = mapping[h];
    if (f && f !== "ignore") plan[f].push(i);
  });
  return plan;
}

function mapRow(plan: Plan, raw: RawRow): MappedRow {
  const cell = (i: number) => normalizeText(raw.cells[i]);
  const one = (cols: number[]) => {
    for (const i of cols) {
      const v = cell(i);
      if (v) return v;
    }
    return "";
  };
  const many = (cols: number[], sep: RegExp) => cols.flatMap((i) => cell(i).split(sep)).map((v) => v.trim()).filter(Boolean);
  const firstName = one(plan.firstName);
  const lastName = one(plan.lastName);
  const urls = many(plan.profileUrl, SPLIT.url);
  return {
    row: raw.line,
    fullName: one(plan.fullName) || normalizeText(`${firstName} ${lastName}`),
    firstName,
    lastName,
    emails: many(plan.email, SPLIT.email),
    phones: many(plan.phone, SPLIT.phone),
    profileUrl: urls[0] ?? null,
    links: [...urls.slice(1), ...many(plan.link, SPLIT.url)],
    title: one(plan.title),
    company: one(plan.company),
    location: one(plan.location),
    headline: one(plan.headline),
    // Notes keep their line breaks; everything else is one line of text.
    summary: plan.summary
      .map((i) => (raw.cells[i] ?? "").replace(/\r\n?/g, "\n").trim())
      .filter(Boolean)
      .join("\n\n"),
    skills: many(plan.skills, SPLIT.list),
    tags: many(plan.tags, SPLIT.list),
  };
}

const FIELD_LABEL: Record<string, string> = {
  fullName: "name",
  firstName: "first name",
  lastName: "last name",
  emails: "emails",
  phones: "phones",
  profileUrl: "profile URL",
  links: "links",
  skills: "skills",
  title: "title",
  company: "company",
  location: "location",
  headline: "headline",
  summary: "summary",
};

/**
 * Validates rows in file order. Stateful: it remembers every identity (normalised email, profile URL, phone)
 * and every matched existing candidate of the rows accepted so far, which is what "duplicate inside the file"
 * means. The database is only read, so a preview and the commit's own check run the same code.
 */
class RowChecker {
  private readonly firstRowOf = new Map<string, number>();
  private readonly linkedRowOf = new Map<number, number>();

  constructor(
    private readonly db: Executor,
    private readonly companyId: number,
    private readonly opening: OpeningRow,
    private readonly plan: Plan,
    private readonly columns: number,
  ) {}

  /** Both stages: what the preview shows and what the commit writes. */
  check(raw: RawRow, mapped = mapRow(this.plan, raw)): CheckedRow {
    return this.match(this.validate(raw, mapped));
  }

  /**
   * The stage that depends only on the file and the mapping (not on the database): field checks, normalised
   * identities, duplicates inside the file. Its results can be kept from the preview for the commit.
   */
  validate(raw: RawRow, mapped = mapRow(this.plan, raw)): ValidatedRow {
    const row = raw.line;
    const errors: RowError[] = [];
    if (!mapped.fullName) errors.push({ row, code: "missing_name", field: "fullName", reason: "Missing name" });
    // More values than the header has columns: usually a stray delimiter or an unclosed quote shifted them.
    // Trailing empty cells ("a,b,,") are common in spreadsheet exports and harmless.
    if (raw.cells.length > this.columns && raw.cells.slice(this.columns).some((c) => c.trim() !== "")) {
      errors.push({ row, code: "extra_values", reason: `This row has ${raw.cells.length} values but the header has ${this.columns} columns (check delimiters and quotes)` });
    }
    const tooLong = mapped.tags.find((t) => t.length > 60);
    if (tooLong) errors.push({ row, code: "invalid_value", field: "tags", reason: `Tag "${tooLong.slice(0, 40)}…" is longer than 60 characters` });
    if (mapped.tags.length > 50) errors.push({ row, code: "too_many_values", field: "tags", reason: "More than 50 tags" });

    // Each kind of identity on its own, so every malformed value is reported with its field.
    const emailIds = identitiesOf({ emails: mapped.emails });
    for (const reason of emailIds.invalid) errors.push({ row, code: "malformed_email", field: "email", reason });
    const phoneIds = identitiesOf({ phones: mapped.phones });
    for (const reason of phoneIds.invalid) errors.push({ row, code: "malformed_phone", field: "phone", reason });
    const urlIds = identitiesOf({ profileUrl: mapped.profileUrl, links: mapped.links });
    for (const reason of urlIds.invalid) errors.push({ row, code: "malformed_url", field: mapped.profileUrl ? "profileUrl" : "link", reason });

    let draft: ProfileDraft | null = null;
    if (mapped.fullName) {
      const parsed = zProfileDraft.safeParse({
        fullName: mapped.fullName,
        firstName: mapped.firstName,
        lastName: mapped.lastName,
        headline: mapped.headline,
        title: mapped.title,
        company: mapped.company,
        location: mapped.location,
        emails: mapped.emails,
        phones: mapped.phones,
        profileUrl: mapped.profileUrl,
        links: mapped.links,
        skills: mapped.skills,
        summary: mapped.summary,
      });
      if (parsed.success) draft = parsed.data;
      else {
        for (const issue of parsed.error.issues) {
          const key = String(issue.path[0] ?? "");
          const label = FIELD_LABEL[key] ?? key;
          const max = "maximum" in issue ? Number(issue.maximum) : null;
          const isList = Array.isArray((mapped as unknown as Record<string, unknown>)[key]);
          errors.push(
            issue.code !== "too_big" || max === null
              ? { row, code: "invalid_value", field: key, reason: `${label}: ${issue.message}` }
              : isList && issue.path.length === 1
                ? { row, code: "too_many_values", field: key, reason: `More than ${max} ${label}` }
                : { row, code: "invalid_value", field: key, reason: `${isList ? `A value in ${label}` : `The ${label}`} is longer than ${max} characters` },
          );
        }
      }
    }
    if (errors.length || !draft) return { row, draft: null, tags: mapped.tags, errors, name: mapped.fullName };

    // Inside the file: the first row with an identity wins; later ones are duplicates of it.
    const keys = [
      ...urlIds.ids.profiles.map((p) => ({ k: `u:${p.key}`, what: `profile URL ${p.url}` })),
      ...emailIds.ids.emails.map((e) => ({ k: `e:${e.key}`, what: `email ${e.email}` })),
      ...phoneIds.ids.phones.map((p) => ({ k: `p:${p.key}`, what: `phone ${p.phone}` })),
    ];
    const dup = keys.find(({ k }) => this.firstRowOf.has(k));
    if (dup) {
      const first = this.firstRowOf.get(dup.k)!;
      return { row, draft: null, tags: mapped.tags, errors: [{ row, code: "duplicate_in_file", reason: `Duplicate of row ${first} (same ${dup.what})` }], name: mapped.fullName };
    }
    for (const { k } of keys) this.firstRowOf.set(k, row);
    const ids = { emails: emailIds.ids.emails, phones: phoneIds.ids.phones, profiles: urlIds.ids.profiles };
    // File-only, so worked out here once: the commit's transaction then only writes (see nameFieldsOf).
    return { row, draft, tags: mapped.tags, errors, ids, links: urlIds.links, names: nameFieldsOf(draft) };
  }

  /** The database stage: the same lookup intake does, so the preview predicts what the commit will do. */
  /**
   * match() for a whole file, with the duplicate lookups done together (candidatesRepo.findIdentityMatches),
   * or taken from `known` (the preview's, one per row, when the database has not changed since).
   */
  matchAll(rows: ValidatedRow[], known?: (candidatesRepo.IdentityMatch | null)[]): CheckedRow[] {
    const good = (v: ValidatedRow) => !v.errors.length && v.draft && v.ids;
    const found = known ?? candidatesRepo.findIdentityMatches(this.db, this.companyId, rows.map((v) => (good(v) ? v.ids : undefined)));
    return rows.map((v, i) => this.match(v, found[i] ?? null));
  }

  match(v: ValidatedRow, found?: candidatesRepo.IdentityMatch | null): CheckedRow {
    const { row, draft, errors } = v;
    if (errors.length || !draft || !v.ids) return { row, draft: null, tags: v.tags, errors, outcome: null, name: v.name ?? draft?.fullName };
    const ids = v.ids;
    const mapped = { tags: v.tags };
    const match = found !== undefined ? found : candidatesRepo.findIdentityMatch(this.db, this.companyId, ids);
    const known: KnownIdentity = { ids, links: v.links ?? [], match };
    if (!match) return { row, draft, tags: mapped.tags, errors, outcome: "create", known, names: v.names, lookup: match };
    const existing = candidatesRepo.applicationOn(this.db, this.companyId, this.opening.id, match.candidateId);
    if (existing) {
      const e = alreadyOnOpening(match.candidateId, this.opening, existing, match.matchedBy);
      return {
        row,
        draft: null,
        tags: mapped.tags,
        errors: [{ row, code: "already_on_opening", reason: e.message, candidateId: match.candidateId }],
        outcome: null,
        lookup: match,
        name: draft.fullName,
      };
    }
    const earlier = this.linkedRowOf.get(match.candidateId);
    if (earlier !== undefined) {
      return {
        row,
        draft: null,
        tags: mapped.tags,
        errors: [{ row, code: "duplicate_in_file", reason: `Same person as row ${earlier} (an existing candidate, matched by ${match.matchedBy.replace("_", " ")})`, candidateId: match.candidateId }],
        outcome: null,
        lookup: match,
        name: draft.fullName,
      };
    }
    this.linkedRowOf.set(match.candidateId, row);
    return { row, draft, tags: mapped.tags, errors, outcome: "link", known, lookup: match };
  }
}

interface Checked {
  rows: CheckedRow[];
  errors: RowError[];
  willCreate: number;
  willLink: number;
}

function tally(rows: CheckedRow[]): Checked {
  const errors = rows.flatMap((r) => r.errors);
  return { rows, errors, willCreate: rows.filter((r) => r.outcome === "create").length, willLink: rows.filter((r) => r.outcome === "link").length };
}

// ---- access -----------------------------------------------------------------------------------

/** A batch of the actor's company on an opening they can see; anything else is "not found". */
function visibleBatch(db: Executor, actor: UserActor, batchId: number) {
  const b = repo.getBatchStatus(db, actor.companyId, batchId);
  if (!b) throw notFound("Import");
  try {
    visibleOpening(db, actor, b.openingId);
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") throw notFound("Import");
    throw err;
  }
  return b;
}

// ---- preview ----------------------------------------------------------------------------------

/** The first few non-empty values of each column, on one line and cut short: what the mapping shows beside each header. */
function sampleColumns(columns: number, rows: RawRow[]): string[][] {
  const out = Array.from({ length: columns }, () => [] as string[]);
  let unfilled = columns;
  for (let r = 0; r < rows.length && r < COLUMN_SAMPLE_SCAN_ROWS && unfilled > 0; r++) {
    const cells = rows[r]!.cells;
    for (let i = 0; i < columns; i++) {
      const list = out[i]!;
      if (list.length >= COLUMN_SAMPLES) continue;
      const v = (cells[i] ?? "").replace(/\s+/g, " ").trim();
      if (!v) continue;
      list.push(v.length > COLUMN_SAMPLE_CHARS ? `${v.slice(0, COLUMN_SAMPLE_CHARS - 1)}…` : v);
      if (list.length === COLUMN_SAMPLES) unfilled--;
    }
  }
  return out;
}

export interface PreviewInput {
  openingId: number;
  workflow: Workflow;
  stageId?: number;
  fileName?: string;
  csv: string;
  mapping?: Record<string, ImportField>;
}

/**
 * Parses and checks every row without writing any candidate, stores the file as a batch, and says what the
 * commit would do. The heavy part runs in slices with a yield between them, so other requests keep flowing.
 */
export async function previewImport(deps: Deps, actor: UserActor, input: PreviewInput) {
  checkSize(input.csv);
  const { opening, stage } = resolvePlacement(deps.db, actor, { openingId: input.openingId, workflow: input.workflow, stageId: input.stageId });
  // The commit's worker loads on the other core while this preview parses and checks the file.
  warmUpWorker(deps);
  const parsed = await parseCsvSliced(input.csv);
  const mapping = input.mapping ? completeMapping(parsed.headers, input.mapping) : suggestMapping(parsed.headers);
  const plan = planOf(parsed.headers, mapping);
  const checker = new RowChecker(deps.db, actor.companyId, opening, plan, parsed.headers.length);
  // Kept for the commit as JSON, a row at a time inside the slices: a third of the memory of the objects, and
  // it crosses into the commit's worker as one string (structured-cloning 50,000 row objects took 0.7 s of
  // main thread; the worker parses the string in 0.2 s on its own thread).
  const validatedJson: string[] = [];
  const checked: CheckedRow[] = [];
  const sample: (MappedRow & { outcome: "create" | "link" | "error" })[] = [];
  const lookedUpAt = writeStamp(deps.db);
  let sliceStart = performance.now();
  for (let i = 0; i < parsed.rows.length; i++) {
    if (performance.now() - sliceStart >= SLICE_MS) {
      await yieldToLoop();
      sliceStart = performance.now();
    }
    const raw = parsed.rows[i]!;
    const mapped = mapRow(plan, raw);
    const v = checker.validate(raw, mapped);
    validatedJson.push(JSON.stringify(v));
    const c = checker.match(v);
    checked.push(c);
    if (sample.length < SAMPLE_ROWS) sample.push({ ...mapped, outcome: c.outcome ?? "error" });
  }
  const t = tally(checked);
  await whenNoImportRunning(deps.db);
  // Nothing written between the slices of the check: its lookups are one consistent view, reusable by the commit.
  const consistent = writeStamp(deps.db) === lookedUpAt;
  const batchId = repo.insertBatch(
    deps.db,
    {
      companyId: actor.companyId,
      openingId: opening.id,
      workflow: stage.workflow,
      stageId: stage.id,
      createdById: actor.userId,
      fileName: normalizeText(input.fileName).slice(0, 255),
      csv: input.csv,
      mapping,
      totalRows: parsed.rows.length,
    },
    deps.clock.now(),
  );
  const lookups = consistent ? { matches: JSON.stringify(checked.map((c) => c.lookup ?? null)), stamp: writeStamp(deps.db) } : undefined;
  validatedCache.remember(deps.db, batchId, mapping, `[${validatedJson.join(",")}]`, deps.clock.now(), lookups);
  return {
    batchId,
    openingId: opening.id,
    workflow: stage.workflow,
    stageId: stage.id,
    stageName: stage.name,
    headers: parsed.headers,
    columnSamples: sampleColumns(parsed.headers.length, parsed.rows),
    delimiter: parsed.delimiter,
    mapping,
    warnings: mappingWarnings(mapping),
    totalRows: parsed.rows.length,
    valid: t.willCreate + t.willLink,
    willCreate: t.willCreate,
    willLink: t.willLink,
    errorRows: checked.filter((r) => r.errors.length > 0).length,
    errors: t.errors,
    sample,
  };
}

/**
 * The preview's file-only results per batch, kept in memory for its commit (parsing and checking 50,000 rows
 * again would be a third of the commit's time). Bounded: a few batches, for an hour, used once; a miss (restart,
 * another mapping, evicted) only means the commit re-reads the stored file.
 */
/**
 * Changes whenever this process writes to the database: the main connection's row changes (total_changes())
 * plus the import commits its workers made. Equal before and after = the preview's duplicate lookups still
 * hold (one server process per database file, as settleInterrupted also assumes; PRAGMA data_version cannot
 * serve, as a checkpoint's WAL restart changes it too).
 */
const importCommits = new WeakMap<object, number>();
function writeStamp(db: DB): string {
  const changes = (stmt(db, "SELECT total_changes() AS n").get() as { n: number }).n;
  return `${importCommits.get(db.$client) ?? 0}:${changes}`;
}
function countImportCommit(db: DB) {
  importCommits.set(db.$client, (importCommits.get(db.$client) ?? 0) + 1);
}
/** How the last commit's check on this database got its duplicate lookups (for tests and diagnosis). */
const lastLookups = new WeakMap<object, "reused" | "done">();
export function lastCommitLookups(db: DB): "reused" | "done" | undefined {
  return lastLookups.get(db.$client);
}

const validatedCache = (() => {
  const MAX_BATCHES = 2;
  /** JSON characters kept in all: a 50,000-row preview is about 30 MB. */
  const MAX_CHARS = 64 * 1024 * 1024;
  const TTL_MS = 60 * 60_000;
  type Entry = { mapping: string; rows: string; at: number; lookups?: { matches: string; stamp: string } };
  const byDb = new WeakMap<object, Map<number, Entry>>();
  const key = (m: ImportMapping) => JSON.stringify(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const of = (db: DB) => {
    let m = byDb.get(db.$client);
    if (!m) byDb.set(db.$client, (m = new Map()));
    return m;
  };
  return {
    remember(db: DB, batchId: number, mapping: ImportMapping, rows: string, now: number, lookups?: Entry["lookups"]) {
      const m = of(db);
      for (const [id, e] of m) if (now - e.at > TTL_MS) m.delete(id);
      if (rows.length > MAX_CHARS) return;
      m.set(batchId, { mapping: key(mapping), rows, at: now, lookups });
      let chars = 0;
      for (const e of m.values()) chars += e.rows.length + (e.lookups?.matches.length ?? 0);
      // Oldest first (a Map keeps insertion order), never the one just added.
      for (const [id, e] of m) {
        if (m.size <= MAX_BATCHES && chars <= MAX_CHARS) break;
        if (id === batchId) continue;
        m.delete(id);
        chars -= e.rows.length + (e.lookups?.matches.length ?? 0);
      }
    },
    take(db: DB, batchId: number, mapping: ImportMapping, now: number): { rows: string; lookups?: Entry["lookups"] } | undefined {
      const m = of(db);
      const e = m.get(batchId);
      m.delete(batchId);
      return e && e.mapping === key(mapping) && now - e.at <= TTL_MS ? { rows: e.rows, lookups: e.lookups } : undefined;
    },
  };
})();

// ---- commit: the work (runs in a worker thread, or inline for in-memory databases) -------------

/** Everything the commit needs, plain data so it can cross into a worker. */
export interface CommitJob {
  batchId: number;
  actor: UserActor;
  skipInvalid: boolean;
  now: number;
  /** The preview's file-only results (ValidatedRow[] as JSON) for the batch's current mapping, when still in memory: no re-parse. */
  validated?: string;
  /**
   * The preview's duplicate lookups ((IdentityMatch | null)[] as JSON, one per validated row), when nothing was
   * written to the database since they ran (see writeStamp): the commit's check then does not look again.
   */
  matches?: string;
}

/** What the commit reports as it goes; the main thread turns these into the batch's visible state. */
export type CommitMessage =
  | { type: "validated"; totalRows: number; lookups: "reused" | "done" }
  | { type: "progress"; processedRows: number }
  | { type: "refused"; code: AppErrorCode; message: string; details?: Record<string, unknown> }
  | { type: "done"; summary: repo.ImportSummary }
  | { type: "failed"; error: string; detail: string };

interface Prepared {
  batch: repo.ImportBatchRow;
  checked: Checked;
  /** SQLite's data_version before the check read the database: unchanged at write time = nobody else committed since. */
  dataVersion: number;
  reusedLookups: boolean;
}

/** Reads and checks the whole file before the transaction, so the write lock is held only for the writes. */
function prepareCommit(db: DB, job: CommitJob): Prepared {
  const { actor } = job;
  const batch = repo.getBatch(db, actor.companyId, job.batchId);
  if (batch?.status !== "committing") throw conflict("This import is not waiting to be committed");
  const { opening } = resolvePlacement(db, actor, { openingId: batch.openingId, workflow: batch.workflow, stageId: batch.stageId });
  const dataVersion = dataVersionOf(db);
  let checked: Checked;
  let reusedLookups = false;
  if (job.validated) {
    // The file and mapping are what the preview checked; only the database stage runs again.
    const headers = headersOf(batch.csv);
    const checker = new RowChecker(db, actor.companyId, opening, planOf(headers, batch.mapping as ImportMapping), headers.length);
    const rows = JSON.parse(job.validated) as ValidatedRow[];
    const found = job.matches ? (JSON.parse(job.matches) as (candidatesRepo.IdentityMatch | null)[]) : undefined;
    checked = tally(checker.matchAll(rows, found?.length === rows.length ? found : undefined));
    reusedLookups = found?.length === rows.length;
  } else {
    const parsed = parseCsvSync(batch.csv);
    const checker = new RowChecker(db, actor.companyId, opening, planOf(parsed.headers, batch.mapping as ImportMapping), parsed.headers.length);
    checked = tally(checker.matchAll(parsed.rows.map((r) => checker.validate(r))));
  }
  if (checked.errors.length && !job.skipInvalid) {
    const errorRows = checked.rows.filter((r) => r.errors.length).length;
    throw precondition(`${errorRows} row(s) have errors: fix them, or import with the bad rows skipped`, { errorRows, errors: checked.errors.slice(0, 100) });
  }
  return { batch, checked, dataVersion, reusedLookups };
}

/** Changes whenever another connection commits (https://sqlite.org/pragma.html#pragma_data_version). */
function dataVersionOf(db: Executor): number {
  return candidatesRepo.dataVersion(db);
}

/** A failure while writing one row: which row, and the underlying error. */
class RowFailure extends Error {
  constructor(
    readonly row: number,
    readonly original: unknown,
  ) {
    super(`row ${row}: ${original instanceof Error ? original.message : String(original)}`);
  }
}

/** The single transaction: every good row through intakeTx, then the summary and the status, or nothing at all. */
function writeCommit(db: DB, job: CommitJob, prep: Prepared, post: (m: CommitMessage) => void): repo.ImportSummary {
  const { actor, now } = job;
  const { batch, checked } = prep;
  // IMMEDIATE takes the write lock up front: a deferred transaction that read first could not upgrade
  // its snapshot if another connection wrote in between (SQLITE_BUSY_SNAPSHOT, no retry).
  return db.transaction(
    (tx) => {
      const placement = resolvePlacement(tx, actor, { openingId: batch.openingId, workflow: batch.workflow, stageId: batch.stageId });
      // The check's duplicate matches still hold when no other connection has committed since it ran;
      // otherwise every row is looked up again inside the transaction.
      const checkStillValid = dataVersionOf(tx) === prep.dataVersion;
      const summary: repo.ImportSummary = { added: 0, linked: 0, skipped: [] };
      const rowOutcome = { companyId: actor.companyId, batchId: batch.id };
      const skip = (row: number, name: string, reason: string, candidateId: number | null) => {
        summary.skipped.push({ row, reason });
        repo.insertRowOutcome(tx, { ...rowOutcome, row, outcome: "skipped", name, candidateId, reason });
      };
      checked.rows.forEach((r, i) => {
        if (r.errors.length || !r.draft) {
          skip(r.row, r.name ?? "", r.errors.map((e) => e.reason).join("; "), r.errors.find((e) => e.candidateId !== undefined)?.candidateId ?? null);
        } else {
          try {
            const res = intakeTx(tx, actor, r.draft, {
              source: "bulk_upload",
              placement,
              tags: r.tags,
              importBatchId: batch.id,
              now,
              known: checkStillValid ? r.known : undefined,
              names: r.names,
            });
            if (res.outcome === "created") summary.added++;
            else {
              summary.linked++;
              const reason = `Same ${MATCHED_BY_LABEL[res.matchedBy ?? "email"]} as an existing candidate`;
              repo.insertRowOutcome(tx, { ...rowOutcome, row: r.row, outcome: "linked", name: r.draft.fullName, candidateId: res.candidateId, reason });
            }
          } catch (err) {
            // Someone put the person on the opening since the check: a rule refusal skips the row; anything else aborts all.
            if (err instanceof AppError && (err.code === "CONFLICT" || err.code === "BAD_REQUEST")) {
              const candidateId = typeof err.details?.candidateId === "number" ? err.details.candidateId : null;
              skip(r.row, r.draft.fullName, err.message, candidateId);
            } else throw new RowFailure(r.row, err);
          }
        }
        if ((i + 1) % PROGRESS_EVERY === 0) post({ type: "progress", processedRows: i + 1 });
      });
      recordActivity(
        tx,
        actor,
        {
          companyId: actor.companyId,
          openingId: batch.openingId,
          type: "import.committed",
          data: { batchId: batch.id, fileName: batch.fileName, workflow: batch.workflow, stage: placement.stage.name, added: summary.added, linked: summary.linked, skipped: summary.skipped.length },
        },
        now,
      );
      repo.markCommitted(tx, actor.companyId, batch.id, summary, checked.rows.length, now);
      return summary;
    },
    { behavior: "immediate" },
  );
}

const MATCHED_BY_LABEL: Record<candidatesRepo.IdentityMatch["matchedBy"], string> = { profile_url: "profile URL", email: "email", phone: "phone" };

/** A message safe to show: rule refusals and database errors say what happened; anything else stays in the log. */
function failureMessage(err: unknown): string {
  const row = err instanceof RowFailure ? err.row : null;
  const cause = err instanceof RowFailure ? err.original : err;
  const what =
    cause instanceof AppError
      ? cause.message
      : cause instanceof Error && cause.name === "SqliteError"
        ? `database error: ${cause.message}`
        : "internal error";
  return `${row !== null ? `Import stopped at row ${row}` : "Import failed"} (${what}); nothing was imported`.slice(0, 1000);
}

/**
 * Runs a commit start to end on `db` and reports through `post`; never throws. The worker calls it with its
 * own connection, and the in-memory path calls it directly.
 */
export function executeCommit(db: DB, job: CommitJob, post: (m: CommitMessage) => void, hooks: { afterCheck?: () => void } = {}): void {
  let prep: Prepared;
  try {
    prep = prepareCommit(db, job);
  } catch (err) {
    if (err instanceof AppError) post({ type: "refused", code: err.code, message: err.message, details: err.details });
    else {
      const error = failureMessage(err);
      repo.markFailed(db, job.actor.companyId, job.batchId, error, job.now);
      post({ type: "failed", error, detail: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
    return;
  }
  post({ type: "validated", totalRows: prep.checked.rows.length, lookups: prep.reusedLookups ? "reused" : "done" });
  hooks.afterCheck?.();
  let summary: repo.ImportSummary;
  try {
    summary = writeCommit(db, job, prep, post);
  } catch (err) {
    const error = failureMessage(err);
    const original = err instanceof RowFailure ? err.original : err;
    try {
      repo.markFailed(db, job.actor.companyId, job.batchId, error, job.now);
    } finally {
      post({ type: "failed", error, detail: original instanceof Error ? (original.stack ?? original.message) : String(original) });
    }
    return;
  }
  post({ type: "done", summary });
}

// ---- commit: orchestration on the main thread ------------------------------------------------

interface RunningCommit {
  processedRows: number;
  releaseWriteLock?: () => void;
}
interface Commits {
  running: Map<number, RunningCommit>;
}
/** Commits running in workers, per database connection: what imports.get shows while the transaction is open. */
const commitsByDb = new WeakMap<object, Commits>();
function commitsOn(db: DB): Commits {
  let c = commitsByDb.get(db.$client);
  if (!c) commitsByDb.set(db.$client, (c = { running: new Map() }));
  return c;
}
const runningOn = (db: DB) => commitsOn(db).running;

function commitEnded(db: DB, batchId: number) {
  const c = commitsOn(db);
  c.running.get(batchId)?.releaseWriteLock?.();
  c.running.delete(batchId);
}

/** Resolves once no import commit of this process holds the database's write lock (see db/write-gate.ts). */
export function whenNoImportRunning(db: DB): Promise<void> {
  return whenWritable(db);
}

const WORKER_EXT = path.extname(fileURLToPath(import.meta.url));
const WORKER_URL = new URL(`./imports.worker${WORKER_EXT}`, import.meta.url);

/**
 * The worker's entry is TypeScript when the server runs from source (tsx, vitest). Node 20 does not apply
 * `--import` loader hooks to a worker's entry module, not even when the worker inherits tsx's execArgv, so the
 * worker first registers tsx itself and then imports the entry. Compiled (.js) code starts the file directly.
 */
function startWorker(workerData: unknown): Worker {
  if (WORKER_EXT !== ".ts") return new Worker(WORKER_URL, { workerData });
  const tsx = import.meta.resolve("tsx/esm/api");
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

/**
 * Starting a worker costs ~0.6 s before it can take a job (a fresh isolate loads drizzle, zod and this code;
 * measured at 1M rows: an eighth of a 50,000-row commit). A preview is nearly always followed by its commit,
 * so the preview starts one worker (as it begins, so it loads while the file is checked) that opens the
 * database and waits for the job; unused, it ends after
 * WARM_WORKER_IDLE_MS. One per database; a second commit meanwhile starts its own.
 */
const WARM_WORKER_IDLE_MS = 120_000;
interface WarmWorker {
  worker: Worker;
  timer: NodeJS.Timeout;
}
const warmWorkers = new WeakMap<object, WarmWorker>();

function warmUpWorker(deps: Deps) {
  const db = deps.db;
  if (db.$client.memory || warmWorkers.has(db.$client)) return;
  let worker: Worker;
  try {
    worker = startWorker({ file: db.$client.name });
  } catch (err) {
    deps.log.warn({ err }, "could not start an import worker ahead of the commit");
    return;
  }
  worker.unref(); // an idle worker never keeps the process alive
  const forget = () => {
    if (warmWorkers.get(db.$client) === entry) warmWorkers.delete(db.$client);
  };
  const entry: WarmWorker = {
    worker,
    timer: setTimeout(() => {
      forget();
      void worker.terminate();
    }, WARM_WORKER_IDLE_MS).unref(),
  };
  worker.once("exit", forget);
  worker.on("error", (err) => {
    if (warmWorkers.get(db.$client) === entry) deps.log.warn({ err }, "an idle import worker failed; the next commit starts a new one");
  });
  warmWorkers.set(db.$client, entry);
}

/** The warm worker if one is waiting, else a new one. */
function takeWorker(db: DB): Worker {
  const warm = warmWorkers.get(db.$client);
  if (!warm) return startWorker({ file: db.$client.name });
  warmWorkers.delete(db.$client);
  clearTimeout(warm.timer);
  warm.worker.ref();
  return warm.worker;
}

/** Ends the idle worker of this database, if any (shutdown, tests). */
export async function stopWarmImportWorker(db: DB): Promise<void> {
  const warm = warmWorkers.get(db.$client);
  if (!warm) return;
  warmWorkers.delete(db.$client);
  clearTimeout(warm.timer);
  await warm.worker.terminate();
}

/** Whether a worker is waiting for this database's next commit (for tests). */
export function hasWarmImportWorker(db: DB): boolean {
  return warmWorkers.has(db.$client);
}

/**
 * A batch left "committing" with no commit running in this process was interrupted (the process stopped while
 * its transaction was open, so SQLite rolled it back): it becomes "failed" and can be committed again.
 * Assumes one server process per database file, which is how the embedded SQLite deployment runs.
 */
function settleInterrupted(deps: Deps, companyId: number, batchId: number, status: repo.ImportStatus) {
  if (status !== "committing" || runningOn(deps.db).has(batchId)) return;
  try {
    repo.transitionBatch(deps.db, companyId, batchId, ["committing"], "failed", {
      error: "The import was interrupted (the server stopped); nothing was imported",
      finishedAt: deps.clock.now(),
    });
  } catch (err) {
    // Another import holds the write lock right now; the next look settles it.
    if (!(err instanceof Error && "code" in err && String(err.code).startsWith("SQLITE_BUSY"))) throw err;
  }
}

/** A committed batch's linked or skipped rows, in file order, a page at a time (cursor: the last row seen). */
export function listImportRows(deps: Deps, actor: UserActor, input: { batchId: number; outcome: repo.ImportRowOutcome; cursor?: number; limit: number }) {
  visibleBatch(deps.db, actor, input.batchId);
  const rows = repo.listRowOutcomes(deps.db, actor.companyId, input.batchId, input.outcome, input.cursor ?? 0, input.limit + 1);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? items.at(-1)!.row : null };
}

/** Every linked or skipped row of a batch as a CSV file, with a link to each candidate it concerns. */
export function importRowsCsv(deps: Deps, actor: UserActor, batchId: number, outcome: repo.ImportRowOutcome): { fileName: string; csv: string } {
  visibleBatch(deps.db, actor, batchId);
  const lines: (string | number)[][] = [["Row", "Name in the file", "Candidate", "Candidate link", "Reason"]];
  const PAGE = 1000;
  for (let after = 0; ; ) {
    const page = repo.listRowOutcomes(deps.db, actor.companyId, batchId, outcome, after, PAGE);
    for (const r of page) {
      lines.push([r.row, r.name, r.candidateName ?? "", r.candidateId ? `${deps.config.publicUrl}/app/candidates/${r.candidateId}` : "", r.reason]);
    }
    if (page.length < PAGE) break;
    after = page.at(-1)!.row;
  }
  return { fileName: `import-${batchId}-${outcome}.csv`, csv: toCsv(lines) };
}

export function getImport(deps: Deps, actor: UserActor, batchId: number) {
  const first = visibleBatch(deps.db, actor, batchId);
  settleInterrupted(deps, actor.companyId, batchId, first.status);
  const b = first.status === "committing" ? visibleBatch(deps.db, actor, batchId) : first;
  const live = runningOn(deps.db).get(batchId);
  return {
    batchId: b.id,
    openingId: b.openingId,
    workflow: b.workflow,
    stageId: b.stageId,
    fileName: b.fileName,
    status: b.status,
    totalRows: b.totalRows,
    processedRows: b.status === "committing" && live ? live.processedRows : b.processedRows,
    summary: (b.summary as repo.ImportSummary | null) ?? null,
    error: b.error,
    createdAt: b.createdAt,
    finishedAt: b.finishedAt,
  };
}

/**
 * Commits a previewed batch: all rows in one transaction, or none. On a database file the work runs in a
 * worker thread with its own connection (better-sqlite3 is synchronous, so a 50,000-row transaction on the
 * main thread would stop every other request); the call returns once the rows are checked, with status
 * "committing", and imports.get follows the progress. In-memory databases (tests) cannot be shared with a
 * worker, so the same function runs inline and the call returns the final status.
 */
export async function commitImport(deps: Deps, actor: UserActor, input: { batchId: number; mapping?: Record<string, ImportField>; skipInvalid: boolean }) {
  const db = deps.db;
  const b = visibleBatch(db, actor, input.batchId);
  settleInterrupted(deps, actor.companyId, b.id, b.status);
  // Answered here rather than from the worker: the opening may have been archived since the preview.
  resolvePlacement(db, actor, { openingId: b.openingId, workflow: b.workflow, stageId: b.stageId });
  let mapping: ImportMapping | undefined;
  if (input.mapping) {
    const csv = repo.getBatch(db, actor.companyId, b.id)?.csv ?? "";
    if (csv) mapping = completeMapping(headersOf(csv), input.mapping);
  }
  const notAgain = () => {
    const now = repo.getBatchStatus(db, actor.companyId, b.id)?.status;
    return now === "committed" || now === "committing"
      ? conflict(now === "committed" ? "This file has already been imported" : "This file is being imported right now", { status: now })
      : null;
  };
  const early = notAgain();
  if (early) throw early;
  // One import transaction at a time: a second would only wait on SQLite's write lock, and time out.
  await whenNoImportRunning(db);
  // From here to the worker's start nothing awaits, and the write gate is held from then on (mutations and
  // group commits wait), so lookups still valid now are still valid when the worker's check runs.
  const stampNow = writeStamp(db);
  if (!repo.transitionBatch(db, actor.companyId, b.id, ["previewed", "failed"], "committing", { ...(mapping ? { mapping } : {}), error: null, processedRows: 0, finishedAt: null })) {
    throw notAgain() ?? conflict("This file is being imported right now");
  }
  const currentMapping = mapping ?? (repo.getBatch(db, actor.companyId, b.id)?.mapping as ImportMapping | undefined);
  const cached = currentMapping ? validatedCache.take(db, b.id, currentMapping, deps.clock.now()) : undefined;
  const job: CommitJob = {
    batchId: b.id,
    actor,
    skipInvalid: input.skipInvalid,
    now: deps.clock.now(),
    validated: cached?.rows,
    matches: cached?.lookups?.stamp === stampNow ? cached.lookups.matches : undefined,
  };
  const live: RunningCommit = { processedRows: 0 };

  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (err?: AppError) => {
      if (settled) return;
      settled = true;
      if (err) reject(err);
      else resolve();
    };
    const started = performance.now();
    let checkedAt = started;
    const onMessage = (m: CommitMessage) => {
      if (!db.$client.open) return settle(); // shutting down; the worker's own writes stand
      switch (m.type) {
        case "validated":
          checkedAt = performance.now();
          lastLookups.set(db.$client, m.lookups);
          settle();
          break;
        case "progress":
          live.processedRows = m.processedRows;
          break;
        case "refused":
          if (!settled) {
            repo.transitionBatch(db, actor.companyId, b.id, ["committing"], "previewed");
            settle(new AppError(m.code, m.message, m.details));
          } else {
            // The caller already has "committing" (skipInvalid): the refusal is the batch's outcome.
            repo.transitionBatch(db, actor.companyId, b.id, ["committing"], "failed", { error: `${m.message}; nothing was imported`, finishedAt: deps.clock.now() });
          }
          break;
        case "failed":
          deps.log.error({ batchId: b.id, error: m.error, detail: m.detail }, "import failed");
          settle();
          break;
        case "done":
          countImportCommit(db);
          deps.log.info(
            {
              batchId: b.id,
              added: m.summary.added,
              linked: m.summary.linked,
              skipped: m.summary.skipped.length,
              // From the commit call: until the rows were checked (worker start included), then the transaction.
              checkMs: Math.round(checkedAt - started),
              writeMs: Math.round(performance.now() - checkedAt),
              lookups: lastLookups.get(db.$client),
            },
            "import committed",
          );
          settle();
          break;
      }
    };

    if (db.$client.memory) {
      executeCommit(db, job, onMessage);
      return;
    }
    live.releaseWriteLock = holdWriteLock(db);
    runningOn(db).set(b.id, live);
    let worker: Worker;
    try {
      worker = takeWorker(db);
    } catch (err) {
      commitEnded(db, b.id);
      repo.markFailed(db, actor.companyId, b.id, "The import could not start; nothing was imported", deps.clock.now());
      deps.log.error({ err, batchId: b.id }, "import worker did not start");
      settle();
      return;
    }
    worker.on("message", onMessage);
    worker.postMessage(job);
    worker.on("error", (err) => deps.log.error({ err, batchId: b.id }, "import worker crashed"));
    worker.on("exit", () => {
      commitEnded(db, b.id);
      settle();
      if (!db.$client.open) return; // shutting down: the rolled-back batch is settled on the next get
      // A worker that died without reporting (crash, out of memory) leaves its transaction rolled back.
      if (repo.transitionBatch(db, actor.companyId, b.id, ["committing"], "failed", { error: "The import stopped unexpectedly; nothing was imported", finishedAt: deps.clock.now() })) {
        deps.log.error({ batchId: b.id }, "import worker exited without finishing");
      }
    });
    // With skipInvalid there is nothing left to refuse once the placement is checked, so the caller gets
    // "committing" at once instead of waiting for the worker to parse and check every row.
    if (input.skipInvalid) settle();
  });
  return getImport(deps, actor, b.id);
}
