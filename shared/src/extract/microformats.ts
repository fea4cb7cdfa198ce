import { splitName } from "../normalize";
import { countryFromLocation } from "./country";
import { cleanCompany, cleanEmail, cleanPhone, cleanText, clip, dedupe, elementChildren, httpUrl, resolveUrl, tokens } from "./text";
import type { Candidate, CandidateRole, ProfileDraft } from "./types";

// A microformats2 parser (https://microformats.org/wiki/microformats2-parsing) with the backward
// compatible reading of classic hCard (vcard, adr, geo). It returns the parser's canonical JSON
// shape so it can be checked against the microformats test suite; hCardCandidates then reads
// people out of it.

/** A parsed microformat: the canonical mf2 JSON shape, plus the element it was read from. */
export interface MfItem {
  type: string[];
  properties: Record<string, MfValue[]>;
  children?: MfItem[];
  /** Set when the item is a property value: the property's own value. */
  value?: string;
  element: Element;
}
/** An image property with alt text. */
export interface MfImage {
  value: string;
  alt: string;
}
/** A property value: text/URL, an image with alt, or a nested microformat. */
export type MfValue = string | MfImage | MfItem;

/** Parser output: the top-level items and the rel values of the page. */
export interface MfDocument {
  items: MfItem[];
  rels: Record<string, string[]>;
}

const MF2_ROOT = /^h-(?:[a-z0-9]+-)?[a-z]+(?:-[a-z]+)*$/;
const MF2_PROP = /^(p|u|dt|e)-((?:[a-z0-9]+-)?[a-z]+(?:-[a-z]+)*)$/;

type Prefix = "p" | "u" | "dt" | "e";
interface PropClass {
  prefix: Prefix;
  name: string;
}

const BACKCOMPAT_ROOTS: Record<string, string> = { vcard: "h-card", adr: "h-adr", geo: "h-geo" };
const ADR_PROPS: Record<string, PropClass> = {
  "post-office-box": { prefix: "p", name: "post-office-box" },
  "extended-address": { prefix: "p", name: "extended-address" },
  "street-address": { prefix: "p", name: "street-address" },
  locality: { prefix: "p", name: "locality" },
  region: { prefix: "p", name: "region" },
  "postal-code": { prefix: "p", name: "postal-code" },
  "country-name": { prefix: "p", name: "country-name" },
};
const BACKCOMPAT_PROPS: Record<string, Record<string, PropClass>> = {
  "h-card": {
    fn: { prefix: "p", name: "name" },
    "honorific-prefix": { prefix: "p", name: "honorific-prefix" },
    "given-name": { prefix: "p", name: "given-name" },
    "additional-name": { prefix: "p", name: "additional-name" },
    "family-name": { prefix: "p", name: "family-name" },
    "honorific-suffix": { prefix: "p", name: "honorific-suffix" },
    nickname: { prefix: "p", name: "nickname" },
    email: { prefix: "u", name: "email" },
    logo: { prefix: "u", name: "logo" },
    photo: { prefix: "u", name: "photo" },
    url: { prefix: "u", name: "url" },
    uid: { prefix: "u", name: "uid" },
    category: { prefix: "p", name: "category" },
    adr: { prefix: "p", name: "adr" },
    label: { prefix: "p", name: "label" },
    geo: { prefix: "p", name: "geo" },
    tel: { prefix: "p", name: "tel" },
    note: { prefix: "p", name: "note" },
    bday: { prefix: "dt", name: "bday" },
    key: { prefix: "u", name: "key" },
    org: { prefix: "p", name: "org" },
    "organization-name": { prefix: "p", name: "organization-name" },
    "organization-unit": { prefix: "p", name: "organization-unit" },
    title: { prefix: "p", name: "job-title" },
    role: { prefix: "p", name: "role" },
    tz: { prefix: "p", name: "tz" },
    rev: { prefix: "dt", name: "rev" },
    sound: { prefix: "u", name: "sound" },
    mailer: { prefix: "p", name: "mailer" },
    agent: { prefix: "p", name: "agent" },
    "sort-string": { prefix: "p", name: "sort-string" },
    class: { prefix: "p", name: "class" },
  },
  "h-adr": ADR_PROPS,
  "h-geo": {
    latitude: { prefix: "p", name: "latitude" },
    longitude: { prefix: "p", name: "longitude" },
  },
};

