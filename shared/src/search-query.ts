// The query language of the re-engagement search box, and its translation to a SQLite FTS5 MATCH
// expression. Pure: no I/O, used by the server (to build the query) and the web UI (to show a syntax
// error under the box before the request is sent).
//
//   words            senior engineer        every word must match (implicit AND)
//   AND / OR / NOT   react OR vue NOT php   upper-case only; lower-case "and", "or", "not" are words
//   "phrases"        "site reliability"     words next to each other, in that order
//   prefix*          engin*                 any word starting with "engin"; also "machine learn"*
//   ( )              (react OR vue) AND typescript
//
// Precedence as in FTS5 and most search boxes: NOT binds tighter than AND, AND tighter than OR.
// NOT is "and not": it needs something before it at the same level ("engineer NOT manager").
//
// Safety: the output never contains a user character outside a double-quoted FTS5 string, and a
// double quote inside one is doubled, so column filters ("title:x"), NEAR(...), "^", "+", "-", ":",
// "*" in the middle of a word and bare FTS5 keywords typed by a user are only ever text to search for.
// Anything the grammar does not accept is an error with a message and a position, never passed on.

export interface QueryTerm {
  /** The words of the term as the user typed them (a single word, or a phrase). */
  text: string;
  prefix: boolean;
}

export interface QuerySyntaxError {
  message: string;
  /** 0-based offset in the input (UTF-16 code units, as JavaScript strings count) where the problem is. */
  position: number;
}

export type ParsedQuery =
  | {
      ok: true;
      /** FTS5 MATCH expression, or null when the query is blank (no text filter). */
      fts: string | null;
      /**
       * The same expression with its phrases matched through a word-pair column (see WordPairs), or `fts` itself
       * when no WordPairs were given or no term is a phrase.
       */
      ftsWithPairs: string | null;
      /** Terms the user asked to find (not the NOT-ed ones): what a result snippet highlights. */
      terms: QueryTerm[];
    }
  | { ok: false; error: QuerySyntaxError };

export const MAX_QUERY_LENGTH = 500;
export const MAX_QUERY_TERMS = 32;

type Token =
  | { kind: "term"; text: string; prefix: boolean; phrase: boolean; pos: number }
  | { kind: "and" | "or" | "not" | "lparen" | "rparen"; pos: number; raw: string };

type Node =
  | { kind: "term"; text: string; prefix: boolean; pos: number }
  | { kind: "or"; children: Node[] }
  | { kind: "and"; positive: Node[]; negative: Node[] };

class SyntaxFailure extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

/** Letters or digits: what the unicode61 tokenizer indexes. A term without any matches nothing. */
const SEARCHABLE = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;
const BARE_STOP = /[\s"()]/u;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (SPACE.test(ch)) {
      i++;
      continue;
    }
    if (ch === "(") {
      tokens.push({ kind: "lparen", pos: i, raw: ch });
      i++;
      continue;
    }
    if (ch === ")") {
      tokens.push({ kind: "rparen", pos: i, raw: ch });
      i++;
      continue;
    }
    if (ch === '"') {
      const end = input.indexOf('"', i + 1);
      if (end < 0) throw new SyntaxFailure("This quote is never closed: add a closing \" after the phrase.", i);
      const text = input.slice(i + 1, end).replace(/\s+/gu, " ").trim();
      let next = end + 1;
      const prefix = input[next] === "*";
      if (prefix) next++;
      if (next < input.length && !BARE_STOP.test(input[next] as string)) {
        throw new SyntaxFailure("Put a space between a closing quote and the next word.", next);
      }
      if (!SEARCHABLE.test(text)) {
        throw new SyntaxFailure(
          text ? "This phrase has no letters or digits to search for." : "This phrase is empty: type words between the quotes.",
          i,
        );
      }
      tokens.push({ kind: "term", text, prefix, phrase: true, pos: i });
      i = next;
      continue;
    }
    let end = i;
    while (end < input.length && !BARE_STOP.test(input[end] as string)) end++;
    const raw = input.slice(i, end);
    if (raw === "AND" || raw === "OR" || raw === "NOT") {
      tokens.push({ kind: raw === "AND" ? "and" : raw === "OR" ? "or" : "not", pos: i, raw });
    } else {
      // A trailing * (one or more) makes it a prefix; a * anywhere else is just text.
      const stripped = raw.replace(/\*+$/u, "");
      const prefix = stripped.length < raw.length;
      if (SEARCHABLE.test(stripped)) {
        tokens.push({ kind: "term", text: stripped, prefix, phrase: false, pos: i });
      } else if (prefix && stripped === "") {
        throw new SyntaxFailure("A * must follow the start of a word, as in engin*.", i);
      }
      // Bare punctuation ("-", "&", "^", ":") is not indexed and would match nothing: skipped, as the
      // tokenizer skips it inside words. A query made only of it is refused below.
    }
    i = end;
  }
  return tokens;
}

