import { describe, expect, it } from "vitest";
import { extractProfile } from "../../src/extract/index";
import { hCardCandidates, type MfItem, parseMicroformats } from "../../src/extract/microformats";
import { page } from "./helpers";

function parse(html: string, url = "http://example.com/") {
  const doc = page(html, url);
  return parseMicroformats(doc, doc.baseURI);
}

function props(item: MfItem | undefined): Record<string, unknown[]> {
  return JSON.parse(JSON.stringify(item?.properties ?? {}, (k, v) => (k === "element" ? undefined : v)));
}

describe("microformats2 parsing", () => {
  it.each([
    ["just a hyperlink", '<a class="h-card" href="http://benward.me/">Ben Ward</a>', { name: ["Ben Ward"], url: ["http://benward.me/"] }],
    [
      "implied name and photo from an only img",
      '<div class="h-card"><img src="jane.jpeg" alt="Jane Doe"></div>',
      { name: ["Jane Doe"], photo: [{ value: "http://example.com/jane.jpeg", alt: "Jane Doe" }] },
    ],
    [
      "no implied name next to an explicit p-*",
      '<div class="h-card"> John Doe, <span class="p-org">Mozilla</span></div>',
      { org: ["Mozilla"] },
    ],
    [
      "value class pattern",
      '<div class="h-card"><span class="p-tel"><span class="type">work</span>: <span class="value">+1 415</span> <span class="value">555 0100</span></span></div>',
      { tel: ["+1 415555 0100"], name: undefined },
    ],
    [
      "classic vcard (backcompat), no implied properties",
      '<div class="vcard"><span class="fn">John Doe</span><span class="title">Creative Director</span><a class="email" href="mailto:john@example.com">mail</a><span class="FAMILY-NAME">Doe</span></div>',
      { name: ["John Doe"], "job-title": ["Creative Director"], email: ["mailto:john@example.com"] },
    ],
    [
      "script and style dropped from text, img replaced by alt",
      '<p class="h-card"><style>p{}</style><span>John</span> <span>Doe</span><script>x()</script> <img src="/x.png" alt="Jr."></p>',
      { name: ["John Doe Jr."] },
    ],
  ])("%s", (_name, html, expected) => {
    const items = parse(html).items;
    const got = props(items[0]);
    for (const [k, v] of Object.entries(expected)) {
      if (v === undefined) expect(got[k]).toBeUndefined();
      else expect(got[k]).toEqual(v);
    }
  });

  it("nests an org h-card as a property value and a stray h-card as a child", () => {
    const [card] = parse(`<div class="h-card"><a class="p-name u-url" href="http://blog.example/">Mitchell</a>
      (<a class="p-org h-card" href="http://mozilla.org/">Mozilla Foundation</a>) <span class="h-card">Someone Else</span></div>`).items;
    const org = card?.properties.org?.[0];
    expect(org && typeof org !== "string" && "type" in org ? [org.type, org.value] : null).toEqual([
      ["h-card"],
      "Mozilla Foundation",
    ]);
    expect(card?.children?.map((c) => c.properties.name)).toEqual([["Someone Else"]]);
  });

  it("resolves relative URLs against <base>", () => {
    const [card] = parse('<base href="http://example.org/a/"><div class="h-card"><img class="u-photo" src="me.png"><span class="p-name">X</span></div>').items;
    expect(card?.properties.photo).toEqual(["http://example.org/a/me.png"]);
  });

  it("collects rel values", () => {
    const mf = parse('<link rel="me" href="https://github.com/x"><a rel="me nofollow" href="https://x.com/x">x</a>');
    expect(mf.rels.me).toEqual(["https://github.com/x", "https://x.com/x"]);
  });
});

describe("h-card persons", () => {
  it("treats entry authors as nested and top-level cards as standalone", () => {
    const doc = page(`<div class="h-card"><span class="p-name">Owner</span></div>
      <article class="h-entry"><a class="p-author h-card" href="/a">Author</a></article>`);
    const mf = parseMicroformats(doc, doc.baseURI);
    expect(hCardCandidates(mf, doc.baseURI).map((c) => [c.person.fullName, c.role])).toEqual([
      ["Owner", "standalone"],
      ["Author", "nested"],
    ]);
  });

  it("reads address parts, notes and categories into the person", () => {
    const html = `<div class="h-card"><span class="p-name">Ida Berg</span>
      <span class="p-job-title">Architect</span> <span class="p-org">Berg AB</span>
      <span class="p-locality">Malmö</span> <span class="p-country-name">Sweden</span>
      <a class="u-email" href="mailto:ida@berg.example">mail</a> <span class="p-tel">040-12 34 56</span>
      <span class="p-category">BIM</span><p class="p-note">Timber buildings.</p></div>`;
    const url = "https://berg.example/";
    expect(extractProfile(page(html, url), url).person).toMatchObject({
      fullName: "Ida Berg",
      title: "Architect",
      company: "Berg AB",
      location: "Malmö, Sweden",
      emails: ["ida@berg.example"],
      phones: ["+4640123456"],
      skills: ["BIM"],
      summary: "Timber buildings.",
    });
  });
});