interface RootInfo {
  types: string[];
  backcompat: boolean;
}

function rootOf(classes: string[]): RootInfo | null {
  const mf2 = classes.filter((c) => MF2_ROOT.test(c));
  if (mf2.length > 0) return { types: dedupe(mf2, (c) => c).sort(), backcompat: false };
  const old = classes.map((c) => BACKCOMPAT_ROOTS[c]).filter((t): t is string => t !== undefined);
  if (old.length > 0) return { types: dedupe(old, (c) => c).sort(), backcompat: true };
  return null;
}

function propsOf(el: Element, classes: string[], backcompatType: string | null): PropClass[] {
  if (backcompatType === null) {
    const out: PropClass[] = [];
    for (const c of classes) {
      const m = MF2_PROP.exec(c);
      if (m?.[1] && m[2]) out.push({ prefix: m[1] as Prefix, name: m[2] });
    }
    return dedupe(out, (p) => `${p.prefix}-${p.name}`);
  }
  const table = BACKCOMPAT_PROPS[backcompatType] ?? {};
  const out: PropClass[] = [];
  for (const c of classes) {
    const p = Object.hasOwn(table, c) ? table[c] : undefined;
    if (p) out.push(p);
  }
  // hCard reads rel=tag links as categories.
  if (backcompatType === "h-card" && el.tagName === "A" && tokens(el.getAttribute("rel")).includes("tag")) {
    if (!out.some((p) => p.name === "category")) out.push({ prefix: "p", name: "category" });
  }
  return dedupe(out, (p) => `${p.prefix}-${p.name}`);
}

function classesOf(el: Element): string[] {
  return tokens(el.getAttribute("class"));
}

class Parser {
  constructor(private readonly base: string) {}

  parseDocument(root: Document | Element): MfDocument {
    const items: MfItem[] = [];
    const start = root.nodeType === 9 ? (root as Document).documentElement : (root as Element);
    if (start) this.findRoots(start, items);
    return { items, rels: this.rels(root) };
  }

  private findRoots(el: Element, out: MfItem[]): void {
    const root = rootOf(classesOf(el));
    if (root) {
      out.push(this.parseItem(el, root));
      return;
    }
    for (let c = el.firstElementChild; c !== null; c = c.nextElementSibling) this.findRoots(c, out);
  }

  private rels(root: Document | Element): Record<string, string[]> {
    const rels: Record<string, string[]> = Object.create(null);
    for (const el of Array.from(root.querySelectorAll("a[rel][href], link[rel][href], area[rel][href]"))) {
      const href = resolveUrl(el.getAttribute("href") ?? "", this.base);
      for (const rel of tokens(el.getAttribute("rel")?.toLowerCase())) {
        const list = rels[rel] ?? [];
        if (!list.includes(href)) list.push(href);
        rels[rel] = list;
      }
    }
    return rels;
  }

  /** Parses one root element (an h-card found by a selector) as the full parser would. */
  parseAt(el: Element): MfItem | null {
    const root = rootOf(classesOf(el));
    return root ? this.parseItem(el, root) : null;
  }

  private parseItem(el: Element, root: RootInfo): MfItem {
    const item: MfItem = { type: root.types, properties: Object.create(null), element: el };
    const state = { children: [] as MfItem[], hasP: false, hasU: false, hasE: false, nested: false };
    const backcompatType = root.backcompat ? (root.types[0] ?? null) : null;
    for (let c = el.firstElementChild; c !== null; c = c.nextElementSibling) this.walk(c, item, state, backcompatType);
    if (!root.backcompat) this.implied(el, item, state);
    if (state.children.length > 0) item.children = state.children;
    return item;
  }

  private add(item: MfItem, name: string, value: MfValue): void {
    const list = item.properties[name];
    if (list) list.push(value);
    else item.properties[name] = [value];
  }