class Parser {
  private i = 0;
  terms = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly inputLength: number,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  parse(): Node {
    const node = this.parseOr();
    const extra = this.peek();
    if (extra) {
      // Only a ")" can stop parseOr early.
      throw new SyntaxFailure("This ) has no matching (.", extra.pos);
    }
    return node;
  }

  private parseOr(): Node {
    const children = [this.parseAnd()];
    for (let t = this.peek(); t?.kind === "or"; t = this.peek()) {
      this.i++;
      if (!this.startsOperand(this.peek())) throw this.missingAfter(t);
      children.push(this.parseAnd());
    }
    return children.length === 1 ? (children[0] as Node) : { kind: "or", children };
  }

  private startsOperand(t: Token | undefined): boolean {
    return t?.kind === "term" || t?.kind === "lparen";
  }

  private missingAfter(op: Token): SyntaxFailure {
    const raw = op.kind === "term" ? op.text : op.raw;
    const next = this.peek();
    const position = op.pos;
    if (!next) return new SyntaxFailure(`${raw} needs a word after it.`, position);
    if (next.kind === "rparen") return new SyntaxFailure(`${raw} needs a word after it, before the ).`, position);
    const nextRaw = next.kind === "term" ? next.text : next.raw;
    return new SyntaxFailure(`${raw} cannot be followed by ${nextRaw}: put a word between them.`, next.pos);
  }

  private parseAnd(): Node {
    const positive: Node[] = [];
    const negative: Node[] = [];
    for (;;) {
      const t = this.peek();
      if (!t || t.kind === "or" || t.kind === "rparen") break;
      if (t.kind === "and") {
        if (positive.length === 0 && negative.length === 0) throw new SyntaxFailure("AND needs a word before it.", t.pos);
        this.i++;
        const after = this.peek();
        if (after?.kind === "not") continue; // "a AND NOT b" is "a NOT b"
        if (!this.startsOperand(after)) throw this.missingAfter(t);
        continue;
      }
      if (t.kind === "not") {
        this.i++;
        if (!this.startsOperand(this.peek())) throw this.missingAfter(t);
        if (positive.length === 0) {
          throw new SyntaxFailure("NOT needs a word before it, as in engineer NOT manager: it cannot search for what is absent alone.", t.pos);
        }
        negative.push(this.parsePrimary());
        continue;
      }
      positive.push(this.parsePrimary());
    }
    if (positive.length === 0) {
      const op = this.peek();
      if (op?.kind === "or") throw new SyntaxFailure("OR needs a word before it.", op.pos);
      // Reached only with nothing at all in this group (an empty query or "()" or "a OR" handled before).
      const t = this.peek();
      throw new SyntaxFailure("Type a word to search for here.", t ? t.pos : this.inputLength);
    }
    if (positive.length === 1 && negative.length === 0) return positive[0] as Node;
    return { kind: "and", positive, negative };
  }

  private parsePrimary(): Node {
    const t = this.peek();
    if (!t) throw new SyntaxFailure("Type a word to search for here.", this.inputLength);
    if (t.kind === "term") {
      this.i++;
      this.terms++;
      if (this.terms > MAX_QUERY_TERMS) throw new SyntaxFailure(`At most ${MAX_QUERY_TERMS} words or phrases in one search.`, t.pos);
      return { kind: "term", text: t.text, prefix: t.prefix, pos: t.pos };
    }
    if (t.kind === "lparen") {
      this.i++;
      const inner = this.peek();
      if (!inner) throw new SyntaxFailure("This ( is never closed: add a ).", t.pos);
      if (inner.kind === "rparen") throw new SyntaxFailure("These parentheses are empty: type words between them.", t.pos);
      const node = this.parseOr();
      const close = this.peek();
      if (close?.kind !== "rparen") throw new SyntaxFailure("This ( is never closed: add a ).", t.pos);
      this.i++;
      return node;
    }
    throw new SyntaxFailure("Type a word to search for here.", t.pos);
  }
}

