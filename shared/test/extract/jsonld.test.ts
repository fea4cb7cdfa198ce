import { describe, expect, it } from "vitest";
import { extractProfile } from "../../src/extract/index";
import { parseLooseJson, readJsonLd } from "../../src/extract/jsonld";
import { page } from "./helpers";

describe("parseLooseJson", () => {
  it.each([
    ["plain", '{"a":1}', [{ a: 1 }]],
    ["JS line comment before", '// John joined\n{"a":"b"}', [{ a: "b" }]],
    ["JS comments inside", '{"a":"b", // note\n /* block */ "c":2}', [{ a: "b", c: 2 }]],
    ["commented-out last property", '{"a":"b",\n//"c": ""\n}', [{ a: "b" }]],
    ["HTML comment around", '<!-- x -->{"a":"b"}<!-- y -->', [{ a: "b" }]],
    ["HTML comment inside a string is data", '{"h":"<!-- c --><b>t</b>"}', [{ h: "<!-- c --><b>t</b>" }]],
    ["// inside a string is data", '{"u":"https://x.org/a"}', [{ u: "https://x.org/a" }]],
    ["CDATA wrapper", '<![CDATA[{"a":1}]]>', [{ a: 1 }]],
    ["trailing commas", '{"a":[1,2,],"b":3,}', [{ a: [1, 2], b: 3 }]],
    ["raw newline in a string", '{"d":"line 1\nline 2"}', [{ d: "line 1\nline 2" }]],
    ["escapes", '{"s":"\\u00e9\\n\\"q\\""}', [{ s: 'é\n"q"' }]],
    ["two objects in a row", '{"a":1}{"b":2}', [{ a: 1 }, { b: 2 }]],
    ["repeated key keeps both values", '{"k":"x","k":"y"}', [{ k: ["x", "y"] }]],
    ["broken value dropped, next kept", '{"a": oops}\n{"b":2}', [{ b: 2 }]],
    ["empty", "   ", []],
    ["junk", "not json at all", []],
  ])("%s", (_name, input, expected) => {
    expect(JSON.parse(JSON.stringify(parseLooseJson(input)))).toEqual(expected);
  });

  it("keeps __proto__ as data without polluting prototypes", () => {
    const [v] = parseLooseJson('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>[];
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(v)).toBeNull();
    expect(v?.a).toBe(1);
  });

  it("gives up on pathological nesting instead of overflowing the stack", () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    expect(() => parseLooseJson(deep)).not.toThrow();
  });
});

const ld = (json: string) => `<html><head><script type="application/ld+json">${json}</script></head><body></body></html>`;

