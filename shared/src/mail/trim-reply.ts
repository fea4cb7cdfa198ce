// Cuts quoted history and signatures from the plain-text body of an email reply, so that a
// conversation shows what the sender actually wrote (SPEC.md, "Conversations"). The original
// message is stored untouched elsewhere; this only decides what to show.
//
// How it decides, in order (the rules are general; none knows a particular client's message):
// 1. Lines are read as quoted ("> …", "Name> …", several levels) or not. Text inside ``` fences
//    is never interpreted. An unquoted line wedged between two quoted lines that continues a
//    hard-wrapped quoted sentence ("> …we would like to invite" / "you for an interview" / ">")
//    belongs to the quote. A header glued to the end of a line ("ok--- On … wrote:") is split off.
// 2. The first marker of history, scanning from the top, decides the cut:
//    - a reply header ("On <date>, <name> wrote:", "Dne … napsal(a):", "Am … schrieb …:", … in
//      about 25 languages, also broken over up to five lines, also quoted "> On … wrote:");
//    - an "-----Original Message-----" / "---------- Forwarded message ---------" /
//      "Begin forwarded message:" separator;
//    - an Outlook-style header block ("From:/Sent:/To:/Subject:" and their translations: at least
//      three fields, or two with an address or a date).
//    Text above the marker is the reply (top-posting); the marker and everything below go to
//    `quoted`. Rule lines ("____", "-----") just above the marker go with it.
// 3. When the reply is written under or between the quotes, the answer text is kept:
//    - nothing above the header → bottom-posting: the header and the quote under it are cut, the
//      text after them is the reply; if that text alternates with further quotes (inline
//      answers), the first quote stays as the context of the first answer;
//    - text above the header and text under its quote: the text under it is the reply when it
//      alternates with further quotes or runs to five lines or more (inline answers; only the
//      header line is cut); when it is only a sign-off or a signature, the header and quote are
//      cut and the sign-off kept; when another header follows it, it is an older mail of the
//      thread and everything from the first header is cut; a few other lines are the quoted
//      mail's footer and are cut with it.
//    A forward sent with no comment keeps the forwarded text; only its separator and header
//    block are cut. A quote that ends the reply is cut when there is text above it; a message that
//    is nothing but a quote is left alone, unless the quote starts with a reply header.
// 4. Signatures: "-- " (and "--"), a "Sent from my iPhone"-style line in many languages (with a
//    name line directly above it), a rule line ("____", "====") followed by a short or
//    contact-like block, a sign-off ("Regards,", "S pozdravem") followed by at least two short
//    lines (name plus title/phone/…), or a closing paragraph of three or more short lines with
//    an address, phone or URL in it. A bare sign-off with a name ("Thanks,\nJan") is part of
//    the reply and stays.
//
// Everything is line-based and linear: regexes only ever see one line or a short join of lines.

import {
  couldStartReplyHeader,
  hasDateToken,
  hasEmailAddress,
  headerFieldKind,
  isContactLine,
  isMobileSignature,
  isNameLine,
  isProse,
  isReplyHeader,
  isRuleLine,
  isSeparatorLine,
  isSignOff,
  isStrongSignatureDelimiter,
  startsLikeReplyHeader,
} from "./reply-patterns";

/** Options for trimReply. Only plain text is trimmed (`html` is reserved and must stay false):
 * convert an HTML-only body with htmlToText (./html-to-text) first. */
export interface TrimReplyOptions {
  html?: false;
}

/** The parts of an email reply body. Each is trimmed (no leading blank lines, no trailing whitespace). */
export interface TrimmedReply {
  /** What the sender wrote, to show: without quoted history, without signature, without trailing
   * spaces on its lines. May be empty (a bare forward, only quotes): show the original then. */
  visible: string;
  /** The reply with its signature: everything except the quoted history. */
  withSignature: string;
  /** Quoted, forwarded or embedded earlier mails that were cut ("" when none). */
  quoted: string;
  /** The sender's signature that was cut from the reply, or null. */
  signature: string | null;
}

