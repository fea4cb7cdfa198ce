import { describe, expect, it } from "vitest";
import { ftsPhrase, highlightMatches, MAX_QUERY_TERMS, parseSearchQuery, snippetAround } from "../src/search-query";

function fts(q: string): string | null {
  const r = parseSearchQuery(q);
  if (!r.ok) throw new Error(`unexpected error for ${q}: ${r.error.message} at ${r.error.position}`);
  return r.fts;
}

function err(q: string) {
  const r = parseSearchQuery(q);
  if (r.ok) throw new Error(`expected an error for ${q}, got ${r.fts}`);
  return r.error;
}

describe("parseSearchQuery: valid queries", () => {
  it.each([
    ["", null],
    ["   ", null],
    ["engineer", '"engineer"'],
    ["senior engineer", '"senior" AND "engineer"'],
    ["senior AND engineer", '"senior" AND "engineer"'],
    ["react OR vue", '"react" OR "vue"'],
    ["a b OR c", '("a" AND "b") OR "c"'],
    ["a OR b c", '"a" OR ("b" AND "c")'],
    ["engineer NOT manager", '"engineer" NOT "manager"'],
    ["engineer AND NOT manager", '"engineer" NOT "manager"'],
    ["engineer NOT manager NOT director", '"engineer" NOT "manager" NOT "director"'],
    ["a b NOT c", '("a" AND "b") NOT "c"'],
    ["a NOT b c", '("a" AND "c") NOT "b"'],
    ['"site reliability"', '"site reliability"'],
    ['"site   reliability  "', '"site reliability"'],
    ["engin*", '"engin"*'],
    ["engin**", '"engin"*'],
    ['"machine learn"*', '"machine learn"*'],
    ["(react OR vue) AND typescript", '("react" OR "vue") AND "typescript"'],
    ["((a))", '"a"'],
    ["python NOT (django OR flask)", '"python" NOT ("django" OR "flask")'],
    ["(a OR b) (c OR d)", '("a" OR "b") AND ("c" OR "d")'],
    // Lower-case operators are words, like in FTS5 itself.
    ["rock and roll", '"rock" AND "and" AND "roll"'],
    ["not or", '"not" AND "or"'],
    // A quoted operator is a word.
    ['"AND"', '"AND"'],
    ['"NOT" engineer', '"NOT" AND "engineer"'],
    // Bare punctuation is skipped, as the tokenizer skips it.
    ["senior - engineer", '"senior" AND "engineer"'],
    ["C++ OR C#", '"C++" OR "C#"'],
    ["node.js", '"node.js"'],
    ["Jiří", '"Jiří"'],
  ])("%j -> %j", (q, out) => {
    expect(fts(q)).toBe(out);
  });

  it("normalizes to NFC so the index and the query agree", () => {
    expect(fts("Jir\u030Ci\u0301")).toBe('"Jiří"');
  });

  it("returns the positive terms for highlighting, not the NOT-ed ones", () => {
    const r = parseSearchQuery('"site reliability" engin* NOT manager');
    expect(r.ok && r.terms).toEqual([
      { text: "site reliability", prefix: false },
      { text: "engin", prefix: true },
    ]);
  });
});

