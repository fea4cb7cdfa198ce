import { describe, expect, it } from "vitest";
import { extractProfile } from "../../src/extract/index";
import { page } from "./helpers";

const ld = (...objects: unknown[]) =>
  objects.map((o) => `<script type="application/ld+json">${JSON.stringify(o)}</script>`).join("\n");

interface Case {
  name: string;
  url: string;
  html: string;
  /** The expected fullName, or null for "not about one person". */
  expected: string | null;
}

// Which person is the page's own: the one the page names as its subject, whose URL is the page's,
// or whose name is the main heading, or the only one there is; never a card beside it.
const cases: Case[] = [
  {
    name: "several JSON-LD people: the one whose url is the page",
    url: "https://conf.example/speakers/b",
    html: ld(
      { "@type": "Person", name: "Alice A", url: "https://conf.example/speakers/a" },
      { "@type": "Person", name: "Bob B", url: "https://conf.example/speakers/b/" },
    ),
    expected: "Bob B",
  },
  {
    name: "several JSON-LD people: the canonical link decides when the URL has tracking noise",
    url: "https://conf.example/p?id=7&utm=x",
    html: `<link rel="canonical" href="https://conf.example/people/carol">${ld(
      { "@type": "Person", name: "Dan D", url: "https://conf.example/people/dan" },
      { "@type": "Person", name: "Carol C", url: "https://conf.example/people/carol" },
    )}`,
    expected: "Carol C",
  },
  {
    name: "several h-cards: the one named in the main heading",
    url: "https://blog.example/about",
    html: `<main><h1>Erin Example</h1>
      <div class="h-card"><span class="p-name">Frank Friend</span></div>
      <div class="h-card"><span class="p-name">Erin Example</span><span class="p-job-title">Writer</span></div></main>`,
    expected: "Erin Example",
  },
  {
    name: "a heading inside an aside does not count",
    url: "https://blog.example/about",
    html: `<aside><h1>Frank Friend</h1></aside>
      <div class="h-card"><span class="p-name">Frank Friend</span></div>
      <div class="h-card"><span class="p-name">Gina Guest</span></div>`,
    expected: null,
  },
  {
    name: "the only top-level person on the page",
    url: "https://example.com/cv",
    html: `<div itemscope itemtype="https://schema.org/Person"><span itemprop="name">Hana Solo</span></div>`,
    expected: "Hana Solo",
  },
  {
    name: "two top-level people and nothing to tell them apart",
    url: "https://example.com/pair",
    html: ld({ "@type": "Person", name: "Ivan I" }, { "@type": "Person", name: "Jana J" }),
    expected: null,
  },
  {
    name: "an article: its byline h-card is not the page's person",
    url: "https://news.example/story",
    html: `<meta property="og:type" content="article"><h1>Big story</h1><span class="h-card">Kim Reporter</span>`,
    expected: null,
  },
  {
    name: "an article whose author's own page it is not, even with the author's name as heading",
    url: "https://news.example/story",
    html: `${ld({ "@type": "NewsArticle", headline: "Kim Reporter", author: { "@type": "Person", name: "Kim Reporter" } })}<h1>Kim Reporter</h1>`,
    expected: null,
  },
  {
    name: "an author page: the article list names the author whose page this is",
    url: "https://news.example/author/kim",
    html: ld({
      "@type": "ItemList",
      itemListElement: [
        { "@type": "NewsArticle", author: { "@type": "Person", name: "Kim Reporter", url: "https://news.example/author/kim" } },
        { "@type": "NewsArticle", author: { "@type": "Person", name: "Lou Other", url: "https://news.example/author/lou" } },
      ],
    }),
    expected: "Kim Reporter",
  },
  {
    name: "og:type profile on a company page is not a person",
    url: "https://example.com/acme",
    html: `<meta property="og:type" content="profile"><meta property="og:title" content="Acme Corp">${ld({
      "@type": "Organization",
      name: "Acme Corp",
    })}`,
    expected: null,
  },
  {
    name: "an organisation next to a person is the person's employer",
    url: "https://mia.example/",
    html: ld(
      { "@type": "Organization", name: "Mia Consulting", url: "https://mia.example/" },
      { "@type": "Person", name: "Mia Moss", worksFor: { "@type": "Organization", name: "Mia Consulting" } },
    ),
    expected: "Mia Moss",
  },
  {
    name: "a search result list",
    url: "https://people.example/search?q=engineer",
    html: `<h1>Search results</h1><ul>${["Ned N", "Olga O", "Pia P"]
      .map((n) => `<li class="h-card"><a class="p-name u-url" href="/p/${n[0]}">${n}</a></li>`)
      .join("")}</ul>`,
    expected: null,
  },
];

describe("choosing the page's own person", () => {
  it.each(cases)("$name", ({ url, html, expected }) => {
    const person = extractProfile(page(`<html><head></head><body>${html}</body></html>`, url), url).person;
    expect(person?.fullName ?? null).toBe(expected);
  });

  it("does not merge a namesake from a sidebar who has another profile on the same site", () => {
    const url = "https://www.linkedin.com/in/quinn-q";
    const html = `<main><section class="top-card-layout"><h1 class="top-card-layout__title">Quinn Q</h1>
        <h2 class="top-card-layout__headline">Chemist at Lab One</h2></section></main>
      <aside><div class="h-card"><a class="p-name u-url" href="https://www.linkedin.com/in/quinn-q-2">Quinn Q</a>
        <a class="u-email" href="mailto:other.quinn@example.com">mail</a><span class="p-job-title">Pilot</span></div></aside>`;
    const person = extractProfile(page(html, url), url).person;
    expect(person).toMatchObject({ fullName: "Quinn Q", title: "Chemist", company: "Lab One", emails: [] });
  });

  it("merges what other formats say about the same person", () => {
    const url = "https://rosa.example/";
    const html = `${ld({ "@type": "Person", name: "Rosa Ruiz", url: "https://rosa.example/", jobTitle: "Architect" })}
      <div class="h-card"><a class="p-name u-url" href="/">Rosa Ruiz</a><a class="u-email" href="mailto:rosa@rosa.example">mail</a>
      <span class="p-locality">Seville</span></div>`;
    const result = extractProfile(page(html, url), url);
    expect(result.person).toMatchObject({ title: "Architect", emails: ["rosa@rosa.example"], location: "Seville" });
    expect(result.sources).toMatchObject({ fullName: "json-ld", title: "json-ld", emails: "h-card", location: "h-card" });
  });

  it("takes contact links from the main content of a JSON-LD person's own page, not from posts or the footer", () => {
    const url = "https://sam.example/";
    const html = `${ld({ "@type": "Person", name: "Sam Stone", url: "https://sam.example/" })}
      <main><p>Write to <a href="mailto:sam@sam.example">sam@sam.example</a> or call <a href="tel:+1-202-555-0143">me</a>.</p>
      <article><p>Guest post by <a href="mailto:guest@else.example">a guest</a></p></article></main>
      <footer><a href="mailto:webmaster@host.example">webmaster</a></footer>`;
    const person = extractProfile(page(html, url), url).person;
    expect(person).toMatchObject({ emails: ["sam@sam.example"], phones: ["+12025550143"] });
  });

  it("does not take page contact links for a person who is not the page's owner by URL", () => {
    const url = "https://example.com/cv";
    const html = `${ld({ "@type": "Person", name: "Tia Tan" })}<p><a href="mailto:office@example.com">office</a></p>`;
    expect(extractProfile(page(html, url), url).person).toMatchObject({ fullName: "Tia Tan", emails: [] });
  });
});
