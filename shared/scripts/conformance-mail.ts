// `npm run conformance:mail`: scores the email reply trimmer (src/mail/trim-reply.ts) against the
// test corpora of four public reply parsers, kept outside the repo in ../shared/conformance. It is
// a report, not a gate: it exits 0 whatever the scores (1 only when the corpora are missing, 2
// when it crashes).
//
// Each corpus encodes its expectations its own way (see its README.md and expectations.json);
// what is compared, per corpus:
// - email_reply_trimmer (discourse): `visible` against test/trimmed/X.txt, both trimmed, exactly
//   as upstream compares (String#strip on both sides).
// - talon (mailgun): talon's extract_from_plain removes quotations but keeps signatures, so
//   `withSignature` is compared with its expected reply (trimmed). .eml fixtures are read with a
//   small MIME reader (first text/plain part). HTML fixtures go through htmlToText; where upstream
//   expects HTML, the expected HTML is turned into text the same way and, as upstream does, all
//   whitespace is removed on both sides. The 6 signature fixtures (talon's ML classifier) need
//   both the signature and the remaining text to match. Inline cases that upstream ran under mocks
//   (`decorators`) are skipped and counted as such.
// - crisp-email-reply-parser: `visible` against expected_reply_text (trimmed both sides), plus
//   the two templates expanded with every listed substitution. Structural assertions that have no
//   exact text (fragment regexes, "nothing was cut", "a signature was found") are reported
//   separately as checks.
// - github-email_reply_parser: `visible` against expected_visible_text (trimmed both sides);
//   fragment regexes/equalities and the two < 1 s performance cases are checks.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { htmlToText } from "../src/mail/html-to-text";
import { type TrimmedReply, trimReply } from "../src/mail/trim-reply";

const here = dirname(fileURLToPath(import.meta.url));
const corpusRoot = resolve(process.env.PROSPECTOR_CONFORMANCE_DIR ?? join(here, "../../../shared/conformance"));
const SHOWN_FAILURES = Number(process.env.SHOWN_FAILURES ?? 5);

interface Tally {
  title: string;
  passed: number;
  total: number;
  skipped: number;
  failures: string[];
  checksPassed: number;
  checksTotal: number;
  checkFailures: string[];
  breakdown: Map<string, { passed: number; total: number }>;
}

function tally(title: string): Tally {
  return {
    title,
    passed: 0,
    total: 0,
    skipped: 0,
    failures: [],
    checksPassed: 0,
    checksTotal: 0,
    checkFailures: [],
    breakdown: new Map(),
  };
}

function short(s: string, max = 70): string {
  const flat = JSON.stringify(s);
  return flat.length > max ? `${flat.slice(0, max - 1)}…"` : flat;
}

/** "line 3: expected "…" got "…"" for the first differing line. */
function firstDifference(expected: string, actual: string): string {
  const e = expected.split("\n");
  const a = actual.split("\n");
  for (let k = 0; k < Math.max(e.length, a.length); k++) {
    if (e[k] === a[k]) continue;
    if (k >= a.length) return `line ${k + 1}: missing ${short(e.slice(k).join("\n"))}`;
    if (k >= e.length) return `line ${k + 1}: extra ${short(a.slice(k).join("\n"))}`;
    return `line ${k + 1}: expected ${short(e[k]!)} got ${short(a[k]!)}`;
  }
  return "equal";
}

function exact(t: Tally, name: string, expected: string, actual: string, kind = "", compare = (s: string) => s.trim()) {
  const ok = compare(expected) === compare(actual);
  t.total++;
  if (ok) t.passed++;
  else t.failures.push(`${name}: ${firstDifference(compare(expected), compare(actual))}`);
  if (kind) {
    const b = t.breakdown.get(kind) ?? { passed: 0, total: 0 };
    b.total++;
    if (ok) b.passed++;
    t.breakdown.set(kind, b);
  }
}

function check(t: Tally, name: string, ok: boolean, what: string) {
  t.checksTotal++;
  if (ok) t.checksPassed++;
  else t.checkFailures.push(`${name}: ${what}`);
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
}

function entries<T>(json: Record<string, unknown>): [string, T][] {
  return Object.entries(json).filter(([k]) => k !== "_meta") as [string, T][];
}

