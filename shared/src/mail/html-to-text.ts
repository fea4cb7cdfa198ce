// Plain text from an HTML email body, for the reply trimmer and for showing a reply that came
// without a text/plain part. No DOM: a tolerant tag scanner that keeps the text, turns blocks into
// line breaks and <blockquote> into "> " quoting (so that trimReply sees quoted history the way a
// text client would write it), drops <head>, <style>, <script> and comments, and decodes entities.
// The result is text to be rendered as text: it never carries markup, whatever the input was.

const DROPPED = new Set(["script", "style", "head", "title", "template", "noscript", "xml", "svg", "object"]);
const TAG = /^<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)([^>]*)>$/;

const BLOCK = new Set([
  "address",
  "article",
  "aside",
  "body",
  "center",
  "dd",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figure",
  "footer",
  "form",
  "header",
  "html",
  "li",
  "main",
  "nav",
  "ol",
  "section",
  "table",
  "tbody",
  "tfoot",
  "thead",
  "tr",
  "ul",
]);
const PARAGRAPH = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "pre"]);
const CELL = new Set(["td", "th"]);

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ensp: " ",
  emsp: " ",
  thinsp: " ",
  shy: "",
  zwnj: "",
  zwj: "",
  copy: "©",
  reg: "®",
  trade: "™",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  lsquo: "‘",
  rsquo: "’",
  sbquo: "‚",
  ldquo: "“",
  rdquo: "”",
  bdquo: "„",
  laquo: "«",
  raquo: "»",
  bull: "•",
  middot: "·",
  euro: "€",
  pound: "£",
  yen: "¥",
  cent: "¢",
  deg: "°",
  times: "×",
  divide: "÷",
  para: "¶",
  sect: "§",
};

/** Decode HTML character references (named ones from a common subset, all numeric ones). */
export function decodeEntities(s: string): string {
  return s.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});?/g, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      if (!Number.isFinite(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\uFFFD";
      return code === 0xa0 ? " " : String.fromCodePoint(code);
    }
    const named = NAMED_ENTITIES[ref] ?? NAMED_ENTITIES[ref.toLowerCase()];
    if (named !== undefined) return named;
    // Latin letters with accents: &eacute; &Uuml; &ccedil; &ntilde; &aring; …
    const accent = /^([a-zA-Z])(acute|grave|circ|uml|tilde|cedil|ring|caron)$/.exec(ref);
    if (accent) {
      const marks: Record<string, string> = {
        acute: "\u0301",
        grave: "\u0300",
        circ: "\u0302",
        uml: "\u0308",
        tilde: "\u0303",
        cedil: "\u0327",
        ring: "\u030A",
        caron: "\u030C",
      };
      return (accent[1]! + marks[accent[2]!]!).normalize("NFC");
    }
    return whole;
  });
}

function attribute(attrs: string, name: string): string | null {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(attrs);
  return m ? decodeEntities(m[1] ?? m[2] ?? m[3] ?? "") : null;
}

interface OutLine {
  depth: number;
  parts: string[];
  /** Has something other than whitespace been written? */
  filled: boolean;
  /** Does the written text end with a space (so the next run's leading space is dropped)? */
  spaced: boolean;
}

