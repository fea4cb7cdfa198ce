import { addProp, localName, newNode, type SchemaNode, schemaCandidates, topLevelTypes } from "./schema";
import { elementChildren, resolveUrl, tokens } from "./text";
import type { Candidate } from "./types";

const URL_SRC = new Set(["AUDIO", "EMBED", "IFRAME", "IMG", "SOURCE", "TRACK", "VIDEO"]);
const URL_HREF = new Set(["A", "AREA", "LINK"]);

// Two authoring slips are common enough to forgive, because the author's intent is plain:
// an element with itemtype but no itemscope that holds properties of its own (schema.org's own
// example #eg-0427 has one), and an item with itemprop but no enclosing item (a snippet pasted out
// of its context). Browsers' strict reading would hand those properties to the wrong item or drop
// the item; we read them as the author meant.
function isItem(el: Element): boolean {
  if (el.hasAttribute("itemscope")) return true;
  if (!el.hasAttribute("itemtype") || el.tagName === "META" || el.tagName === "LINK") return false;
  return el.querySelector("[itemprop]") !== null;
}

function parentItem(el: Element): Element | null {
  for (let p = el.parentElement; p !== null; p = p.parentElement) if (isItem(p)) return p;
  return null;
}

/** The value of a microdata property element, per the HTML spec (plus the content attribute that schema.org examples and Google accept on any element). */
function propertyValue(el: Element, base: string): string {
  const content = el.getAttribute("content");
  if (content !== null) return content;
  const tag = el.tagName;
  if (URL_SRC.has(tag)) return resolveAttr(el, "src", base);
  if (URL_HREF.has(tag)) return resolveAttr(el, "href", base);
  if (tag === "OBJECT") return resolveAttr(el, "data", base);
  if (tag === "DATA" || tag === "METER") return el.getAttribute("value") ?? "";
  if (tag === "TIME") return el.getAttribute("datetime") ?? el.textContent ?? "";
  return el.textContent ?? "";
}

function resolveAttr(el: Element, attr: string, base: string): string {
  const v = el.getAttribute(attr);
  return v === null ? "" : resolveUrl(v, base);
}

/** Reads the microdata items of a document (or of a subtree) into schema nodes, per the HTML microdata algorithm (itemref included). */
export function microdataNodes(root: Document | Element, base: string): SchemaNode[] {
  const doc = root.nodeType === 9 ? (root as Document) : (root.ownerDocument as Document);
  const candidates = Array.from(root.querySelectorAll("[itemscope], [itemtype]")).filter(isItem);
  if (candidates.length === 0) return [];
  const referenced = new Set<string>();
  for (const el of Array.from(root.querySelectorAll("[itemref]"))) {
    for (const id of tokens(el.getAttribute("itemref"))) referenced.add(id);
  }

  const memo = new Map<Element, SchemaNode>();
  const building = new Set<Element>();

  const build = (itemEl: Element): SchemaNode => {
    const known = memo.get(itemEl);
    if (known) return known;
    const types = tokens(itemEl.getAttribute("itemtype")).map(localName);
    const node = newNode(types, itemEl.getAttribute("itemid"), itemEl);
    memo.set(itemEl, node);
    building.add(itemEl);
    // The crawl of the spec: the item's children and its itemref'd elements, depth first, not
    // entering nested items (they are values of their own itemprop, not sources of ours).
    const pending: Element[] = elementChildren(itemEl);
    for (const id of tokens(itemEl.getAttribute("itemref"))) {
      const ref = doc.getElementById(id);
      if (ref && ref !== itemEl) pending.push(ref);
    }
    const visited = new Set<Element>();
    const props: Element[] = [];
    while (pending.length > 0) {
      const el = pending.pop()!;
      if (visited.has(el)) continue;
      visited.add(el);
      if (el.hasAttribute("itemprop")) props.push(el);
      if (!isItem(el)) for (let c = el.firstElementChild; c !== null; c = c.nextElementSibling) pending.push(c);
    }
    props.sort((a, b) => (a.compareDocumentPosition(b) & 4 ? -1 : 1));
    for (const el of props) {
      const names = tokens(el.getAttribute("itemprop")).map(localName);
      let value: string | SchemaNode;
      if (isItem(el)) {
        // An item that (indirectly) contains itself through itemref would loop forever.
        value = building.has(el) ? (el.textContent ?? "") : build(el);
      } else {
        value = propertyValue(el, base);
      }
      for (const name of names) addProp(node, name, value);
    }
    building.delete(itemEl);
    return node;
  };

  const roots: SchemaNode[] = [];
  for (const el of candidates) {
    const hasProp = el.hasAttribute("itemprop");
    const dangling = hasProp && parentItem(el) === null && !(el.id !== "" && referenced.has(el.id));
    if (!hasProp || dangling) roots.push(build(el));
  }
  return roots;
}

/** Everything the microdata of a page says: the top-level items, their types, and the persons in them. */
export interface MicrodataReading {
  roots: SchemaNode[];
  topTypes: string[];
  candidates: Candidate[];
}

/** Reads the microdata of a document. */
export function readMicrodata(doc: Document, base: string): MicrodataReading {
  const roots = microdataNodes(doc, base);
  return { roots, topTypes: topLevelTypes(roots), candidates: schemaCandidates(roots, "microdata", base) };
}