  private walk(
    el: Element,
    item: MfItem,
    state: { children: MfItem[]; hasP: boolean; hasU: boolean; hasE: boolean; nested: boolean },
    backcompatType: string | null,
  ): void {
    const classes = classesOf(el);
    const root = rootOf(classes);
    const props = propsOf(el, classes, backcompatType);
    if (root) {
      const nested = this.parseItem(el, root);
      state.nested = true;
      if (props.length === 0) {
        state.children.push(nested);
        return;
      }
      for (const prop of props) {
        this.mark(state, prop.prefix);
        let value: string;
        if (prop.prefix === "p") value = stringValue(nested.properties.name?.[0]) ?? this.pValue(el);
        else if (prop.prefix === "u") value = stringValue(nested.properties.url?.[0]) ?? this.uString(el);
        else if (prop.prefix === "dt") value = this.dtValue(el);
        else value = textContent(el, this.base, false);
        this.add(item, prop.name, { ...nested, value });
      }
      return;
    }
    for (const prop of props) {
      this.mark(state, prop.prefix);
      if (prop.prefix === "p") {
        if (backcompatType === "h-card" && prop.name === "category" && el.tagName === "A") {
          const tag = tagFromHref(el.getAttribute("href"));
          this.add(item, prop.name, tag ?? this.pValue(el));
        } else {
          this.add(item, prop.name, this.pValue(el));
        }
      } else if (prop.prefix === "u") this.add(item, prop.name, this.uValue(el, backcompatType === null));
      else if (prop.prefix === "dt") this.add(item, prop.name, this.dtValue(el));
      else this.add(item, prop.name, textContent(el, this.base, false));
    }
    for (let c = el.firstElementChild; c !== null; c = c.nextElementSibling) this.walk(c, item, state, backcompatType);
  }

  private mark(state: { hasP: boolean; hasU: boolean; hasE: boolean }, prefix: Prefix): void {
    if (prefix === "p") state.hasP = true;
    else if (prefix === "u") state.hasU = true;
    else if (prefix === "e") state.hasE = true;
  }

  /** The value class pattern: the concatenated values of descendant .value/.value-title elements, or null. */
  private valueClass(el: Element): string | null {
    const found: string[] = [];
    const visit = (node: Element) => {
      for (const child of elementChildren(node)) {
        const classes = classesOf(child);
        if (rootOf(classes)) continue;
        if (classes.includes("value-title")) {
          found.push(child.getAttribute("title") ?? "");
          continue;
        }
        if (classes.includes("value")) {
          const tag = child.tagName;
          if ((tag === "IMG" || tag === "AREA") && child.hasAttribute("alt")) found.push(child.getAttribute("alt") ?? "");
          else if (tag === "DATA") found.push(child.getAttribute("value") ?? child.textContent ?? "");
          else if (tag === "ABBR") found.push(child.getAttribute("title") ?? child.textContent ?? "");
          else found.push(child.textContent ?? "");
          continue;
        }
        visit(child);
      }
    };
    visit(el);
    return found.length > 0 ? found.join("") : null;
  }

  private pValue(el: Element): string {
    const vcp = this.valueClass(el);
    if (vcp !== null) return vcp;
    const tag = el.tagName;
    if ((tag === "ABBR" || tag === "LINK") && el.hasAttribute("title")) return el.getAttribute("title") ?? "";
    if ((tag === "DATA" || tag === "INPUT") && el.hasAttribute("value")) return el.getAttribute("value") ?? "";
    if ((tag === "IMG" || tag === "AREA") && el.hasAttribute("alt")) return el.getAttribute("alt") ?? "";
    return textContent(el, this.base, true);
  }

  private uString(el: Element): string {
    const v = this.uValue(el, false);
    return typeof v === "string" ? v : v.value;
  }

  private uValue(el: Element, withAlt: boolean): string | MfImage {
    const tag = el.tagName;
    const attr = (name: string) => resolveUrl(el.getAttribute(name) ?? "", this.base);
    if ((tag === "A" || tag === "AREA" || tag === "LINK") && el.hasAttribute("href")) return attr("href");
    if (tag === "IMG" && el.hasAttribute("src")) {
      const src = attr("src");
      return withAlt && el.hasAttribute("alt") ? { value: src, alt: el.getAttribute("alt") ?? "" } : src;
    }
    if ((tag === "AUDIO" || tag === "VIDEO" || tag === "SOURCE" || tag === "IFRAME") && el.hasAttribute("src")) return attr("src");
    if (tag === "VIDEO" && el.hasAttribute("poster")) return attr("poster");
    if (tag === "OBJECT" && el.hasAttribute("data")) return attr("data");
    const vcp = this.valueClass(el);
    if (vcp !== null) return resolveUrl(vcp, this.base);
    if (tag === "ABBR" && el.hasAttribute("title")) return resolveUrl(el.getAttribute("title") ?? "", this.base);
    if ((tag === "DATA" || tag === "INPUT") && el.hasAttribute("value")) return resolveUrl(el.getAttribute("value") ?? "", this.base);
    return resolveUrl(textContent(el, this.base, false), this.base);
  }

