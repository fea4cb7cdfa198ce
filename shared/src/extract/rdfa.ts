import { addProp, localName, newNode, type SchemaNode, schemaCandidates, topLevelTypes } from "./schema";
import { elementChildren, resolveUrl, tokens } from "./text";
import type { Candidate } from "./types";

// RDFa Lite only (vocab, typeof, property, resource, prefix): that is what schema.org's RDFa
// examples and CMS themes (Drupal, WordPress plugins) emit for people. Full RDFa (rel/rev chaining,
// about without typeof, datatypes) describes documents, not people, and is not read.

const DEFAULT_PREFIXES: Record<string, string> = {
  schema: "http://schema.org/",
  foaf: "http://xmlns.com/foaf/0.1/",
  og: "http://ogp.me/ns#",
  dc: "http://purl.org/dc/terms/",
  dcterms: "http://purl.org/dc/terms/",
  vcard: "http://www.w3.org/2006/vcard/ns#",
};

const SCHEMA_OR_FOAF = /^https?:\/\/(?:www\.)?schema\.org\/|^http:\/\/xmlns\.com\/foaf\/0\.1\//;

// FOAF says the same things as schema.org under other names; mapped so one person reader serves both.
const FOAF_TO_SCHEMA: Record<string, string> = {
  mbox: "email",
  phone: "telephone",
  homepage: "url",
  weblog: "url",
  img: "image",
  depiction: "image",
  givenname: "givenName",
  firstName: "givenName",
  family_name: "familyName",
  lastName: "familyName",
  surname: "familyName",
  based_near: "homeLocation",
  workplaceHomepage: "worksFor",
};

interface Scope {
  vocab: string;
  prefixes: Record<string, string>;
}

function scopeOf(el: Element): Scope {
  let vocab = "";
  const prefixes: Record<string, string> = { ...DEFAULT_PREFIXES };
  const chain: Element[] = [];
  for (let p: Element | null = el; p !== null; p = p.parentElement) chain.push(p);
  for (const p of chain.reverse()) {
    const v = p.getAttribute("vocab");
    if (v !== null) vocab = v.trim();
    for (const attr of Array.from(p.attributes)) {
      if (attr.name.startsWith("xmlns:")) prefixes[attr.name.slice(6)] = attr.value.trim();
    }
    const prefix = p.getAttribute("prefix");
    if (prefix) {
      const parts = tokens(prefix);
      for (let i = 0; i + 1 < parts.length; i += 2) {
        const name = parts[i]!.replace(/:$/, "");
        prefixes[name] = parts[i + 1]!;
      }
    }
  }
  return { vocab, prefixes };
}

function expand(term: string, scope: Scope): string {
  const m = /^([A-Za-z_][\w.-]*):(.*)$/.exec(term);
  if (m?.[1] !== undefined && m[2] !== undefined && !m[2].startsWith("//")) {
    const ns = scope.prefixes[m[1]];
    if (ns !== undefined) return ns + m[2];
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(term)) return term;
  return scope.vocab + term;
}

function termName(iri: string): string {
  const local = localName(iri);
  if (/^http:\/\/xmlns\.com\/foaf\/0\.1\//.test(iri)) return FOAF_TO_SCHEMA[local] ?? local;
  return local;
}

function propertyValue(el: Element, base: string): string {
  const content = el.getAttribute("content");
  if (content !== null) return content;
  for (const attr of ["href", "src", "resource", "data"]) {
    const v = el.getAttribute(attr);
    if (v !== null && (attr !== "resource" || !el.hasAttribute("typeof"))) return resolveUrl(v, base);
  }
  if (el.tagName === "TIME") return el.getAttribute("datetime") ?? el.textContent ?? "";
  return el.textContent ?? "";
}

/** Reads RDFa Lite typed resources (elements with typeof) of schema.org or FOAF into schema nodes; nested typed resources become property values. */
export function rdfaNodes(doc: Document, base: string): SchemaNode[] {
  const typed = Array.from(doc.querySelectorAll("[typeof]"));
  if (typed.length === 0) return [];
  const memo = new Map<Element, SchemaNode>();

  const build = (el: Element): SchemaNode => {
    const known = memo.get(el);
    if (known) return known;
    const scope = scopeOf(el);
    const types = tokens(el.getAttribute("typeof"))
      .map((t) => expand(t, scope))
      .filter((iri) => SCHEMA_OR_FOAF.test(iri))
      .map(localName);
    const id = el.getAttribute("resource") ?? el.getAttribute("about");
    const node = newNode(types, id === null ? null : resolveUrl(id, base), el);
    memo.set(el, node);
    const stack: Element[] = elementChildren(el).reverse();
    while (stack.length > 0) {
      const child = stack.pop()!;
      const props = tokens(child.getAttribute("property"));
      const nested = child.hasAttribute("typeof");
      if (props.length > 0) {
        const childScope = scopeOf(child);
        const value = nested ? build(child) : propertyValue(child, base);
        for (const p of props) {
          const iri = expand(p, childScope);
          if (SCHEMA_OR_FOAF.test(iri)) addProp(node, termName(iri), value);
        }
      }
      if (!nested) for (let c = child.lastElementChild; c !== null; c = c.previousElementSibling) stack.push(c);
    }
    return node;
  };

  const roots: SchemaNode[] = [];
  for (const el of typed) {
    // A typed element that is a property of an enclosing typed element is that one's value.
    let owner: Element | null = null;
    for (let p = el.parentElement; p !== null; p = p.parentElement) {
      if (p.hasAttribute("typeof")) {
        owner = p;
        break;
      }
    }
    if (owner === null || !el.hasAttribute("property")) roots.push(build(el));
  }
  return roots.filter((n) => n.types.length > 0);
}

/** Everything the RDFa Lite of a page says: the top-level resources, their types, and the persons in them. */
export interface RdfaReading {
  roots: SchemaNode[];
  topTypes: string[];
  candidates: Candidate[];
}

/** Reads the RDFa Lite of a document. */
export function readRdfa(doc: Document, base: string): RdfaReading {
  const roots = rdfaNodes(doc, base);
  return { roots, topTypes: topLevelTypes(roots), candidates: schemaCandidates(roots, "rdfa", base) };
}