type Role = "reply" | "quoted" | "signature";

interface Line {
  /** The line as written. */
  text: string;
  /** Quote level: 0 for an unquoted line, 2 for "> > text". */
  depth: number;
  /** The text after the quote markers. */
  body: string;
  blank: boolean;
  /** Inside a ``` fence: never interpreted. */
  code: boolean;
}

interface Doc {
  lines: Line[];
  role: Role[];
  /** Memoised per-line answers (-1: not computed yet), so that no line is examined twice. */
  headerLength: Int32Array;
  blockEnd: Int32Array;
  /** For each line, the first history start at or after it; computed on first use. */
  nextHistory: Int32Array | null;
}

const QUOTE_PREFIX = /^[ \t]*((?:(?:[A-Za-z]{1,12}>(?=[ \t>]|$)|>)[ \t]?)+)/;
const MAX_HEADER_LINES = 5;
const MAX_HEADER_CHARS = 320;

/** Split an email reply into what to show, its signature and the quoted history it carries. */
export function trimReply(text: string, _opts?: TrimReplyOptions): TrimmedReply {
  const normalized = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (normalized.trim() === "") return { visible: "", withSignature: "", quoted: "", signature: null };

  const lines = analyse(splitGluedHeaders(normalized.split("\n")));
  const doc: Doc = {
    lines,
    role: lines.map((): Role => "reply"),
    headerLength: new Int32Array(lines.length).fill(-1),
    blockEnd: new Int32Array(lines.length).fill(-1),
    nextHistory: null,
  };
  scan(doc);
  cutTrailingQuote(doc);
  if (!doc.role.includes("signature")) cutClosingSignature(doc);

  const join = (keep: (r: Role) => boolean, clean = (s: string) => s) =>
    tidy(
      doc.lines
        .filter((_, k) => keep(doc.role[k]!))
        .map((l) => clean(l.text))
        .join("\n"),
    );
  const signature = join((r) => r === "signature");
  return {
    // What is shown drops trailing spaces (format=flowed soft breaks, editor leftovers); the
    // other parts are exact slices of the message.
    visible: join((r) => r === "reply", (s) => s.trimEnd()),
    withSignature: join((r) => r !== "quoted"),
    quoted: join((r) => r === "quoted"),
    signature: signature === "" ? null : signature,
  };
}

function tidy(s: string): string {
  return s.replace(/^(?:[ \t]*\n)+/, "").trimEnd();
}

// ---------------------------------------------------------------------------------------------
// Reading the lines

/** "and that's it--- On Wed, Apr 4, 2012, bob@example.com wrote:": a client glued the header to the last line. */
function splitGluedHeaders(lines: string[]): string[] {
  return lines.flatMap((line) => {
    if (line.length > 400 || !line.includes("--")) return [line];
    const glued = /^(\s*[^\s>-].*?\S)\s*(-{2,}\s*\S.*)$/.exec(line);
    if (!glued) return [line];
    const header = glued[2]!;
    const start = header.replace(/^-+\s*/, "");
    return startsLikeReplyHeader(start) && isReplyHeader(header) ? [glued[1]!, header] : [line];
  });
}

