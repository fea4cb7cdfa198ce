// Word pairs for the candidates' full-text index (the `pairs` column of candidates_fts, migration 0016): every two
// neighbouring words of a field, joined into one token, so a phrase of two words is one token's list to read
// instead of two long lists of positions to compare. The words are split exactly as the index's tokenizer
// (FTS5 unicode61) splits them: which characters start or continue a word is asked of SQLite itself, once per
// character, so the pairs agree with FTS5's phrase matching for every script (JavaScript's Unicode tables are newer
// than SQLite's, and unicode61 lets a combining mark continue a word but not start one). SQLite-specific, like
// the index.
import type { DB } from "./client";

type Raw = DB["$client"];

/**
 * Joins the two words of a pair: a private-use character, which unicode61 keeps inside a token (category Co) and
 * which hardly any real text contains (see wordPairsOf for a word that does).
 */
export const PAIR_JOINER = "\uE000";
/** The pairs column of candidates_fts. */
export const PAIRS_COLUMN = "pairs";

/** How unicode61 treats a character: a separator, a character that continues a word only, or one that starts one. */
const SEPARATOR = 0;
const CONTINUES = 1;
const STARTS = 2;

/** ASCII as unicode61 has it: a-z, A-Z and 0-9 are words, everything else separates. */
const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII[c] = /[A-Za-z0-9]/.test(String.fromCharCode(c)) ? STARTS : SEPARATOR;
/** Beyond ASCII, per code point, as SQLite's unicode61 answered (the same library for every connection of this process). */
const classes = new Map<number, number>();
const NON_ASCII = /\P{ASCII}/u;

/** A temporary FTS5 table of this connection with the index's tokenizer, for the questions below. */
const PROBE = "prospector_tokenchar_probe";

/**
 * Asks SQLite how unicode61 treats each of these (unknown) code points. Two small texts per character, in a temporary
 * FTS5 table with the index's tokenizer: "x<c>x" is one token if <c> continues a word; "y <c> z" has "y" and "z"
 * next to each other if <c> alone makes no word (it does not start one).
 */
function probe(raw: Raw, codePoints: number[]) {
  raw.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.${PROBE} USING fts5(inside, alone, tokenize = 'unicode61 remove_diacritics 2')`);
  const insert = raw.prepare(`INSERT INTO temp.${PROBE}(rowid, inside, alone) VALUES (?, ?, ?)`);
  const run = raw.transaction((cps: number[]) => {
    raw.exec(`DELETE FROM temp.${PROBE}`);
    for (const cp of cps) {
      const ch = String.fromCodePoint(cp);
      insert.run(cp, `x${ch}x`, `y ${ch} z`);
    }
    const ids = (match: string) => new Set(raw.prepare(`SELECT rowid FROM temp.${PROBE} WHERE ${PROBE} MATCH ?`).pluck().all(match) as number[]);
    const breaks = ids("inside : x");
    const noWord = ids('alone : "y z"');
    raw.exec(`DELETE FROM temp.${PROBE}`);
    for (const cp of cps) classes.set(cp, !noWord.has(cp) ? STARTS : breaks.has(cp) ? SEPARATOR : CONTINUES);
  });
  run(codePoints);
}

/** better-sqlite3 hands a lone surrogate to SQLite as U+FFFD: classified (and so split) as that. */
function codePointAt(text: string, i: number): number {
  const cp = text.codePointAt(i) as number;
  return cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp;
}

/** Makes sure every character of these texts has a known class (one probe for all the new ones). */
function learn(raw: Raw, texts: readonly (string | null | undefined)[]) {
  let unknown: Set<number> | null = null;
  for (const text of texts) {
    if (!text || !NON_ASCII.test(text)) continue;
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) < 128) continue;
      const cp = codePointAt(text, i);
      if (cp > 0xffff) i++;
      if (!classes.has(cp)) (unknown ??= new Set()).add(cp);
    }
  }
  if (unknown) probe(raw, [...unknown]);
}

/** The words of `text` as unicode61 splits them, as written (the index folds case and accents of the pairs itself). */
function splitKnown(text: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let cls = ASCII[code] as number;
    let width = 1;
    if (code >= 128) {
      const cp = codePointAt(text, i);
      cls = classes.get(cp) ?? SEPARATOR;
      if (cp > 0xffff) width = 2;
    }
    if (start < 0) {
      if (cls === STARTS) start = i;
    } else if (cls === SEPARATOR) {
      words.push(text.slice(start, i));
      start = -1;
    }
    i += width - 1;
  }
  if (start >= 0) words.push(text.slice(start));
  return words;
}

/** Whether this SQLite keeps the joiner inside a token (else there are no pairs: phrases are matched as phrases). */
export function pairsSupported(raw: Raw): boolean {
  learn(raw, [PAIR_JOINER]);
  return classes.get(PAIR_JOINER.codePointAt(0) as number) === STARTS;
}

/** The words of `text` as the index's tokenizer splits them. */
export function wordsOf(raw: Raw, text: string): string[] {
  learn(raw, [text]);
  return splitKnown(text);
}

/**
 * The pairs column of one candidate: the pairs of neighbouring words within each of the given fields (never across
 * two fields: a phrase matches within one), separated by spaces. Empty when no field has two words.
 */
export function wordPairsOf(raw: Raw, fields: readonly (string | null | undefined)[]): string {
  if (!pairsSupported(raw)) return "";
  learn(raw, fields);
  const out: string[] = [];
  for (const field of fields) {
    if (!field) continue;
    const words = splitKnown(field);
    for (let i = 1; i < words.length; i++) {
      const a = words[i - 1] as string;
      const b = words[i] as string;
      // Read back, a pair splits at its first joiner: a first word with one in it would be ambiguous (no phrase
      // through the pairs has such a word; a second word may, for a prefix: "x y"* finds the words "x", "y\uE000z").
      if (a.includes(PAIR_JOINER)) continue;
      out.push(`${a}${PAIR_JOINER}${b}`);
    }
  }
  return out.join(" ");
}
