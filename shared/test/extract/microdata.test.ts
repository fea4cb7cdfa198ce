import { describe, expect, it } from "vitest";
import { extractProfile } from "../../src/extract/index";
import { microdataNodes } from "../../src/extract/microdata";
import { rdfaNodes } from "../../src/extract/rdfa";
import { first, nodes, texts } from "../../src/extract/schema";
import { page } from "./helpers";

const URL_ = "https://example.com/people/ana";

describe("microdata", () => {
  it("reads a Person with a nested Organization and PostalAddress", () => {
    const html = `<div itemscope itemtype="https://schema.org/Person">
      <h1 itemprop="name">Ana Souza</h1>
      <span itemprop="jobTitle">Data Scientist</span> at
      <span itemprop="worksFor" itemscope itemtype="https://schema.org/Organization"><span itemprop="name">Tucano Labs</span>
        <span itemprop="address" itemscope itemtype="https://schema.org/PostalAddress"><span itemprop="addressLocality">Recife</span></span></span>
      <div itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">
        <span itemprop="addressLocality">São Paulo</span>, <span itemprop="addressRegion">SP</span>,
        <meta itemprop="addressCountry" content="BR">
      </div>
      <a itemprop="email" href="mailto:ana@tucano.example">write</a>
      <span itemprop="telephone">(11) 98765-4321</span>
      <img itemprop="image" src="/ana.jpg" alt="">
      <link itemprop="sameAs" href="https://github.com/anasouza">
    </div>`;
    const person = extractProfile(page(html, URL_), URL_).person;
    expect(person).toMatchObject({
      fullName: "Ana Souza",
      title: "Data Scientist",
      company: "Tucano Labs",
      location: "São Paulo, SP, Brazil",
      emails: ["ana@tucano.example"],
      // A Brazilian location makes the national number dialable.
      phones: ["+5511987654321"],
      photoUrl: "https://example.com/ana.jpg",
      links: ["https://github.com/anasouza"],
    });
  });

  it("follows itemref and reads a property with several names", () => {
    const html = `<div itemscope itemtype="https://schema.org/Person" itemref="contact"><span itemprop="name givenName">Brent</span></div>
      <p id="contact"><span itemprop="email">brent@example.com</span></p>`;
    const [node] = microdataNodes(page(html), "https://example.com/");
    expect(node && [first(node, "name"), first(node, "givenName"), first(node, "email")]).toEqual([
      "Brent",
      "Brent",
      "brent@example.com",
    ]);
  });

  it("survives an itemref cycle", () => {
    const html = `<div id="a" itemscope itemtype="https://schema.org/Person" itemref="b"><span itemprop="name">A</span></div>
      <div id="b" itemprop="knows" itemscope itemtype="https://schema.org/Person" itemref="a"><span itemprop="name">B</span></div>`;
    expect(() => microdataNodes(page(html), "https://example.com/")).not.toThrow();
  });

  it("forgives an itemtype without itemscope and a dangling itemprop item", () => {
    // schema.org's own example #eg-0427: the sponsor's url belongs to the sponsor, not the person.
    const html = `<p itemscope itemprop="Person" itemtype="https://schema.org/Person">
      <span itemprop="name">Christopher Froome</span> was sponsored by
      <span itemprop="sponsor" itemtype="https://schema.org/Organization"><a itemprop="url" href="http://www.skysports.com/">Sky</a></span></p>`;
    const [person] = microdataNodes(page(html), "https://example.com/");
    expect(person?.types).toEqual(["Person"]);
    expect(texts(person!, "url")).toEqual([]);
    expect(nodes(person!, "sponsor").map((s) => first(s, "url"))).toEqual(["http://www.skysports.com/"]);
  });

  it("uses the content attribute and element-specific values", () => {
    const html = `<div itemscope itemtype="https://schema.org/Person">
      <span itemprop="name" content="Real Name">Display Name</span>
      <time itemprop="birthDate" datetime="1990-01-02">2 Jan</time>
      <data itemprop="identifier" value="42">forty-two</data>
      <a itemprop="url" href="/me">me</a></div>`;
    const [node] = microdataNodes(page(html), "https://example.com/x/");
    expect(node && ["name", "birthDate", "identifier", "url"].map((p) => first(node, p))).toEqual([
      "Real Name",
      "1990-01-02",
      "42",
      "https://example.com/me",
    ]);
  });
});

describe("RDFa Lite", () => {
  it("reads a schema.org Person (vocab/typeof/property)", () => {
    const html = `<p vocab="http://schema.org/" typeof="Person">My name is <span property="name">Manu Sporny</span>,
      call <span property="telephone">1-800-555-0199</span> or visit <a property="url" href="http://manu.sporny.org/">my homepage</a>.</p>`;
    const person = extractProfile(page(html), "https://example.com/").person;
    expect(person).toMatchObject({ fullName: "Manu Sporny", phones: ["1-800-555-0199"], links: ["http://manu.sporny.org/"] });
  });

  it("maps FOAF terms onto schema.org ones", () => {
    const html = `<div vocab="http://xmlns.com/foaf/0.1/" typeof="Person"><span property="name">Alice Birpemswick</span>,
      <a property="mbox" href="mailto:alice@example.com">alice@example.com</a>, <a property="phone" href="tel:+1-617-555-7332">+1 617.555.7332</a></div>`;
    const [node] = rdfaNodes(page(html), "https://example.com/");
    expect(node?.types).toEqual(["Person"]);
    expect(extractProfile(page(html), "https://example.com/").person).toMatchObject({
      fullName: "Alice Birpemswick",
      emails: ["alice@example.com"],
      phones: ["+16175557332"],
    });
  });
});