describe("JSON-LD persons", () => {
  it.each([
    [
      "plain Person",
      '{"@context":"https://schema.org","@type":"Person","name":"Ada Lovelace","jobTitle":"Analyst"}',
      { fullName: "Ada Lovelace", title: "Analyst" },
    ],
    [
      "@graph with Person and WebPage",
      '{"@context":"https://schema.org","@graph":[{"@type":"WebPage","url":"https://example.com/"},{"@type":"Person","name":"Ada Lovelace"}]}',
      { fullName: "Ada Lovelace" },
    ],
    [
      "ProfilePage with mainEntity",
      '{"@context":"https://schema.org","@type":"ProfilePage","mainEntity":{"@type":"Person","name":"Angelo Huff","alternateName":"ahuff1999"}}',
      { fullName: "Angelo Huff" },
    ],
    [
      "ProfilePage whose mainEntity is an @id reference",
      '[{"@type":"ProfilePage","mainEntity":{"@id":"#me"}},{"@type":"Person","@id":"#me","name":"Ref Person"}]',
      { fullName: "Ref Person" },
    ],
    [
      "array at the top",
      '[{"@type":"WebSite","name":"Site"},{"@type":"Person","name":"Ada Lovelace"}]',
      { fullName: "Ada Lovelace" },
    ],
    [
      "givenName and familyName without name",
      '{"@type":"Person","givenName":"Grace","familyName":"Hopper"}',
      { fullName: "Grace Hopper", firstName: "Grace", lastName: "Hopper" },
    ],
    [
      "'Last, First' with given/family",
      '{"@type":"Person","name":"Turner, Caroline B.","givenName":"Caroline B.","familyName":"Turner"}',
      { fullName: "Caroline B. Turner", firstName: "Caroline B.", lastName: "Turner" },
    ],
    [
      "full IRIs as type and keys",
      '{"@type":"http://schema.org/Person","http://schema.org/name":"Iri Person"}',
      { fullName: "Iri Person" },
    ],
    [
      "worksFor with dates (Organization.member role) picks the current employer",
      `{"@type":"Person","name":"Jo","jobTitle":["Lead","Engineer"],"worksFor":[
        {"@type":"Organization","name":"Old Co","member":{"@type":"OrganizationRole","startDate":"2015","endDate":"2018"}},
        {"@type":"Organization","name":"New Co","member":{"@type":"OrganizationRole","startDate":"2018-05"}}]}`,
      {
        company: "New Co",
        title: "Engineer",
        experience: [
          { title: "Lead", company: "Old Co", start: "2015", end: "2018", location: "" },
          { title: "Engineer", company: "New Co", start: "2018-05", end: "", location: "" },
        ],
      },
    ],
    [
      "worksFor through an EmployeeRole",
      '{"@type":"Person","name":"Jo","worksFor":{"@type":"EmployeeRole","roleName":"CTO","startDate":"2020-01-01","worksFor":{"@type":"Organization","name":"Acme"}}}',
      { company: "Acme", title: "CTO", experience: [{ title: "CTO", company: "Acme", start: "2020-01-01", end: "", location: "" }] },
    ],
    [
      "address as PostalAddress",
      '{"@type":"Person","name":"Jo","address":{"@type":"PostalAddress","addressLocality":"Seattle","addressRegion":"WA","streetAddress":"1 Main St"}}',
      { location: "Seattle, WA" },
    ],
    [
      "homeLocation as Place with a country code",
      '{"@type":"Person","name":"Jo","homeLocation":{"@type":"Place","address":{"@type":"PostalAddress","addressLocality":"Brno","addressCountry":"CZ"}}}',
      { location: "Brno, Czechia" },
    ],
    [
      "a locality that already names the country is not followed by the country again",
      '{"@type":"Person","name":"Jo","address":{"@type":"PostalAddress","addressLocality":"Toronto, Ontario, Canada","addressRegion":"ON","addressCountry":"Canada"}}',
      { location: "Toronto, Ontario, Canada, ON" },
    ],
    [
      "a city named like its state keeps both names when the locality says them",
      '{"@type":"Person","name":"Jo","address":{"@type":"PostalAddress","addressLocality":"New York, New York","addressCountry":"US"}}',
      { location: "New York, New York, United States" },
    ],
    [
      "homeLocation as text",
      '{"@type":"Person","name":"Jo","homeLocation":"Lisbon, Portugal"}',
      { location: "Lisbon, Portugal" },
    ],
    [
      "contacts and links",
      '{"@type":"Person","name":"Jo","email":"mailto:JO@Example.org","telephone":"+44 20 7946 0958","image":{"@type":"ImageObject","url":"/jo.png"},"sameAs":["https://github.com/jo","https://x.com/jo"],"knowsAbout":["Rust",{"@type":"Thing","name":"Go"}]}',
      {
        emails: ["jo@example.org"],
        phones: ["+442079460958"],
        photoUrl: "https://example.com/jo.png",
        links: ["https://github.com/jo", "https://x.com/jo"],
        skills: ["Rust", "Go"],
      },
    ],
    [
      "alumniOf through an OrganizationRole",
      '{"@type":"Person","name":"Delia","alumniOf":{"@type":"OrganizationRole","alumniOf":{"@type":"CollegeOrUniversity","name":"University of Cambridge"},"startDate":"1959"}}',
      { education: [{ school: "University of Cambridge", degree: "", field: "", start: "1959", end: "" }] },
    ],
    [
      "broken JSON around a valid person",
      '// generated\n{"@type":"Person","name":"Jo Broken",\n"jobTitle":"QA",}',
      { fullName: "Jo Broken", title: "QA" },
    ],
  ])("%s", (_name, json, expected) => {
    const url = "https://example.com/";
    expect(extractProfile(page(ld(json), url), url).person).toMatchObject(expected);
  });

  it("marks an article's author (referenced by @id) as nested, not the page's person", () => {
    const doc = page(
      ld(
        '{"@graph":[{"@type":"Article","author":{"@id":"#p"}},{"@type":"Person","@id":"#p","name":"Writer"}]}',
      ),
    );
    const reading = readJsonLd(doc, "https://example.com/");
    expect(reading.candidates.map((c) => [c.person.fullName, c.role])).toEqual([["Writer", "nested"]]);
    expect(extractProfile(doc, "https://example.com/").person).toBeNull();
  });

  it("reads every ld+json block, skips other script types", () => {
    const html = `<script type="application/ld+json">{"@type":"WebSite","name":"S"}</script>
      <script type="application/json">{"@type":"Person","name":"Not LD"}</script>
      <script type="Application/LD+JSON; charset=utf-8">{"@type":"Person","name":"Second Block"}</script>`;
    const reading = readJsonLd(page(html), "https://example.com/");
    expect(reading.candidates.map((c) => c.person.fullName)).toEqual(["Second Block"]);
  });
});