function quote(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/**
 * One FTS5 phrase for a structured filter value (a title, a location, a skill): the words in order, quoted
 * like every user term. null when the value has no letters or digits (it would match nothing).
 */
export function ftsPhrase(value: string): string | null {
  const text = withoutControls(value.normalize("NFC")).replace(/\s+/gu, " ").trim();
  return SEARCHABLE.test(text) ? quote(text) : null;
}

/**
 * A column of word pairs in the index: every two neighbouring words of a field as one token, the words joined by
 * `joiner` (a character the tokenizer keeps inside a token). A phrase of two words is then one token to look up,
 * instead of two long lists of positions to compare ("data engineer" at 1M people: "data" in 120,000 of them,
 * "engineer" in 280,000). `tokens` splits a term's text as the index's tokenizer does (null: it cannot tell).
 */
export interface WordPairs {
  column: string;
  joiner: string;
  tokens: (text: string) => string[] | null;
}

/**
 * A term of two or more words through the pair column: each neighbouring pair must be there, and for three or more
 * words the phrase itself too (the pairs alone would also match "a b … b c" for "a b c"). A prefix term's last pair
 * is a prefix ("machine learn"* finds "machine learning"). null: match the term as a phrase.
 */
function compilePairs(node: { text: string; prefix: boolean }, pairs: WordPairs): string | null {
  const tokens = pairs.tokens(node.text);
  if (!tokens || tokens.length < 2 || tokens.some((t) => t.includes(pairs.joiner))) return null;
  const col = `{${pairs.column}}`;
  const parts = tokens.slice(1).map((t, i) => {
    const last = i === tokens.length - 2;
    return `${col} : ${quote(`${tokens[i]}${pairs.joiner}${t}`)}${last && node.prefix ? "*" : ""}`;
  });
  if (tokens.length === 2) return parts[0] as string;
  return `(${parts.join(" AND ")} AND ${node.prefix ? `${quote(node.text)}*` : quote(node.text)})`;
}

function compile(node: Node, pairs?: WordPairs): string {
  switch (node.kind) {
    case "term":
      return (pairs && compilePairs(node, pairs)) ?? (node.prefix ? `${quote(node.text)}*` : quote(node.text));
    case "or":
      return `(${node.children.map((c) => compile(c, pairs)).join(" OR ")})`;
    case "and": {
      const pos = node.positive.map((c) => compile(c, pairs)).join(" AND ");
      const base = node.positive.length > 1 ? `(${pos})` : pos;
      if (node.negative.length === 0) return base;
      return `(${base} ${node.negative.map((n) => `NOT ${compile(n, pairs)}`).join(" ")})`;
    }
  }
}

function positiveTerms(node: Node, out: QueryTerm[]): void {
  if (node.kind === "term") out.push({ text: node.text, prefix: node.prefix });
  else if (node.kind === "or") for (const c of node.children) positiveTerms(c, out);
  else for (const c of node.positive) positiveTerms(c, out);
}

/**
 * Control characters become spaces (same length, so error positions still point into what was typed): FTS5 reads a
 * NUL inside a quoted string as its end ("unterminated string"), and none of them is searchable anyway.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const withoutControls = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, " ");

/** Parses a user's search box text. Never throws (unless `pairs.tokens` does). */
export function parseSearchQuery(input: string, opts: { pairs?: WordPairs } = {}): ParsedQuery {
  const text = withoutControls(input.normalize("NFC"));
  if (text.length > MAX_QUERY_LENGTH) {
    return { ok: false, error: { message: `The search is too long: at most ${MAX_QUERY_LENGTH} characters.`, position: MAX_QUERY_LENGTH } };
  }
  if (text.trim() === "") return { ok: true, fts: null, ftsWithPairs: null, terms: [] };
  try {
    const tokens = tokenize(text);
    if (tokens.length === 0) {
      return { ok: false, error: { message: "Nothing to search for: type at least one word with letters or digits.", position: 0 } };
    }
    const parser = new Parser(tokens, text.length);
    const tree = parser.parse();
    const terms: QueryTerm[] = [];
    positiveTerms(tree, terms);
    // The outermost parentheses of a group are redundant.
    const outer = (fts: string) => (tree.kind !== "term" && fts.startsWith("(") && fts.endsWith(")") ? fts.slice(1, -1) : fts);
    const fts = outer(compile(tree));
    return { ok: true, fts, ftsWithPairs: opts.pairs ? outer(compile(tree, opts.pairs)) : fts, terms };
  } catch (e) {
    if (e instanceof SyntaxFailure) return { ok: false, error: { message: e.message, position: e.position } };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Highlighting: which parts of a text match the terms, as segments the UI renders as text nodes
// (never HTML), so a scraped name or title with markup in it stays text.

export interface Segment {
  text: string;
  match: boolean;
}

/** Folds case and diacritics the way the FTS5 tokenizer (unicode61 remove_diacritics 2) does, per UTF-16 unit. */
function foldChar(ch: string): string {
  const base = ch.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  return base.length === 1 ? base : ch.toLowerCase().length === 1 ? ch.toLowerCase() : ch;
}

const WORD = /[\p{L}\p{N}]+/gu;

function termWords(term: QueryTerm): string[] {
  return (term.text.match(WORD) ?? []).map((w) => [...w].map(foldChar).join(""));
}

/**
 * Splits `text` into segments, marking the words that match any term (a phrase marks its run of words).
 * Returns null when nothing in `text` matches.
 */
export function highlightMatches(text: string, terms: QueryTerm[]): Segment[] | null {
  const words: { start: number; end: number; folded: string }[] = [];
  for (const m of text.matchAll(WORD)) {
    words.push({ start: m.index, end: m.index + m[0].length, folded: [...m[0]].map(foldChar).join("") });
  }
  const marked = new Array<boolean>(words.length).fill(false);
  for (const term of terms) {
    const tw = termWords(term);
    if (tw.length === 0) continue;
    for (let i = 0; i + tw.length <= words.length; i++) {
      let ok = true;
      for (let k = 0; k < tw.length && ok; k++) {
        const w = words[i + k]?.folded ?? "";
        const last = k === tw.length - 1;
        ok = last && term.prefix ? w.startsWith(tw[k] as string) : w === tw[k];
      }
      if (ok) for (let k = 0; k < tw.length; k++) marked[i + k] = true;
    }
  }
  if (!marked.includes(true)) return null;
  const out: Segment[] = [];
  let at = 0;
  const push = (s: string, match: boolean) => {
    if (!s) return;
    const prev = out[out.length - 1];
    if (prev && prev.match === match) prev.text += s;
    else out.push({ text: s, match });
  };
  for (let i = 0; i < words.length; i++) {
    if (!marked[i]) continue;
    const w = words[i] as { start: number; end: number };
    push(text.slice(at, w.start), false);
    // Join adjacent marked words of a phrase (with the space between them) into one match.
    push(text.slice(w.start, w.end), true);
    at = w.end;
    const next = words[i + 1];
    if (next && marked[i + 1] && /^\s+$/u.test(text.slice(w.end, next.start))) {
      push(text.slice(w.end, next.start), true);
      at = next.start;
    }
  }
  push(text.slice(at), false);
  return out;
}

/** A window of at most `max` characters around the first match, with "…" where text was cut. */
export function snippetAround(segments: Segment[], max = 160): Segment[] {
  const total = segments.reduce((n, s) => n + s.text.length, 0);
  if (total <= max) return segments;
  let offset = 0;
  let firstMatch = 0;
  for (const s of segments) {
    if (s.match) {
      firstMatch = offset;
      break;
    }
    offset += s.text.length;
  }
  const start = Math.max(0, Math.min(firstMatch - Math.floor(max / 3), total - max));
  const end = start + max;
  const out: Segment[] = [];
  let pos = 0;
  for (const s of segments) {
    const a = Math.max(start, pos);
    const b = Math.min(end, pos + s.text.length);
    if (a < b) out.push({ text: s.text.slice(a - pos, b - pos), match: s.match });
    pos += s.text.length;
  }
  if (start > 0) out.unshift({ text: "…", match: false });
  if (end < total) out.push({ text: "…", match: false });
  return out;
}
