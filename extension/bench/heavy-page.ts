// A heavy, LinkedIn-like profile page, generated deterministically (a seeded PRNG): about 2 MB with a thousand
// experience entries, hundreds of sidebar cards and big inline scripts, in the guest layout the LinkedIn reader
// reads (top card, About, Experience, Education, Skills) plus the JSON-LD LinkedIn serves. And a GitHub-like
// repository page, which the content script must pass by (not a profile).

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  "robotics platform distributed systems rust go kubernetes fleet telemetry latency team lead mentor design review pipeline data ingestion streaming cloud cost reliability incident on-call hiring roadmap customers".split(
    " ",
  );
const COMPANIES = ["Acme Robotics", "Globex", "Initech", "Umbrella Labs", "Hooli", "Stark Industries", "Wayne Enterprises", "Cyberdyne", "Soylent", "Tyrell"];
const TITLES = ["Staff Engineer", "Senior Engineer", "Engineering Manager", "Software Engineer", "Tech Lead", "Principal Engineer"];
const CITIES = ["Berlin, Germany", "Munich, Germany", "Prague, Czechia", "London, United Kingdom", "Amsterdam, Netherlands"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function heavyProfilePage(opts: { experiences?: number; sidebarCards?: number; scriptKb?: number } = {}): string {
  const rnd = prng(20_240_601);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)] as T;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(" ");
  const experiences = opts.experiences ?? 1000;
  const cards = opts.sidebarCards ?? 400;
  const scriptKb = opts.scriptKb ?? 900;

  const exp: string[] = [];
  for (let i = 0; i < experiences; i++) {
    const y = 2024 - Math.floor(i / 4);
    const m = (i * 5) % 12;
    exp.push(
      `<li class="profile-section-card experience-item"><div class="profile-section-card__contents"><h3 class="profile-section-card__title">${pick(TITLES)}</h3><h4 class="profile-section-card__subtitle"><a href="https://www.linkedin.com/company/c${i}">${pick(COMPANIES)}</a></h4><p class="experience-item__duration experience-item__meta-item"><span class="date-range"><time>${MONTHS[m]} ${y - 1}</time> - ${i === 0 ? "Present" : `<time>${MONTHS[m]} ${y}</time>`}<span class="date-range__duration">1 yr</span></span></p><p class="experience-item__location experience-item__meta-item">${pick(CITIES)}</p><div class="show-more-less-text"><p class="show-more-less-text__text--less">${esc(words(40))}</p></div></div></li>`,
    );
  }
  const sidebar: string[] = [];
  for (let i = 0; i < cards; i++) {
    sidebar.push(
      `<li><a class="base-card base-aside-card" href="https://www.linkedin.com/in/someone-${i}"><img class="base-aside-card__image" alt="" data-delayed-url="https://media.example/p${i}.jpg"><div class="base-aside-card__info"><h3 class="base-aside-card__title">Person ${i} ${pick(COMPANIES)}</h3><p class="base-aside-card__subtitle">${pick(TITLES)} at ${pick(COMPANIES)}</p><p class="base-aside-card__metadata">${pick(CITIES)}</p></div></a></li>`,
    );
  }
  // Inline scripts as sites ship them: big JSON state blobs and code the extractor must skip.
  const scripts: string[] = [];
  let size = 0;
  for (let i = 0; size < scriptKb * 1024; i++) {
    const blob = JSON.stringify({ i, entities: Array.from({ length: 200 }, (_, j) => ({ urn: `urn:li:fs_miniProfile:${i}-${j}`, text: words(12), n: Math.floor(rnd() * 1e9) })) });
    const s = i % 2 === 0 ? `<code style="display:none" id="bpr-guid-${i}"><!--${esc(blob)}--></code>` : `<script>window.__state_${i} = ${blob};</script>`;
    scripts.push(s);
    size += s.length;
  }
  const jsonLd = JSON.stringify({
    "@context": "http://schema.org",
    "@graph": [
      {
        "@type": "ProfilePage",
        mainEntity: {
          "@type": "Person",
          name: "Jane Doe",
          url: "https://www.linkedin.com/in/jane-doe-4b2a1",
          jobTitle: ["Staff Engineer"],
          worksFor: [{ "@type": "Organization", name: "Acme Robotics" }],
          address: { "@type": "PostalAddress", addressLocality: "Berlin", addressCountry: "DE" },
          sameAs: ["https://github.com/janedoe"],
        },
      },
      ...Array.from({ length: 50 }, (_, i) => ({ "@type": "Person", name: `Person ${i}`, url: `https://www.linkedin.com/in/someone-${i}` })),
    ],
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Jane Doe - Staff Engineer - Acme Robotics | LinkedIn</title>
<meta property="og:type" content="profile"><link rel="canonical" href="https://www.linkedin.com/in/jane-doe-4b2a1">
<script type="application/ld+json">${jsonLd}</script>${scripts.slice(0, scripts.length / 2).join("\n")}</head>
<body><header><nav>${Array.from({ length: 30 }, (_, i) => `<a href="/nav/${i}">Nav ${i}</a>`).join(" ")}</nav></header>
<main><section class="top-card-layout"><h1 class="top-card-layout__title">Jane Doe</h1><h2 class="top-card-layout__headline">Staff Engineer at Acme Robotics</h2>
<div class="top-card-layout__first-subline"><span class="top-card__subline-item">Berlin, Germany</span><span class="top-card__subline-item">500+ connections</span></div></section>
<section class="core-section-container" data-section="summary"><h2>About</h2><div class="core-section-container__content"><p>${esc(words(120))}</p></div></section>
<section class="core-section-container experience" data-section="experience"><h2>Experience</h2><ul class="experience__list">${exp.join("\n")}</ul></section>
<section data-section="educationsDetails"><h2>Education</h2><ul>${Array.from({ length: 5 }, (_, i) => `<li class="profile-section-card"><h3 class="profile-section-card__title">University ${i}</h3><h4 class="profile-section-card__subtitle">MSc, Computer Science</h4><span class="date-range"><time>2008</time> - <time>2010</time></span></li>`).join("")}</ul></section>
<section data-section="skills"><h2>Skills</h2><ul>${Array.from({ length: 50 }, (_, i) => `<li>${pick(WORDS)} ${i}</li>`).join("")}</ul></section></main>
<aside aria-label="People also viewed"><h2>People also viewed</h2><ul>${sidebar.join("\n")}</ul></aside>
<footer>${scripts.slice(scripts.length / 2).join("\n")}</footer></body></html>`;
}

/** A GitHub-like repository page (not a profile): file list, README, inline scripts. About 400 KB. */
export function repositoryPage(): string {
  const rnd = prng(7);
  const words = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(" ");
  const files = Array.from({ length: 300 }, (_, i) => `<tr><td><a href="/octocat/hello-world/blob/main/src/file${i}.rs">file${i}.rs</a></td><td>${esc(words(8))}</td><td>2 days ago</td></tr>`).join("");
  const readme = Array.from({ length: 200 }, () => `<p>${esc(words(30))}</p>`).join("");
  const state = `<script type="application/json" data-target="react-app.embeddedData">${JSON.stringify({ payload: Array.from({ length: 2000 }, (_, i) => ({ path: `src/file${i}.rs`, oid: Math.floor(rnd() * 1e12).toString(16) })) })}</script>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>octocat/hello-world</title><meta property="og:type" content="object"></head>
<body><header><nav>${Array.from({ length: 30 }, (_, i) => `<a href="/nav/${i}">Nav ${i}</a>`).join(" ")}</nav></header>
<main><h1><a href="/octocat">octocat</a> / <strong>hello-world</strong></h1><table>${files}</table><article class="markdown-body">${readme}</article></main>${state}</body></html>`;
}