  private dtValue(el: Element): string {
    const vcp = this.valueClass(el);
    if (vcp !== null) return vcp;
    const tag = el.tagName;
    if ((tag === "TIME" || tag === "INS" || tag === "DEL") && el.hasAttribute("datetime")) return el.getAttribute("datetime") ?? "";
    if (tag === "ABBR" && el.hasAttribute("title")) return el.getAttribute("title") ?? "";
    if ((tag === "DATA" || tag === "INPUT") && el.hasAttribute("value")) return el.getAttribute("value") ?? "";
    return textContent(el, this.base, false);
  }

  private implied(el: Element, item: MfItem, state: { hasP: boolean; hasU: boolean; hasE: boolean; nested: boolean }): void {
    const props = item.properties;
    if (!props.name && !state.hasP && !state.hasE && !state.nested) {
      this.add(item, "name", this.impliedName(el));
    }
    if (!props.photo && !state.hasU && !state.nested) {
      const photo = this.impliedPhoto(el);
      if (photo !== null) this.add(item, "photo", photo);
    }
    if (!props.url && !state.hasU && !state.nested) {
      const url = this.impliedUrl(el);
      if (url !== null) this.add(item, "url", url);
    }
  }

  private impliedName(el: Element): string {
    const fromSelf = nameFrom(el);
    if (fromSelf !== null) return fromSelf;
    const only = onlyChild(el);
    if (only && !rootOf(classesOf(only))) {
      const fromChild = nameFrom(only, true);
      if (fromChild !== null) return fromChild;
      const grand = onlyChild(only);
      if (grand && !rootOf(classesOf(grand))) {
        const fromGrand = nameFrom(grand, true);
        if (fromGrand !== null) return fromGrand;
      }
    }
    return textContent(el, this.base, true);
  }

  private impliedPhoto(el: Element): MfValue | null {
    const direct = this.photoFrom(el);
    if (direct !== null) return direct;
    const child = onlyOfType(el, "IMG", "src") ?? onlyOfType(el, "OBJECT", "data");
    if (child) return this.photoFrom(child);
    const only = onlyChild(el);
    if (only && !rootOf(classesOf(only))) {
      const grand = onlyOfType(only, "IMG", "src") ?? onlyOfType(only, "OBJECT", "data");
      if (grand) return this.photoFrom(grand);
    }
    return null;
  }

  private photoFrom(el: Element): MfValue | null {
    if (el.tagName === "IMG" && el.hasAttribute("src")) {
      const src = resolveUrl(el.getAttribute("src") ?? "", this.base);
      return el.hasAttribute("alt") ? { value: src, alt: el.getAttribute("alt") ?? "" } : src;
    }
    if (el.tagName === "OBJECT" && el.hasAttribute("data")) return resolveUrl(el.getAttribute("data") ?? "", this.base);
    return null;
  }

  private impliedUrl(el: Element): string | null {
    const href = (e: Element) => resolveUrl(e.getAttribute("href") ?? "", this.base);
    if ((el.tagName === "A" || el.tagName === "AREA") && el.hasAttribute("href")) return href(el);
    const child = onlyOfType(el, "A", "href") ?? onlyOfType(el, "AREA", "href");
    if (child) return href(child);
    const only = onlyChild(el);
    if (only && !rootOf(classesOf(only))) {
      const grand = onlyOfType(only, "A", "href") ?? onlyOfType(only, "AREA", "href");
      if (grand) return href(grand);
    }
    return null;
  }
}

function nameFrom(el: Element, requireNonEmptyAlt = false): string | null {
  const tag = el.tagName;
  if ((tag === "IMG" || tag === "AREA") && el.hasAttribute("alt")) {
    const alt = el.getAttribute("alt") ?? "";
    if (!requireNonEmptyAlt || alt !== "") return alt;
  }
  if (tag === "ABBR" && el.hasAttribute("title")) return el.getAttribute("title") ?? "";
  return null;
}