describe("parseSearchQuery: phrases through a word-pair column", () => {
  // A stand-in for the index's tokenizer (the server asks SQLite itself): words of letters and digits.
  const pairs = { column: "pairs", joiner: "+", tokens: (t: string) => t.match(/[\p{L}\p{N}]+/gu) ?? [] };
  const withPairs = (q: string) => {
    const r = parseSearchQuery(q, { pairs });
    if (!r.ok) throw new Error(r.error.message);
    return r;
  };

  it.each([
    ['"data engineer"', '{pairs} : "data+engineer"'],
    ["data-engineer", '{pairs} : "data+engineer"'],
    ['"machine learn"*', '{pairs} : "machine+learn"*'],
    ['"site reliability engineer"', '({pairs} : "site+reliability" AND {pairs} : "reliability+engineer" AND "site reliability engineer")'],
    ['"a b c"*', '({pairs} : "a+b" AND {pairs} : "b+c"* AND "a b c"*)'],
    ['python "data engineer" NOT "data analyst"', '("python" AND {pairs} : "data+engineer") NOT {pairs} : "data+analyst"'],
    ['"data engineer" OR devops', '{pairs} : "data+engineer" OR "devops"'],
    // One word, quoted or not, stays a word.
    ['"python"', '"python"'],
    ["engin*", '"engin"*'],
  ])("%j -> %j", (q, out) => {
    const r = withPairs(q);
    expect(r.ftsWithPairs).toBe(out);
    // The plain expression (for an index without the column) is unchanged.
    expect(r.fts).toBe(fts(q));
  });

  it("a phrase the tokenizer cannot split, or with the joiner in a word, stays a phrase", () => {
    const unknown = parseSearchQuery('"data engineer"', { pairs: { ...pairs, tokens: () => null } });
    expect(unknown.ok && unknown.ftsWithPairs).toBe('"data engineer"');
    const joined = parseSearchQuery('"data engineer"', { pairs: { ...pairs, joiner: "a" } });
    expect(joined.ok && joined.ftsWithPairs).toBe('"data engineer"');
  });

  it("without pairs, ftsWithPairs is the plain expression", () => {
    const r = parseSearchQuery('"data engineer" python');
    expect(r.ok && r.ftsWithPairs).toBe(r.ok && r.fts);
  });
});

describe("parseSearchQuery: FTS5 syntax typed by a user is only text", () => {
  // Every user character must sit inside a double-quoted string of the output; a quote is never
  // produced from user text unescaped (the user cannot type one inside a term: it opens a phrase).
  function assertOnlyQuotedText(out: string) {
    // Remove quoted strings ("" is an escaped quote inside one); what remains may only be our syntax.
    const outside = out.replace(/"(?:[^"]|"")*"/g, "");
    expect(outside).toMatch(/^[\s()*]*(?:(?:AND|OR|NOT)[\s()*]*)*$/);
  }

  it.each([
    ["title:engineer", '"title:engineer"'],
    ["{title skills}:react", '"{title" AND "skills}:react"'],
    ["NEAR(a b, 2)", '"NEAR" AND ("a" AND "b," AND "2")'],
    ["^senior", '"^senior"'],
    ["-manager", '"-manager"'],
    ["+react", '"+react"'],
    ["a*b", '"a*b"'],
    ["col:*", '"col:"*'],
    ["x' OR 1=1 --", "\"x'\" OR \"1=1\""],
    ["'; DROP TABLE candidates; --", '"DROP" AND "TABLE" AND "candidates;"'],
    ["<script>alert(1)</script>", '"<script>alert" AND "1" AND "</script>"'],
    // FTS5 ends a quoted string at a NUL ("unterminated string"): control characters are spaces.
    ["a\u0000b", '"a" AND "b"'],
    ["a\u0007\u001fb\u007f", '"a" AND "b"'],
  ])("%j -> %j", (q, out) => {
    const got = fts(q);
    expect(got).toBe(out);
    assertOnlyQuotedText(got as string);
  });

  it("never produces unquoted user text, for many hostile mixes", () => {
    const pieces = ["a", "AND", "OR", "NOT", "NEAR", "(", ")", '"', "*", ":", "^", "-", "+", "{", "}", ",", "x:y", "é", "'", ";", " "];
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let n = 0; n < 3000; n++) {
      let q = "";
      const len = 1 + (rand() % 12);
      for (let k = 0; k < len; k++) q += pieces[rand() % pieces.length] + (rand() % 2 ? " " : "");
      const r = parseSearchQuery(q);
      if (r.ok) {
        if (r.fts !== null) assertOnlyQuotedText(r.fts);
      } else {
        expect(r.error.message.length).toBeGreaterThan(0);
        expect(r.error.position).toBeGreaterThanOrEqual(0);
        expect(r.error.position).toBeLessThanOrEqual(q.length);
      }
    }
  });
});

