import { parseSearchQuery } from "@prospector/shared/search-query";
import Database from "better-sqlite3";
import { beforeEach, describe, expect, it } from "vitest";
import { PAIR_JOINER, PAIRS_COLUMN, pairsSupported, wordPairsOf, wordsOf } from "../src/db/word-pairs";

// The pairs must agree with FTS5's own phrase matching: for every text and every phrase, "a b" through the pairs
// column finds exactly the rows the phrase finds. Checked against SQLite itself on texts built to disagree where a
// hand-written tokenizer would (scripts newer than SQLite's Unicode tables, combining marks, private-use characters,
// lone surrogates, punctuation inside words).

let db: Database.Database;

beforeEach(() => {
  db = new Database(":memory:");
  db.exec(`CREATE VIRTUAL TABLE t USING fts5(a, b, pairs, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`);
});

const pairs = () => ({ column: PAIRS_COLUMN, joiner: PAIR_JOINER, tokens: (text: string) => wordsOf(db, text) });

function index(rows: string[][]) {
  const insert = db.prepare("INSERT INTO t(rowid, a, b, pairs) VALUES (?, ?, ?, ?)");
  rows.forEach((fields, i) => insert.run(i + 1, fields[0], fields[1], wordPairsOf(db, fields)));
}

const ids = (match: string) => (db.prepare("SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid").pluck().all(match) as number[]).join(",");

/** The rows a query finds as a phrase and through the pairs: [phrase, pairs, the pairs expression]. */
function both(query: string): [string, string, string] {
  const plain = parseSearchQuery(query);
  const withPairs = parseSearchQuery(query, { pairs: pairs() });
  if (!plain.ok || !withPairs.ok) throw new Error(`not a query: ${query}`);
  return [ids(plain.fts as string), ids(withPairs.ftsWithPairs as string), withPairs.ftsWithPairs as string];
}

/** Deterministic (mulberry32), so a failure reproduces. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe("word pairs", () => {
  it("this SQLite keeps the joiner inside a token", () => {
    expect(pairsSupported(db)).toBe(true);
  });

  it("splits words as unicode61 does: punctuation splits, a combining mark continues a word but starts none", () => {
    expect(wordsOf(db, "Data-Engineer (node.js), C++")).toEqual(["Data", "Engineer", "node", "js", "C"]);
    expect(wordsOf(db, "Ingénieur de données")).toEqual(["Ingénieur", "de", "données"]);
    // "é" decomposed: the accent continues the word.
    expect(wordsOf(db, "Inge\u0301nieur")).toEqual(["Inge\u0301nieur"]);
    // An accent alone between two spaces is no word: the words either side stay neighbours.
    expect(wordsOf(db, "data \u0301 engineer")).toEqual(["data", "engineer"]);
    expect(wordsOf(db, "数据 工程师")).toEqual(["数据", "工程师"]);
  });

  it("a phrase through the pairs finds exactly what FTS5's phrase finds, on texts built to disagree", () => {
    const random = rng(20261207);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
    const words = ["data", "engineer", "Data", "ENGINEER", "dáta", "da\u0301ta", "senior", "site", "reliability", "node", "js", "c", "e\u0301", "数据", "工程师", "𞤀𞤁", "x\uE000y", "ᦰ", "a1", "42"];
    // Separators and characters unicode61 and JavaScript's tables classify differently (U+19B0: a letter to one, a mark to
    // the other; U+1E900: an Adlam letter SQLite's tables predate; U+0301 alone; a lone surrogate; U+E000 itself).
    const gaps = [" ", "  ", "-", ".", ", ", "\n", " \u0301 ", "\u19b0", "\u{1e900}", "\ud800", "\uE000", "_", "·", "'", "/", "\u200b", "\u00a0"];
    const text = () => Array.from({ length: 2 + Math.floor(random() * 6) }, () => pick(words)).reduce((s, w2) => `${s}${pick(gaps)}${w2}`);
    const rows = Array.from({ length: 400 }, () => [text(), text()]);
    index(rows);
    const phrases = new Set<string>();
    for (let i = 0; i < 300; i++) phrases.add(`${pick(words)} ${pick(words)}`);
    for (let i = 0; i < 100; i++) phrases.add(`${pick(words)}${pick(gaps)}${pick(words)}${pick(gaps)}${pick(words)}`);
    let found = 0;
    let rewritten = 0;
    for (const p of phrases) {
      const quoted = `"${p.replaceAll('"', "")}"`;
      for (const query of [quoted, `${quoted}*`]) {
        const parsed = parseSearchQuery(query);
        if (!parsed.ok) continue;
        const [asPhrase, throughPairs, expr] = both(query);
        expect(throughPairs, `${JSON.stringify(query)} → ${JSON.stringify(expr)}`).toBe(asPhrase);
        if (asPhrase) found++;
        if (expr.includes(`{${PAIRS_COLUMN}}`)) rewritten++;
      }
    }
    // The check is not empty: most phrases went through the pairs, and many matched something.
    expect(rewritten).toBeGreaterThan(400);
    expect(found).toBeGreaterThan(100);
  });

  it("never across two fields, and inside boolean expressions", () => {
    index([
      ["Senior Data", "Engineer at Alza"],
      ["Data Engineer", "Senior"],
      ["Site Reliability Engineer", ""],
      ["Site Engineer", "Reliability Site"],
    ]);
    for (const q of ['"data engineer"', '"senior data"', '"site reliability engineer"', 'site NOT "site reliability"', '"data engineer" OR "reliability site"', "data-engineer"]) {
      const [asPhrase, throughPairs, expr] = both(q);
      expect(throughPairs, `${q} → ${expr}`).toBe(asPhrase);
    }
    expect(both('"data engineer"')[1]).toBe("2");
    expect(both('"site reliability engineer"')[1]).toBe("3");
    expect(both('"site reliability"*')[1]).toBe("3");
  });
});