function analyse(raw: string[]): Line[] {
  let fenced = false;
  const lines = raw.map((text): Line => {
    const quote = QUOTE_PREFIX.exec(text);
    const depth = quote ? (quote[1]!.match(/>/g)?.length ?? 0) : 0;
    const body = quote ? text.slice(quote[0].length) : text;
    const fence = depth === 0 && /^\s*```/.test(text);
    const code = fenced || fence;
    if (fence) fenced = !fenced;
    return { text, depth, body, blank: text.trim() === "", code };
  });
  // A hard-wrapped quoted sentence whose continuation lost its ">": keep it in the quote.
  for (let k = 1; k < lines.length - 1; k++) {
    const [prev, line, next] = [lines[k - 1]!, lines[k]!, lines[k + 1]!];
    if (line.depth > 0 || line.blank || line.code || prev.depth === 0 || next.depth === 0) continue;
    if (prev.body.trim().length >= 30 && /^[\p{Ll}_\-/=?&%)\].,;:"']/u.test(line.text)) {
      line.depth = prev.depth;
    }
  }
  return lines;
}

function nextNonBlank(doc: Doc, from: number): number {
  let k = from;
  while (k < doc.lines.length && doc.lines[k]!.blank) k++;
  return k;
}

/** From a quoted line: the index of the first non-blank unquoted line after the quote (or the end). */
function quoteRegionEnd(doc: Doc, from: number): number {
  let k = from;
  while (k < doc.lines.length && (doc.lines[k]!.blank || doc.lines[k]!.depth > 0)) k++;
  return k;
}

/** Number of lines of the reply header starting at line i ("On …\n<x@y>\nwrote:"), or 0. */
function replyHeaderLength(doc: Doc, i: number): number {
  if (doc.headerLength[i]! < 0) doc.headerLength[i] = findReplyHeader(doc, i);
  return doc.headerLength[i]!;
}

function findReplyHeader(doc: Doc, i: number): number {
  const first = doc.lines[i]!;
  if (first.blank || first.code) return 0;
  const quoted = first.depth > 0;
  const textOf = (l: Line) => (quoted ? l.body : l.text).trim();
  if (!couldStartReplyHeader(textOf(first))) return 0;

  const parts: number[] = [];
  let joined = "";
  let blanks = 0;
  for (let k = i; k < doc.lines.length && k < i + MAX_HEADER_LINES; k++) {
    const line = doc.lines[k]!;
    const t = textOf(line);
    if (k > i) {
      if (line.blank || t === "") {
        if (++blanks > 1) break;
        continue;
      }
      if (line.code || t.length > 160 || headerFieldKind(t)) break;
      // A quoted header continues at its own level; an unquoted one only into a short ">" tail
      // ("<\nmailto:x@y\n> wrote:" is how some clients break "<x@y> wrote:").
      if (quoted ? line.depth !== first.depth : line.depth > 0 && t.length > 40) break;
    }
    parts.push(k);
    joined = joined ? `${joined} ${t}` : t;
    if (joined.length > MAX_HEADER_CHARS) break;
    if (isReplyHeader(joined)) {
      // "Plans for 2024\nOn 5 May 2024, Jan <jan@x.cz> wrote:": the header starts on a later line.
      for (let p = 1; p < parts.length; p++) {
        const suffix = parts
          .slice(p)
          .map((q) => textOf(doc.lines[q]!))
          .join(" ");
        const later = textOf(doc.lines[parts[p]!]!);
        if (startsLikeReplyHeader(later) && hasDateToken(suffix) && isReplyHeader(suffix)) return 0;
      }
      return k - i + 1;
    }
    if (/[:：]$/.test(t) || (k > i && /[.!?]$/.test(t))) break;
  }
  return 0;
}

/** End (exclusive) of an Outlook-style header block starting at line i, or 0 when there is none. */
function headerBlockEnd(doc: Doc, i: number): number {
  if (doc.blockEnd[i]! < 0) doc.blockEnd[i] = findHeaderBlock(doc, i);
  return doc.blockEnd[i]!;
}

function findHeaderBlock(doc: Doc, i: number): number {
  const first = doc.lines[i]!;
  if (first.depth > 0 || first.code) return 0;
  const kind = headerFieldKind(first.text);
  if (!kind) return 0;
  const kinds = new Set([kind]);
  let last = i;
  let continuation = 0;
  let address = hasEmailAddress(first.text);
  let date = kind === "date" && /\d/.test(first.text);
  for (let k = i + 1; k < doc.lines.length && k < i + 14; k++) {
    const line = doc.lines[k]!;
    if (line.blank || line.depth > 0 || line.code) break;
    const next = headerFieldKind(line.text);
    if (next) {
      kinds.add(next);
      last = k;
      continuation = 0;
      address ||= hasEmailAddress(line.text);
      date ||= next === "date" && /\d/.test(line.text);
      continue;
    }
    // A wrapped field value ("From: Human Resources\n<hr@example.com>", "Subject: Two\nline subject").
    if (++continuation > 2 || line.text.length > 120) break;
    address ||= hasEmailAddress(line.text);
  }
  const enough =
    kinds.size >= 3 || (kinds.size === 2 && (kinds.has("from") || kinds.has("date")) && (address || date));
  return enough ? last + 1 : 0;
}

/** Does a separator or header block start the forwarded or quoted history at line i? */
function isHistoryStart(doc: Doc, i: number): boolean {
  const line = doc.lines[i]!;
  if (line.blank || line.code) return false;
  if (line.depth > 0) return true;
  return replyHeaderLength(doc, i) > 0 || isSeparatorLine(line.text) || headerBlockEnd(doc, i) > 0;
}

function nextHistoryStart(doc: Doc, from: number): number {
  const n = doc.lines.length;
  if (from >= n) return n;
  if (!doc.nextHistory) {
    doc.nextHistory = new Int32Array(n);
    let next = n;
    for (let k = n - 1; k >= 0; k--) {
      if (isHistoryStart(doc, k)) next = k;
      doc.nextHistory[k] = next;
    }
  }
  return doc.nextHistory[from]!;
}

/** Move a cut point up over the blank and rule lines ("_____", "-----") just above it. */
function absorbAbove(doc: Doc, i: number, floor = 0): number {
  let k = i;
  while (k > floor && doc.role[k - 1] === "reply" && (doc.lines[k - 1]!.blank || isRuleLine(doc.lines[k - 1]!.text))) k--;
  return k;
}

function mark(doc: Doc, from: number, to: number, role: Role): void {
  for (let k = from; k < to; k++) doc.role[k] = role;
}

// ---------------------------------------------------------------------------------------------
// The scan

function scan(doc: Doc): void {
  const { lines } = doc;
  const n = lines.length;
  let hasText = false;
  let i = 0;
  while (i < n) {
    const line = lines[i]!;
    if (line.blank) {
      i++;
      continue;
    }
    if (line.code) {
      hasText = true;
      i++;
      continue;
    }

    const header = replyHeaderLength(doc, i);
    if (header > 0 || (line.depth > 0 && isSeparatorLine(line.text))) {
      const next = afterHeader(doc, i, Math.max(header, 1), hasText);
      if (next < 0) return;
      i = next;
      continue;
    }

    if (line.depth > 0) {
      const end = quoteRegionEnd(doc, i);
      if (end >= n && hasText) {
        mark(doc, absorbAbove(doc, i), n, "quoted");
        return;
      }
      i = end; // a quote the reply answers, or a message that is only a quote: keep
      continue;
    }

    if (isSeparatorLine(line.text) || headerBlockEnd(doc, i) > 0) {
      if (hasText) {
        mark(doc, absorbAbove(doc, i), n, "quoted");
        return;
      }
      // A forward with no comment of its own: what was forwarded is the message.
      const end = forwardPreambleEnd(doc, i);
      mark(doc, i, end, "quoted");
      i = end;
      continue;
    }

    if (isStrongSignatureDelimiter(line.text)) {
      const end = nextHistoryStart(doc, i + 1);
      if (countText(doc, i + 1, end, 21) <= 20) {
        const history = absorbAbove(doc, end, i + 1);
        mark(doc, i, history, "signature");
        mark(doc, history, n, "quoted");
        return;
      }
    } else if (isRuleLine(line.text)) {
      const after = nextNonBlank(doc, i + 1);
      if (after < n && isHistoryStart(doc, after)) {
        i++; // the separator above a header block: the history branch takes it along
        continue;
      }
      if (hasText) {
        const end = nextHistoryStart(doc, i + 1);
        if (signatureLike(doc, i + 1, end)) {
          const history = absorbAbove(doc, end, i + 1);
          mark(doc, i, history, "signature");
          mark(doc, history, n, "quoted");
          return;
        }
      }
      i++;
      continue;
    } else if (isMobileSignature(line.text)) {
      const start = attachedNameLine(doc, i) ? i - 1 : i;
      let end = i + 1;
      while (end < n && (lines[end]!.blank || (lines[end]!.depth === 0 && isMobileSignature(lines[end]!.text)))) end++;
      mark(doc, start, end, "signature");
      mark(doc, end, n, "quoted"); // clients put the quoted mail, with or without a header, under it
      return;
    }

    hasText = true;
    i++;
  }
}

/**
 * A reply header (or a quoted "Begin forwarded message:") at line i, spanning `span` lines.
 * Marks what it decides and returns the line to continue from, or -1 when the rest is history.
 */
function afterHeader(doc: Doc, i: number, span: number, hasText: boolean): number {
  const n = doc.lines.length;
  const afterSpan = i + span;
  const k = nextNonBlank(doc, afterSpan);
  const cutRest = () => {
    mark(doc, absorbAbove(doc, i), n, "quoted");
    return -1;
  };
  if (k >= n) return cutRest();

  const quotedHeader = doc.lines[i]!.depth > 0;
  if (!quotedHeader && doc.lines[k]!.depth === 0) {
    // The header is followed by unquoted text: the quoted mail itself (Outlook, mobile clients)…
    if (hasText) return cutRest();
    // …unless nothing was written above it: then the reply was written under a stray header.
    mark(doc, i, afterSpan, "quoted");
    return k;
  }

  const end = quoteRegionEnd(doc, quotedHeader ? i : k);
  if (end >= n) return cutRest(); // top-posting: everything from the header down is history
  const tail = describeTail(doc, end);

  if (!hasText) {
    if (tail.quotes) {
      mark(doc, i, afterSpan, "quoted"); // inline answers: the first quote is their context
      return afterSpan;
    }
    mark(doc, i, end, "quoted"); // bottom-posting
    return end;
  }
  if (tail.history) return cutRest(); // an older mail of the thread follows
  if (tail.textLines === 0 || tail.signOffOnly) {
    mark(doc, i, end, "quoted"); // the reply's sign-off or signature was put under the quote
    return end;
  }
  if (tail.quotes || tail.textLines >= 5) {
    mark(doc, i, afterSpan, "quoted"); // inline answers
    return afterSpan;
  }
  return cutRest(); // a few lines under the quote: the quoted mail's footer
}

interface Tail {
  textLines: number;
  quotes: boolean;
  history: boolean;
  signOffOnly: boolean;
}

/** What follows a quote: more quotes, more history, how much text, only a sign-off? */
function describeTail(doc: Doc, from: number): Tail {
  const texts: string[] = [];
  let quotes = false;
  let history = false;
  for (let k = from; k < doc.lines.length; k++) {
    const line = doc.lines[k]!;
    if (line.blank) continue;
    if (line.code) {
      texts.push(line.text);
      continue;
    }
    if (line.depth > 0) {
      const regionStart = k === 0 || doc.lines[k - 1]!.depth === 0;
      if (regionStart && replyHeaderLength(doc, k) > 0) {
        history = true;
        break;
      }
      quotes = true;
      continue;
    }
    if (replyHeaderLength(doc, k) > 0 || isSeparatorLine(line.text) || headerBlockEnd(doc, k) > 0) {
      history = true;
      break;
    }
    if (isStrongSignatureDelimiter(line.text) || isMobileSignature(line.text)) break;
    if (isRuleLine(line.text)) continue;
    texts.push(line.text);
  }
  const signOffOnly =
    texts.length >= 1 &&
    texts.length <= 3 &&
    isSignOff(texts[0]!) &&
    texts.slice(1).every((t) => isNameLine(t) || isContactLine(t));
  return { textLines: texts.length, quotes, history, signOffOnly };
}

function forwardPreambleEnd(doc: Doc, from: number): number {
  let k = from;
  while (k < doc.lines.length) {
    const line = doc.lines[k]!;
    if (line.blank || (line.depth === 0 && (isSeparatorLine(line.text) || isRuleLine(line.text)))) {
      k++;
      continue;
    }
    const block = headerBlockEnd(doc, k);
    if (block === 0) break;
    k = block;
  }
  return k;
}

function countText(doc: Doc, from: number, to: number, enough: number): number {
  let count = 0;
  for (let k = from; k < to && count < enough; k++) if (!doc.lines[k]!.blank) count++;
  return count;
}

/** After a rule line: nothing but more rules, a short note, or contact details. */
function signatureLike(doc: Doc, from: number, to: number): boolean {
  const texts: string[] = [];
  for (let k = from; k < to; k++) {
    const line = doc.lines[k]!;
    if (line.blank || isRuleLine(line.text)) continue;
    if (line.depth > 0 || line.code) return false;
    texts.push(line.text.trim());
    if (texts.length > 12) return false;
  }
  if (texts.length === 0) return true;
  if (texts.length > 12) return false;
  if (texts.some(isContactLine)) return true;
  return texts.length <= 2 && texts.every((t) => t.length <= 40 && !/[?:]$/.test(t));
}

/** "Stavros Doe\nvia mobile": a name line directly above a mobile signature, after a blank line. */
function attachedNameLine(doc: Doc, i: number): boolean {
  if (i < 1) return false;
  const above = doc.lines[i - 1]!;
  return (
    above.depth === 0 && !above.blank && isNameLine(above.text) && (i < 2 || doc.lines[i - 2]!.blank)
  );
}

// ---------------------------------------------------------------------------------------------
// After the scan

/** A quote that ends the reply, under text of the sender's own, is history. */
function cutTrailingQuote(doc: Doc): void {
  const reply = doc.role.flatMap((r, k) => (r === "reply" && !doc.lines[k]!.blank ? [k] : []));
  const last = reply.at(-1);
  if (last === undefined || doc.lines[last]!.depth === 0) return;
  let start = last;
  for (let p = reply.length - 2; p >= 0 && doc.lines[reply[p]!]!.depth > 0; p--) start = reply[p]!;
  const textAbove = reply.some((k) => k < start && doc.lines[k]!.depth === 0);
  if (!textAbove) return;
  resign(doc, start, "quoted");
}

/** A sign-off with name and title lines, or a closing block of contact details. */
function cutClosingSignature(doc: Doc): void {
  const reply = doc.role.flatMap((r, k) => (r === "reply" && !doc.lines[k]!.blank ? [k] : []));
  if (reply.length < 3) return;
  const unquoted = (k: number) => doc.lines[k]!.depth === 0 && !doc.lines[k]!.code;
  const short = (k: number, max: number) => {
    const t = doc.lines[k]!.text.trim();
    return (t.length <= max || isContactLine(t)) && !isProse(t) && !/[:?,(]$/.test(t);
  };

  // "Regards,\n\nJohn Doe\nCEO @ Acme": a sign-off followed by two to six short lines.
  for (let p = Math.max(1, reply.length - 8); p < reply.length; p++) {
    const k = reply[p]!;
    const after = reply.slice(p + 1);
    if (!unquoted(k) || !isSignOff(doc.lines[k]!.text)) continue;
    if (after.length >= 2 && after.length <= 6 && after.every((a) => unquoted(a) && short(a, 60))) {
      resign(doc, k, "signature");
      return;
    }
  }

  // "Gina Doe\ngina@example.com\n(555) 346-9947\nwww.example.com": the closing paragraph.
  let start = reply.length - 1;
  while (start > 0 && reply[start - 1] === reply[start]! - 1) start--;
  const block = reply.slice(start);
  if (start === 0 || block.length < 3 || block.length > 8) return;
  if (!block.every((k) => unquoted(k) && short(k, 50))) return;
  if (!block.some((k) => isContactLine(doc.lines[k]!.text))) return;
  resign(doc, block[0]!, "signature");
}

/** Give every line of the reply from `from` on another role (lines already cut keep theirs). */
function resign(doc: Doc, from: number, role: Role): void {
  for (let k = from; k < doc.lines.length; k++) if (doc.role[k] === "reply") doc.role[k] = role;
}
