import { addProp, localName, newNode, type SchemaNode, schemaCandidates, topLevelTypes } from "./schema";
import type { Candidate } from "./types";

const MAX_SCRIPT = 2_000_000;
const MAX_DEPTH = 64;

/** Parses JSON the way pages actually write it in ld+json blocks: tolerates JS and HTML comments, CDATA wrappers, trailing commas, raw control characters inside strings, repeated keys (their values are kept together) and several values in a row. Returns the values it could read ([] for none). */
export function parseLooseJson(raw: string): unknown[] {
  const p = new LooseJson(raw);
  const out: unknown[] = [];
  while (p.more()) {
    const start = p.pos;
    try {
      out.push(p.value(0));
    } catch {
      // Drop the whole broken value (not just up to the error: its inner objects would come back
      // as top-level nodes, an article's author as a person of its own) and go on after it.
      p.pos = p.endOf(start);
    }
  }
  return out;
}

class JsonSyntaxError extends Error {}

/** A small recursive-descent JSON reader; strict enough to reject junk, lax where pages are sloppy. */
class LooseJson {
  pos = 0;
  constructor(private readonly s: string) {}

  more(): boolean {
    this.skip();
    if (this.pos < this.s.length && !/[[{"\d-]/.test(this.s[this.pos]!)) this.seekValue();
    return this.pos < this.s.length;
  }

  /** Moves to the next "{" or "[" (junk between values, e.g. a stray word). */
  seekValue(): void {
    while (this.pos < this.s.length && this.s[this.pos] !== "{" && this.s[this.pos] !== "[") this.pos++;
  }

  /** The position after the bracketed value starting at `start` (strings skipped), or the end. */
  endOf(start: number): number {
    const s = this.s;
    let depth = 0;
    let inString = false;
    for (let i = start; i < s.length; i++) {
      const c = s[i];
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") {
        depth--;
        if (depth <= 0) return i + 1;
      }
    }
    return s.length;
  }

  private fail(): never {
    throw new JsonSyntaxError(`bad JSON at ${this.pos}`);
  }

  /** Skips whitespace, // and /* comments, <!-- --> markers and CDATA wrappers. */
  private skip(): void {
    const s = this.s;
    for (;;) {
      const c = s[this.pos];
      if (c === undefined) return;
      if (c === " " || c === "\n" || c === "\r" || c === "\t" || c === "\uFEFF" || c === "\u00A0") this.pos++;
      else if (c === "/" && s[this.pos + 1] === "/") {
        while (this.pos < s.length && s[this.pos] !== "\n") this.pos++;
      } else if (c === "/" && s[this.pos + 1] === "*") {
        const end = s.indexOf("*/", this.pos + 2);
        this.pos = end < 0 ? s.length : end + 2;
      } else if (s.startsWith("<!--", this.pos)) {
        const end = s.indexOf("-->", this.pos + 4);
        this.pos = end < 0 ? s.length : end + 3;
      } else if (s.startsWith("-->", this.pos)) this.pos += 3;
      else if (s.startsWith("<![CDATA[", this.pos)) this.pos += 9;
      else if (s.startsWith("]]>", this.pos)) this.pos += 3;
      else return;
    }
  }

  value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail();
    this.skip();
    const c = this.s[this.pos];
    if (c === "{") return this.object(depth);
    if (c === "[") return this.array(depth);
    if (c === '"') return this.string();
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.number();
    for (const [word, v] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (this.s.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    return this.fail();
  }

  private object(depth: number): Record<string, unknown> {
    this.pos++;
    // A null-prototype object: a key named "__proto__" is data, not a prototype.
    const obj: Record<string, unknown> = Object.create(null);
    for (;;) {
      this.skip();
      const c = this.s[this.pos];
      if (c === "}") {
        this.pos++;
        return obj;
      }
      if (c === ",") {
        this.pos++;
        continue;
      }
      if (c !== '"') this.fail();
      const key = this.string();
      this.skip();
      if (this.s[this.pos] !== ":") this.fail();
      this.pos++;
      const v = this.value(depth + 1);
      if (Object.hasOwn(obj, key)) {
        // {"ccRecipient": A, "ccRecipient": B}: JSON.parse would keep only B; the author meant both.
        const prev = obj[key];
        obj[key] = [...(Array.isArray(prev) ? prev : [prev]), ...(Array.isArray(v) ? v : [v])];
      } else obj[key] = v;
    }
  }

  private array(depth: number): unknown[] {
    this.pos++;
    const arr: unknown[] = [];
    for (;;) {
      this.skip();
      const c = this.s[this.pos];
      if (c === undefined) this.fail();
      if (c === "]") {
        this.pos++;
        return arr;
      }
      if (c === ",") {
        this.pos++;
        continue;
      }
      arr.push(this.value(depth + 1));
    }
  }

  private string(): string {
    const s = this.s;
    this.pos++;
    let out = "";
    let chunk = this.pos;
    for (;;) {
      const c = s[this.pos];
      if (c === undefined) this.fail();
      if (c === '"') {
        out += s.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c === "\\") {
        out += s.slice(chunk, this.pos);
        const e = s[this.pos + 1];
        this.pos += 2;
        if (e === "u") {
          const hex = s.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail();
          out += String.fromCharCode(Number.parseInt(hex, 16));
          this.pos += 4;
        } else {
          out += ESCAPES[e ?? ""] ?? e ?? "";
        }
        chunk = this.pos;
        continue;
      }
      // Raw control characters (a newline inside a string) are kept as they are.
      this.pos++;
    }
  }

  private number(): number {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.s.slice(this.pos, this.pos + 64));
    if (!m) this.fail();
    this.pos += m[0].length;
    return Number(m[0]);
  }
}

const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The JSON-LD blocks of a document, parsed leniently. */
export function jsonLdBlocks(doc: Document): unknown[] {
  const out: unknown[] = [];
  for (const script of Array.from(doc.querySelectorAll("script[type]"))) {
    const type = (script.getAttribute("type") ?? "").split(";")[0]?.trim().toLowerCase();
    if (type !== "application/ld+json") continue;
    const text = script.textContent ?? "";
    if (text.length > MAX_SCRIPT) continue;
    out.push(...parseLooseJson(text));
  }
  return out;
}

/** Converts parsed JSON-LD into top-level schema nodes: @graph and arrays flattened, @id references resolved to one shared node, @value/@list unwrapped. */
export function jsonLdNodes(blocks: readonly unknown[]): SchemaNode[] {
  // Objects are collected first so that a reference ({"@id": "#p"}) and the full node it names
  // become one SchemaNode, whichever comes first in the page.
  const byId = new Map<string, SchemaNode>();
  const tops: Record<string, Json>[] = [];
  const collectTops = (v: unknown, depth: number) => {
    if (depth > MAX_DEPTH) return;
    if (Array.isArray(v)) for (const x of v) collectTops(x, depth + 1);
    else if (isObject(v)) {
      const graph = v["@graph"];
      if (graph !== undefined) {
        collectTops(graph, depth + 1);
        // A block with @graph may also describe itself (rare); keep it if it has a type.
        if (v["@type"] !== undefined) tops.push(v);
      } else {
        tops.push(v);
      }
    }
  };
  for (const b of blocks) collectTops(b, 0);

  const nodeFor = (obj: Record<string, Json>): SchemaNode => {
    const id = typeof obj["@id"] === "string" ? obj["@id"] : null;
    if (id !== null) {
      const known = byId.get(id);
      if (known) return known;
    }
    const node = newNode([], id, null);
    if (id !== null) byId.set(id, node);
    return node;
  };

  const filled = new Set<Record<string, Json>>();
  const fill = (obj: Record<string, Json>, depth: number): SchemaNode => {
    const node = nodeFor(obj);
    if (filled.has(obj) || depth > MAX_DEPTH) return node;
    filled.add(obj);
    const type = obj["@type"];
    for (const t of Array.isArray(type) ? type : [type]) {
      if (typeof t === "string" && t.trim() !== "") {
        const name = localName(t);
        if (!node.types.includes(name)) node.types.push(name);
      }
    }
    for (const key of Object.keys(obj)) {
      if (key.startsWith("@")) continue;
      const prop = localName(key);
      for (const value of values(obj[key], depth)) addProp(node, prop, value);
    }
    return node;
  };

  const values = (v: Json | undefined, depth: number): (string | SchemaNode)[] => {
    if (v === undefined || v === null) return [];
    if (typeof v === "string") return [v];
    if (typeof v === "number" || typeof v === "boolean") return [String(v)];
    if (Array.isArray(v)) return v.flatMap((x) => values(x, depth + 1));
    if ("@value" in v) return values(v["@value"], depth + 1);
    if ("@list" in v) return values(v["@list"], depth + 1);
    if ("@set" in v) return values(v["@set"], depth + 1);
    return [fill(v, depth + 1)];
  };

  const roots: SchemaNode[] = [];
  for (const top of tops) {
    const node = fill(top, 0);
    if (!roots.includes(node)) roots.push(node);
  }
  return roots;
}

/** Everything the JSON-LD of a page says: the top-level nodes, their types, and the persons in them. */
export interface JsonLdReading {
  roots: SchemaNode[];
  topTypes: string[];
  candidates: Candidate[];
}

/** Reads the JSON-LD of a document. */
export function readJsonLd(doc: Document, base: string): JsonLdReading {
  const roots = jsonLdNodes(jsonLdBlocks(doc));
  return { roots, topTypes: topLevelTypes(roots), candidates: schemaCandidates(roots, "json-ld", base) };
}