/** The text of an HTML email body: blocks on their own lines, blockquotes quoted with "> ". */
export function htmlToText(html: string): string {
  const source = html;
  let depth = 0;
  let pre = 0;
  const out: OutLine[] = [];
  const newLine = () => {
    out.push({ depth, parts: [], filled: false, spaced: true });
  };
  newLine();
  const current = () => out[out.length - 1]!;
  const breakLine = () => {
    if (current().filled) newLine();
    else current().depth = depth;
  };
  const blankLine = () => {
    breakLine();
    const previous = out[out.length - 2];
    // A paragraph is set off by an empty line, except where a quote level already sets it off.
    if (previous?.filled && previous.depth === depth) newLine();
  };
  const append = (text: string) => {
    if (text === "") return;
    const line = current();
    line.parts.push(text);
    line.filled ||= text.trim() !== "";
    line.spaced = text.endsWith(" ") || text.endsWith("\t");
  };
  const write = (raw: string) => {
    if (raw === "") return;
    if (pre > 0) {
      decodeEntities(raw)
        .split(/\r?\n/)
        .forEach((part, n) => {
          if (n > 0) newLine();
          append(part);
        });
      return;
    }
    // Runs of whitespace are one space, and none at the start of a line, as a browser shows them.
    const text = decodeEntities(raw.replace(/[ \t\r\n\f]+/g, " "));
    append(current().spaced ? text.replace(/^ /, "") : text);
  };

  const links: { href: string | null; line: number; part: number }[] = [];
  // A hand-rolled scanner rather than one global regex: every search moves forward, so no input
  // ("<a<a<a…", "<3 <3 … >", an unclosed "<!--") can make it quadratic.
  let pos = 0;
  let gt = -1; // the first ">" at or after the current "<" (reused while still ahead)
  while (pos < source.length) {
    const lt = source.indexOf("<", pos);
    if (lt < 0) break;
    if (source.startsWith("<!--", lt)) {
      write(source.slice(pos, lt));
      const close = source.indexOf("-->", lt + 4);
      pos = close < 0 ? source.length : close + 3;
      continue;
    }
    if (gt < lt) gt = source.indexOf(">", lt);
    if (gt < 0) break;
    const head = source.slice(lt, lt + 3);
    if (/^<[!?]/.test(head)) {
      write(source.slice(pos, lt)); // <!DOCTYPE …>, <![CDATA[…]]>, <?xml …?>
      pos = gt + 1;
      continue;
    }
    const tag = /^<\/?[a-zA-Z]/.test(head) ? TAG.exec(source.slice(lt, gt + 1)) : null;
    if (!tag) {
      write(source.slice(pos, lt + 1)); // "a < b" is text
      pos = lt + 1;
      continue;
    }
    write(source.slice(pos, lt));
    pos = gt + 1;
    const closing = tag[1] === "/";
    const name = tag[2]!.toLowerCase();
    const attrs = tag[3] ?? "";
    if (DROPPED.has(name)) {
      if (!closing) {
        // Skip to the element's end tag; without one, nothing after it is text.
        const end = new RegExp(`</${name}\\s*>`, "gi");
        end.lastIndex = pos;
        pos = end.exec(source) ? end.lastIndex : source.length;
      }
      continue;
    }
    if (name === "br") newLine();
    else if (name === "hr") {
      breakLine();
      append("________________________________");
      newLine();
    } else if (name === "blockquote") {
      breakLine();
      depth = Math.max(0, depth + (closing ? -1 : 1));
      current().depth = depth;
    } else if (PARAGRAPH.has(name)) {
      if (name === "pre") pre = Math.max(0, pre + (closing ? -1 : 1));
      blankLine();
    } else if (BLOCK.has(name)) {
      breakLine();
      if (name === "li" && !closing) append("- ");
    } else if (CELL.has(name) && !closing) {
      if (current().filled) append("\t");
    } else if (name === "img" && !closing) {
      const alt = attribute(attrs, "alt");
      if (alt?.trim()) write(`[${alt.trim()}]`);
    } else if (name === "a" && !closing) {
      links.push({ href: attribute(attrs, "href"), line: out.length - 1, part: current().parts.length });
    } else if (name === "a") {
      // Keep a web link's address when its text does not show it ("my portfolio <https://…>").
      const link = links.pop();
      if (link?.href && /^https?:\/\//i.test(link.href)) {
        let shown = "";
        for (let n = link.line; n < out.length && shown.length < 2000; n++) {
          const parts = out[n]!.parts;
          for (let p = n === link.line ? link.part : 0; p < parts.length && shown.length < 2000; p++) {
            shown += parts[p];
          }
          shown += " ";
        }
        const bare = link.href.replace(/^https?:\/\//i, "").replace(/\/$/, "");
        if (!shown.includes(bare)) write(` <${link.href}>`);
      }
    }
  }
  write(source.slice(pos));

  const lines = out.map(({ depth: d, parts }) => {
    const t = parts.join("").replace(/[ \t]+$/, "");
    return d > 0 ? `${"> ".repeat(d)}${t}`.trimEnd() : t;
  });
  return lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