describe("parseSearchQuery: syntax errors", () => {
  it.each([
    ['"site reliability', 0, /quote is never closed/],
    ['engineer "site', 9, /quote is never closed/],
    ["(react OR vue", 0, /\( is never closed/],
    ["react OR vue)", 12, /\) has no matching \(/],
    ["()", 0, /parentheses are empty/],
    ["react AND", 6, /AND needs a word after it/],
    ["react OR", 6, /OR needs a word after it/],
    ["react NOT", 6, /NOT needs a word after it/],
    ["AND react", 0, /AND needs a word before it/],
    ["OR react", 0, /OR needs a word before it/],
    ["NOT manager", 0, /NOT needs a word before it/],
    ["(NOT manager)", 1, /NOT needs a word before it/],
    ["a OR OR b", 5, /OR cannot be followed by OR/],
    ["a AND OR b", 6, /AND cannot be followed by OR/],
    ["(a OR) b", 3, /OR needs a word after it, before the \)/],
    ['""', 0, /phrase is empty/],
    ['"^ :"', 0, /no letters or digits/],
    ['"a"b', 3, /space between a closing quote/],
    ["*", 0, /\* must follow the start of a word/],
    ["^ : -", 0, /Nothing to search for/],
  ])("%j -> error at %i", (q, position, message) => {
    const e = err(q);
    expect(e.position).toBe(position);
    expect(e.message).toMatch(message);
  });

  it("refuses a query that is too long or has too many terms", () => {
    expect(err("a".repeat(501)).message).toMatch(/too long/);
    const many = Array.from({ length: MAX_QUERY_TERMS + 1 }, (_, i) => `w${i}`).join(" ");
    expect(err(many).message).toMatch(/At most 32/);
    expect(fts(Array.from({ length: MAX_QUERY_TERMS }, (_, i) => `w${i}`).join(" "))).toContain('"w31"');
  });
});

describe("highlightMatches / snippetAround", () => {
  it("marks words, prefixes and phrases, case- and accent-insensitively", () => {
    const terms = [
      { text: "site reliability", prefix: false },
      { text: "engin", prefix: true },
      { text: "jiri", prefix: false },
    ];
    expect(highlightMatches("Jiří, Site  Reliability Engineer at Acme", terms)).toEqual([
      { text: "Jiří", match: true },
      { text: ", ", match: false },
      { text: "Site  Reliability Engineer", match: true },
      { text: " at Acme", match: false },
    ]);
  });

  it("does not mark a phrase whose words are apart, or a word that only starts with a non-prefix term", () => {
    expect(highlightMatches("site of reliability", [{ text: "site reliability", prefix: false }])).toBeNull();
    expect(highlightMatches("engineering", [{ text: "engineer", prefix: false }])).toBeNull();
  });

  it("keeps markup in the text as text (the UI renders segments as text nodes)", () => {
    const segs = highlightMatches('<img src=x onerror="alert(1)"> engineer', [{ text: "engineer", prefix: false }]);
    expect(segs?.map((s) => s.text).join("")).toBe('<img src=x onerror="alert(1)"> engineer');
    expect(segs?.filter((s) => s.match).map((s) => s.text)).toEqual(["engineer"]);
  });

  it("cuts a long text around the first match", () => {
    const text = `${"lorem ".repeat(60)}engineer ${"ipsum ".repeat(60)}`;
    const segs = snippetAround(highlightMatches(text, [{ text: "engineer", prefix: false }]) ?? [], 80);
    expect(segs[0]).toEqual({ text: "…", match: false });
    expect(segs[segs.length - 1]).toEqual({ text: "…", match: false });
    expect(segs.some((s) => s.match && s.text === "engineer")).toBe(true);
    expect(segs.reduce((n, s) => n + s.text.length, 0)).toBeLessThanOrEqual(82);
  });
});

describe("ftsPhrase", () => {
  it("quotes a filter value as one phrase, doubling quotes, and refuses one without letters or digits", () => {
    expect(ftsPhrase("  Senior   Engineer ")).toBe('"Senior Engineer"');
    expect(ftsPhrase('say "hi" NEAR(x)')).toBe('"say ""hi"" NEAR(x)"');
    expect(ftsPhrase(" - ")).toBeNull();
  });
});