function onlyChild(el: Element): Element | null {
  const only = el.firstElementChild;
  return only !== null && only.nextElementSibling === null ? only : null;
}

/** The child of `el` that is the only one of its tag, has `attr`, and is not a microformat root. */
function onlyOfType(el: Element, tag: string, attr: string): Element | null {
  let found: Element | null = null;
  for (let child = el.firstElementChild; child !== null; child = child.nextElementSibling) {
    if (child.tagName !== tag) continue;
    if (found !== null) return null;
    found = child;
  }
  if (found === null || !found.hasAttribute(attr) || rootOf(classesOf(found))) return null;
  return found;
}

function stringValue(v: MfValue | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "string") return v;
  return v.value ?? undefined;
}

function tagFromHref(href: string | null): string | null {
  if (!href) return null;
  const path = href.split(/[?#]/)[0] ?? "";
  const last = path.split("/").filter((s) => s !== "").pop();
  if (last === undefined) return null;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** The mf2 "textContent" of an element: script/style dropped; with `images`, each img replaced by its alt (or its src, spaced). Trimmed, inner whitespace kept. */
function textContent(el: Element, base: string, images: boolean): string {
  const out: string[] = [];
  const walk = (node: Node) => {
    for (let child = node.firstChild; child !== null; child = child.nextSibling) {
      if (child.nodeType === 3) out.push(child.nodeValue ?? "");
      else if (child.nodeType === 1) {
        const e = child as Element;
        if (e.tagName === "SCRIPT" || e.tagName === "STYLE" || e.tagName === "TEMPLATE") continue;
        if (e.tagName === "IMG" && images) {
          if (e.hasAttribute("alt")) out.push(e.getAttribute("alt") ?? "");
          else if (e.hasAttribute("src")) out.push(` ${resolveUrl(e.getAttribute("src") ?? "", base)} `);
          continue;
        }
        walk(e);
      }
    }
  };
  walk(el);
  return out.join("").trim();
}

/** Parses the microformats of a document (or a subtree): top-level items with their properties and children, and the rel values. */
export function parseMicroformats(root: Document | Element, base: string): MfDocument {
  return new Parser(base).parseDocument(root);
}

// ---------------------------------------------------------------------------------------------
// People out of the parse

/** The text of a property value: its string, an image's URL, or a nested item's value. */
export function mfText(v: MfValue | undefined): string {
  if (v === undefined) return "";
  if (typeof v === "string") return v;
  if ("type" in v) return v.value ?? stringValue(v.properties.name?.[0]) ?? "";
  return v.value;
}

function all(item: MfItem, name: string): MfValue[] {
  return item.properties[name] ?? [];
}

function firstText(item: MfItem, name: string): string {
  for (const v of all(item, name)) {
    const t = cleanText(mfText(v));
    if (t !== "") return t;
  }
  return "";
}

function locationOf(card: MfItem): string {
  const parts = (src: MfItem) =>
    dedupe([firstText(src, "locality"), firstText(src, "region"), firstText(src, "country-name")]).join(", ");
  for (const adr of all(card, "adr")) {
    if (typeof adr !== "string" && "type" in adr) {
      const t = parts(adr);
      if (t !== "") return t;
    }
    const t = cleanText(mfText(adr));
    if (t !== "") return t;
  }
  for (const child of card.children ?? []) {
    if (child.type.includes("h-adr")) {
      const t = parts(child);
      if (t !== "") return t;
    }
  }
  return parts(card) || firstText(card, "label");
}

/** Reads one h-card into a candidate (null when it has no name). */
export function hCardPerson(card: MfItem, role: CandidateRole, base: string): Candidate | null {
  const given = firstText(card, "given-name");
  const family = firstText(card, "family-name");
  const fullName = clip(
    firstText(card, "name") || dedupe([given, firstText(card, "additional-name"), family]).join(" "),
    300,
  );
  if (fullName === "") return null;
  const split = splitName(fullName);
  const location = clip(locationOf(card), 300);
  const country = countryFromLocation(location);
  const urls = dedupe(
    [...all(card, "url"), ...all(card, "uid")].map((v) => httpUrl(mfText(v), base) ?? ""),
    (u) => u,
  );
  const photo = all(card, "photo")
    .map((v) => httpUrl(mfText(v), base))
    .find((u) => u !== null);
  const org = all(card, "org")[0];
  const person: Partial<ProfileDraft> = {
    fullName,
    firstName: clip(given || split.firstName, 150),
    lastName: clip(family || split.lastName, 150),
    title: clip(firstText(card, "job-title") || firstText(card, "role"), 300),
    company: clip(cleanCompany(mfText(org)), 300),
    location,
    emails: dedupe(all(card, "email").map((v) => cleanEmail(mfText(v)) ?? "")),
    phones: dedupe(all(card, "tel").map((v) => cleanPhone(mfText(v), country) ?? "")),
    photoUrl: photo ?? null,
    links: urls,
    skills: dedupe(all(card, "category").map((v) => clip(mfText(v), 100))),
    summary: clip(firstText(card, "note"), 20_000),
  };
  return { source: "h-card", role, person, identityUrls: urls, element: card.element };
}

/** Candidates for every h-card of a parse: top-level cards and children are `standalone`, cards that are property values (an entry's author) `nested`. */
export function hCardCandidates(doc: MfDocument, base: string): Candidate[] {
  const out: Candidate[] = [];
  const visit = (item: MfItem, nested: boolean) => {
    if (item.type.includes("h-card")) {
      const c = hCardPerson(item, nested ? "nested" : "standalone", base);
      if (c !== null) out.push(c);
    }
    for (const child of item.children ?? []) visit(child, nested);
    for (const values of Object.values(item.properties)) {
      for (const v of values) if (typeof v !== "string" && "type" in v) visit(v, true);
    }
  };
  for (const item of doc.items) visit(item, false);
  return out;
}

const NON_PERSON_ROOTS = ["h-entry", "h-event", "h-product", "h-review", "h-recipe"];

/** Whether any top-level item is a post, not a person: an h-entry, h-event, h-product, h-review or h-recipe. */
export function hasNonPersonItem(doc: MfDocument): boolean {
  return doc.items.some((i) => i.type.some((t) => NON_PERSON_ROOTS.includes(t)));
}

function hasRootAncestor(el: Element): boolean {
  for (let p = el.parentElement; p !== null; p = p.parentElement) {
    if (classesOf(p).some((c) => MF2_ROOT.test(c))) return true;
  }
  return false;
}

/** The people of a page's h-cards without parsing the whole page: only the outermost h-card/vcard subtrees are parsed, which is what the full parse would find for them. Used by extractProfile, where the page can be megabytes of non-microformat markup. */
export function readHCards(doc: Document, base: string): { candidates: Candidate[]; nonPersonPage: boolean } {
  // getElementsByClassName uses the browser's class index: cheaper than a selector scan on big pages.
  const found = byClass(doc, ["h-card", "vcard"]);
  const cards = new Set(found);
  const parser = new Parser(base);
  const candidates: Candidate[] = [];
  const visit = (item: MfItem, nested: boolean) => {
    if (item.type.includes("h-card")) {
      const c = hCardPerson(item, nested ? "nested" : "standalone", base);
      if (c !== null) candidates.push(c);
    }
    for (const child of item.children ?? []) visit(child, nested);
    for (const values of Object.values(item.properties)) {
      for (const v of values) if (typeof v !== "string" && "type" in v) visit(v, true);
    }
  };
  for (const el of found) {
    // Cards inside another card are that card's properties or children, read with it.
    let inner = false;
    for (let p = el.parentElement; p !== null && !inner; p = p.parentElement) inner = cards.has(p);
    if (inner) continue;
    const item = parser.parseAt(el);
    if (item === null) continue;
    // An h-card with a property class inside another microformat (an entry's p-author) is a value.
    const isProperty = classesOf(el).some((c) => MF2_PROP.test(c)) && hasRootAncestor(el);
    visit(item, isProperty);
  }
  const nonPersonPage = byClass(doc, NON_PERSON_ROOTS).some((el) => !hasRootAncestor(el));
  return { candidates, nonPersonPage };
}

/** Elements with any of the classes, in document order. */
function byClass(doc: Document, classes: readonly string[]): Element[] {
  const lists = classes.map((c) => Array.from(doc.getElementsByClassName(c))).filter((l) => l.length > 0);
  if (lists.length <= 1) return lists[0] ?? [];
  return [...new Set(lists.flat())].sort((a, b) => (a.compareDocumentPosition(b) & 4 ? -1 : 1));
}