const noWhitespace = (s: string) => s.replace(/\s/g, "");

// ---------------------------------------------------------------------------------------------
// A minimal MIME reader: enough to take the first text/plain part of the talon .eml fixtures.

function splitHead(raw: string): { headers: Map<string, string>; body: string } {
  const m = /\r?\n\r?\n/.exec(raw);
  const head = m ? raw.slice(0, m.index) : raw;
  const body = m ? raw.slice(m.index + m[0].length) : "";
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function param(value: string, name: string): string | null {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, "i").exec(value);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

function decodeBody(body: string, encoding: string, charset: string): string {
  let bytes: Buffer;
  if (encoding === "base64") bytes = Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ""), "base64");
  else if (encoding === "quoted-printable") {
    const soft = body.replace(/=\r?\n/g, "");
    bytes = Buffer.from(
      soft.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
      "latin1",
    );
  } else bytes = Buffer.from(body, "latin1");
  try {
    return new TextDecoder(charset || "utf-8").decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

function firstTextPart(raw: string, type = "text/plain"): string | null {
  const { headers, body } = splitHead(raw);
  const contentType = headers.get("content-type") ?? "text/plain";
  const mime = contentType.split(";")[0]!.trim().toLowerCase();
  if (mime.startsWith("multipart/")) {
    const boundary = param(contentType, "boundary");
    if (!boundary) return null;
    const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const parts = body.split(new RegExp(`^--${escaped}(?:--)?[ \\t]*\\r?$`, "m")).slice(1, -1);
    for (const part of parts) {
      const text = firstTextPart(part.replace(/^\r?\n/, ""), type);
      if (text !== null) return text;
    }
    return null;
  }
  if (mime !== type) return null;
  const encoding = (headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  return decodeBody(body, encoding, param(contentType, "charset") ?? "utf-8");
}

// ---------------------------------------------------------------------------------------------
// Corpora

function emailReplyTrimmer(dir: string): Tally {
  const t = tally("email_reply_trimmer");
  const expectations = readJson(join(dir, "expectations.json"));
  for (const [file, expected] of entries<{ trimmed: string }>(expectations)) {
    const input = readFileSync(join(dir, file), "utf8");
    exact(t, file.replace("test/emails/", ""), expected.trimmed, trimReply(input).visible);
  }
  return t;
}

interface TalonExpectation {
  kind: string;
  expected_reply?: string;
  expected_reply_text?: string;
  expected_html_no_whitespace?: string;
  expected_signature?: string;
  expected_text?: string;
}

interface TalonInline {
  id: string;
  content_type: string;
  input: string;
  expected: string;
  comparison: string;
  decorators?: string[];
}

function talon(dir: string): Tally {
  const t = tally("talon");
  const fromHtml = (html: string) => trimReply(htmlToText(html)).withSignature;
  for (const [file, e] of entries<TalonExpectation>(readJson(join(dir, "expectations.json")))) {
    const path = join(dir, file);
    const name = file.replace("tests/fixtures/", "");
    if (e.kind === "standard_replies") {
      const text = firstTextPart(readFileSync(path, "latin1")) ?? "";
      exact(t, name, e.expected_reply ?? "", trimReply(text).withSignature, "standard .eml");
    } else if (e.kind === "html_replies") {
      const got = fromHtml(readFileSync(path, "utf8"));
      exact(t, name, e.expected_reply_text ?? "", got, "html replies", noWhitespace);
    } else if (e.kind === "html_other") {
      const expected = htmlToText(e.expected_html_no_whitespace ?? "");
      exact(t, name, expected, fromHtml(readFileSync(path, "utf8")), "html (as text)", noWhitespace);
    } else if (e.kind === "plain_raw_eml") {
      const got = trimReply(readFileSync(path, "utf8")).withSignature;
      check(t, name, got.trim() !== "" && !got.includes("From"), "reply non-empty and without 'From'");
    } else if (e.kind === "signature_stripped") {
      const r = trimReply(readFileSync(path, "utf8"));
      const ok = (r.signature ?? "").trim() === (e.expected_signature ?? "").trim();
      if (ok) exact(t, name, e.expected_text ?? "", r.visible, "signatures");
      else exact(t, name, `signature: ${e.expected_signature ?? ""}`, `signature: ${r.signature ?? ""}`, "signatures");
    }
  }
  const inline = readJson(join(dir, "inline_cases.json")) as unknown as { cases: TalonInline[] };
  for (const c of inline.cases) {
    if (c.decorators?.length) {
      t.skipped++;
      continue;
    }
    if (c.content_type === "text/plain") {
      exact(t, c.id, c.expected, trimReply(c.input).withSignature, "inline text");
    } else {
      const compare = c.comparison.includes("whitespace") ? noWhitespace : (s: string) => s.trim();
      exact(t, c.id, htmlToText(c.expected), fromHtml(c.input), "inline html (as text)", compare);
    }
  }
  return t;
}

interface FragmentRegex {
  fragment: number;
  regex: string;
  flags?: string;
  expect_match: boolean;
}

interface CrispEntry {
  expected_reply_text: string | null;
  expected: {
    fragment_count?: number;
    fragment_flags?: Record<string, { signature?: boolean }>;
    fragment_regex?: FragmentRegex[];
    quoted_text_regex?: { regex: string; expect_match: boolean }[];
    some_fragment_is_signature?: boolean;
  };
  expected_from_willdurand_php_tests?: {
    template_placeholder?: string;
    substitutions?: string[];
    visible_text_for_every_substitution?: string;
    fragment_1_content_for_substitution?: string;
    fragment_regex?: FragmentRegex[];
  };
}

/** Structural assertions (fragment regexes and flags) translated to the trimmer's three parts. */
function fragmentChecks(t: Tally, name: string, r: TrimmedReply, regexes: FragmentRegex[]) {
  for (const f of regexes) {
    // Fragment 0 is the reply; fragment 1 is, in these fixtures, the start of what is cut.
    if (f.fragment > 1) continue;
    const target = f.fragment === 0 ? r.visible : `${r.quoted}\n${r.signature ?? ""}`.trim();
    const re = new RegExp(f.regex, (f.flags ?? "").replace("g", ""));
    const where = f.fragment === 0 ? "visible" : "quoted/signature";
    check(t, name, re.test(target) === f.expect_match, `/${f.regex}/ ${f.expect_match ? "should" : "should not"} match ${where}`);
  }
}

function crisp(dir: string): Tally {
  const t = tally("crisp-email-reply-parser");
  for (const [file, e] of entries<CrispEntry>(readJson(join(dir, "expectations.json")))) {
    const input = readFileSync(join(dir, "test/fixtures", file), "utf8");
    const r = trimReply(input);
    if (e.expected_reply_text !== null) exact(t, file, e.expected_reply_text, r.visible);

    const php = e.expected_from_willdurand_php_tests;
    if (php?.template_placeholder && php.substitutions) {
      for (const sub of php.substitutions) {
        const got = trimReply(input.replace(php.template_placeholder, sub));
        const name = `${file}[${sub.slice(0, 40)}]`;
        if (php.visible_text_for_every_substitution !== undefined) {
          exact(t, name, php.visible_text_for_every_substitution, got.visible);
        } else if (php.fragment_1_content_for_substitution !== undefined) {
          const quoted = php.fragment_1_content_for_substitution.replace("{from}", sub);
          exact(t, name, `visible: \nquoted: ${quoted}`, `visible: ${got.visible}\nquoted: ${got.quoted}`);
        }
      }
    }
    fragmentChecks(t, file, r, [...(e.expected.fragment_regex ?? []), ...(php?.fragment_regex ?? [])]);
    if (e.expected.fragment_count === 1) {
      check(t, file, r.quoted === "" && r.signature === null, "a single fragment: nothing should be cut");
    }
    const signatureFragment = Object.entries(e.expected.fragment_flags ?? {}).some(
      ([k, f]) => k !== "0" && f.signature === true,
    );
    if (signatureFragment || e.expected.some_fragment_is_signature) {
      check(t, file, r.signature !== null, "a signature should be found");
    }
    for (const q of e.expected.quoted_text_regex ?? []) {
      check(t, file, new RegExp(q.regex).test(r.quoted) === q.expect_match, `/${q.regex}/ should match quoted`);
    }
  }
  return t;
}

interface GithubEntry {
  expected_visible_text: string | null;
  fragments?: {
    hidden?: boolean[];
    equals?: Record<string, string>;
    matches?: Record<string, string[]>;
  };
  performance?: string;
}

function github(dir: string): Tally {
  const t = tally("github-email_reply_parser");
  for (const [file, e] of entries<GithubEntry>(readJson(join(dir, "expectations.json")))) {
    const input = readFileSync(join(dir, "test/emails", file), "utf8");
    const started = performance.now();
    const r = trimReply(input);
    const ms = performance.now() - started;
    if (e.performance) check(t, file, ms < 1000, `must parse in < 1 s (took ${ms.toFixed(0)} ms)`);
    if (e.expected_visible_text !== null) exact(t, file, e.expected_visible_text, r.visible);

    // Where upstream pins no hidden flags, fragment 0 is the reply and later ones what was cut.
    const hiddenFlags = e.fragments?.hidden;
    const hiddenAt = (index: string) => hiddenFlags?.[Number(index)] ?? index !== "0";
    const cut = `${r.quoted}\n${r.signature ?? ""}`;
    for (const [index, patterns] of Object.entries(e.fragments?.matches ?? {})) {
      const isHidden = hiddenAt(index);
      for (const p of patterns) {
        // Ruby's ^ matches at every line start: use the m flag.
        const ok = new RegExp(p, "m").test(isHidden ? cut : r.visible);
        check(t, file, ok, `fragment ${index} /${p}/ should be in ${isHidden ? "quoted/signature" : "visible"}`);
      }
    }
    for (const [index, text] of Object.entries(e.fragments?.equals ?? {})) {
      if (text.trim() === "") continue;
      const isHidden = hiddenAt(index);
      const ok = (isHidden ? cut : r.visible).includes(text.trim());
      check(t, file, ok, `fragment ${index} ${short(text.trim(), 40)} should be in ${isHidden ? "quoted/signature" : "visible"}`);
    }
  }
  return t;
}

// ---------------------------------------------------------------------------------------------

function pct(passed: number, total: number): string {
  return total === 0 ? "n/a" : `${((100 * passed) / total).toFixed(1)}%`;
}

function report(t: Tally): void {
  const skipped = t.skipped ? `, ${t.skipped} skipped (run under mocks upstream)` : "";
  console.log(`\n${t.title}: exact-match ${t.passed}/${t.total} (${pct(t.passed, t.total)})${skipped}`);
  if (t.breakdown.size > 0) {
    const parts = [...t.breakdown].map(([kind, b]) => `${kind} ${b.passed}/${b.total}`);
    console.log(`  by kind: ${parts.join(", ")}`);
  }
  for (const f of t.failures.slice(0, SHOWN_FAILURES)) console.log(`  ✗ ${f}`);
  if (t.failures.length > SHOWN_FAILURES) console.log(`  … and ${t.failures.length - SHOWN_FAILURES} more`);
  if (t.checksTotal > 0) {
    console.log(`  structural checks ${t.checksPassed}/${t.checksTotal} (${pct(t.checksPassed, t.checksTotal)})`);
    for (const f of t.checkFailures.slice(0, SHOWN_FAILURES)) console.log(`  ✗ ${f}`);
    if (t.checkFailures.length > SHOWN_FAILURES) console.log(`  … and ${t.checkFailures.length - SHOWN_FAILURES} more`);
  }
}

function main(): number {
  const corpora: [string, (dir: string) => Tally][] = [
    ["email_reply_trimmer", emailReplyTrimmer],
    ["talon", talon],
    ["crisp-email-reply-parser", crisp],
    ["github-email_reply_parser", github],
  ];
  const missing = corpora.filter(([name]) => !existsSync(join(corpusRoot, name)));
  if (missing.length === corpora.length) {
    console.error(`No mail corpora under ${corpusRoot} (set PROSPECTOR_CONFORMANCE_DIR).`);
    return 1;
  }
  console.log(`Email reply trimming, corpora in ${corpusRoot}`);
  for (const [name, run] of corpora) {
    if (missing.some(([m]) => m === name)) {
      console.log(`\n${name}: missing, skipped`);
      continue;
    }
    report(run(join(corpusRoot, name)));
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error);
  process.exitCode = 2;
}
