import type { FieldSources, ProfileDraft } from "../../src/extract/types";

// The fixture pages and what each must give, shared by the tests and by `npm run conformance`
// (which scores the checked fields per layout family).

export interface Case {
  file: string;
  /** The layout family `npm run conformance` scores this page under. */
  family: string;
  url: string;
  /** null: the page is not about one person. */
  person: Partial<ProfileDraft> | null;
  sources?: FieldSources;
  /** Names, emails or URLs of other people on the page that must not leak into the result. */
  absent?: string[];
}

export const cases: Case[] = [
  {
    file: "linkedin-guest.html", family: "linkedin-guest",
    url: "https://cz.linkedin.com/in/jana-novakova-4a1b2c?trk=public_profile_browsemap",
    person: {
      fullName: "Jana Nováková",
      firstName: "Jana",
      lastName: "Nováková",
      headline: "Senior Data Engineer at Acme Analytics | Streaming, Kafka, dbt",
      title: "Senior Data Engineer",
      company: "Acme Analytics",
      location: "Prague, Czechia",
      profileUrl: "https://www.linkedin.com/in/jana-novakova-4a1b2c",
      photoUrl: "https://media.licdn.com/dms/image/v2/D4E03AQH/profile-displayphoto-shrink_200_200/jana.jpg",
      experience: [
        { title: "Senior Data Engineer", company: "Acme Analytics", start: "2022-01", end: "", location: "Prague, Czechia" },
        { title: "Data Engineer", company: "Acme Analytics", start: "2019-03", end: "2021-12", location: "Brno, Czechia" },
        { title: "BI Developer", company: "Kiwi Logistics", start: "2015-07", end: "2019-02", location: "Prague, Czechia" },
      ],
      education: [
        {
          school: "Czech Technical University in Prague",
          degree: "Master's degree",
          field: "Computer Science",
          start: "2010",
          end: "2015",
        },
      ],
      summary: "I build streaming pipelines that analysts trust. Eight years of data engineering across logistics and analytics.",
      links: [],
    },
    sources: { fullName: "json-ld", headline: "site", experience: "site", profileUrl: "site" },
    absent: ["Petr Svoboda", "Martin Dvořák", "Bratislava", "Tatra Foods", "jana-novakova-bratislava"],
  },
  {
    file: "linkedin-member.html", family: "linkedin-member",
    url: "https://www.linkedin.com/in/tomas-marek-dev/overlay/contact-info/",
    person: {
      fullName: "Tomáš Marek",
      headline: "Engineering Manager · Platform & Developer Experience",
      title: "Engineering Manager",
      company: "Skyline Payments",
      location: "Brno, South Moravia, Czechia",
      emails: ["tomas.marek@example.com"],
      // The number has no country code; the profile's location says Czechia.
      phones: ["+420777123456"],
      profileUrl: "https://www.linkedin.com/in/tomas-marek-dev",
      photoUrl: "https://media.licdn.com/dms/image/v2/C4D03AQ/profile-displayphoto-shrink_400_400/tomas.jpg",
      links: ["https://tomasmarek.dev/", "https://github.com/tmarek"],
      skills: ["Engineering Management", "Kubernetes", "Java"],
      experience: [
        {
          title: "Engineering Manager",
          company: "Skyline Payments",
          start: "2021-04",
          end: "",
          location: "Brno, South Moravia, Czechia",
        },
        {
          title: "Senior Backend Engineer",
          company: "Skyline Payments",
          start: "2018-05",
          end: "2021-03",
          location: "Brno, South Moravia, Czechia",
        },
        { title: "Backend Developer", company: "BrnoSoft s.r.o.", start: "2014-09", end: "2018-04", location: "Brno, Czechia" },
      ],
      education: [{ school: "Masaryk University", degree: "Master of Science - MS", field: "Informatics", start: "2009", end: "2014" }],
      summary: "I lead platform teams that make shipping boring. Previously backend engineer.",
    },
    sources: { fullName: "site", emails: "site", phones: "site", experience: "site" },
    absent: ["Lucie Králová", "Chef at Bistro Marek", "tomas-marek-prague", "Sofie Recruiter", "Someone"],
  },
  {
    file: "github.html", family: "github",
    url: "https://github.com/octojane",
    person: {
      fullName: "Jane Okafor",
      firstName: "Jane",
      lastName: "Okafor",
      headline: "Distributed systems at @lumen-labs. Rust, Go, Postgres.",
      // A bio is not "Title at Company": no title is made up from it.
      title: "",
      company: "lumen-labs",
      location: "Lagos, Nigeria",
      emails: ["jane@okafor.dev"],
      profileUrl: "https://github.com/octojane",
      photoUrl: "https://avatars.githubusercontent.com/u/583231?v=4",
      links: ["https://okafor.dev/", "https://x.com/octojane", "https://www.linkedin.com/in/jane-okafor"],
      summary: "Distributed systems at @lumen-labs. Rust, Go, Postgres.",
    },
    sources: { fullName: "microdata", profileUrl: "site", headline: "site" },
    absent: ["support@github.com", "octojane - Overview"],
  },
  {
    file: "xing.html", family: "xing",
    url: "https://www.xing.com/profile/Katrin_Weber7/cv",
    person: {
      fullName: "Dr. Katrin Weber",
      firstName: "Katrin",
      lastName: "Weber",
      headline: "Leiterin Data Science",
      title: "Leiterin Data Science",
      company: "Nordlicht Versicherung AG",
      location: "Hamburg, Deutschland",
      emails: ["k.weber@nordlicht-versicherung.example"],
      phones: ["+494012345678"],
      profileUrl: "https://www.xing.com/profile/Katrin_Weber7",
      photoUrl: "https://profile-images.xing.com/images/kweber-256x256.jpg",
      links: ["https://katrinweber.example/"],
      skills: ["Machine Learning", "Python", "Führung"],
      experience: [
        { title: "Leiterin Data Science", company: "Nordlicht Versicherung AG", start: "2020-03", end: "", location: "Hamburg" },
        { title: "Senior Data Scientist", company: "Hanse Logistik GmbH", start: "2016-01", end: "2020-02", location: "Bremen" },
      ],
      education: [{ school: "Universität Hamburg", degree: "Promotion", field: "Statistik", start: "2011", end: "2015" }],
    },
    sources: { fullName: "site", experience: "site" },
    absent: ["Jonas Becker", "Steuerberaterin", "datenschutz@xing.example", "Katrin_Weber22"],
  },
  {
    file: "hcard-homepage.html", family: "h-card",
    url: "https://aroha.example/",
    person: {
      fullName: "Aroha Ngata",
      title: "Principal Accessibility Designer",
      company: "Kererū Studio",
      headline: "Principal Accessibility Designer at Kererū Studio",
      location: "Wellington, New Zealand",
      emails: ["kia-ora@aroha.example"],
      phones: ["+6445550192"],
      profileUrl: "https://aroha.example",
      photoUrl: "https://aroha.example/img/aroha-400.jpg",
      links: ["https://github.com/aroha", "https://mastodon.example/@aroha"],
      skills: ["Accessibility", "Design systems"],
      summary: "I make interfaces that work for everyone, and write about it here.",
    },
    sources: { fullName: "h-card", emails: "h-card", profileUrl: "text" },
    absent: ["Sam Porter", "sam@sam.example", "Lee Wong", "lee@lee.example", "Mere Tane", "hello@webring.example"],
  },
  {
    file: "opengraph-only.html", family: "open-graph",
    url: "https://linkpage.example/mateoruiz?utm_source=ig",
    person: {
      fullName: "Mateo Ruiz",
      firstName: "Mateo",
      lastName: "Ruiz",
      headline: "Product designer in Madrid.",
      profileUrl: "https://linkpage.example/mateoruiz",
      photoUrl: "https://cdn.linkpage.example/avatars/mateoruiz.png",
      summary: "Product designer in Madrid. Design systems, prototyping, and the occasional illustration.",
    },
    sources: { fullName: "open-graph", photoUrl: "open-graph", profileUrl: "text" },
  },
  {
    file: "speaker.html", family: "json-ld",
    url: "https://dataconf.example/2024/speakers/ruth-mensah",
    person: {
      fullName: "Ruth Mensah",
      title: "Principal Engineer",
      company: "Streamly",
      profileUrl: "https://dataconf.example/2024/speakers/ruth-mensah",
      photoUrl: "https://dataconf.example/img/speakers/ruth.jpg",
      links: ["https://www.linkedin.com/in/ruth-mensah", "https://github.com/rmensah"],
      emails: [],
    },
    sources: { fullName: "json-ld" },
    absent: ["Jonas Lind", "Northwind", "Ana Costa", "info@dataconf.example"],
  },
  {
    file: "hostile.html", family: "hostile",
    url: "https://profiles.example/eve",
    person: {
      fullName: "<img src=x onerror=alert(1)>",
      title: "<script>alert(2)</script>Engineer",
      // The right-to-left override is gone; what is left is the literal text.
      company: "Acmegnp.exe",
      emails: ["eve@example.com"],
      phones: ["+14155550100"],
      photoUrl: null,
      links: ["https://github.com/eve-example", "https://evil.example/path", "https://eve.example/"],
      skills: ["<svg onload=alert(8)>", "Security"],
      summary: "Line one <b>bold</b> &amp; done",
    },
    absent: ["javascript:", "vbscript:", "data:", "user:pass", "\u202E", "\u0000", "\u0007", "polluted"],
  },
  {
    file: "linkedin-member-2024.html", family: "linkedin-member",
    url: "https://www.linkedin.com/in/odile-brennagh/",
    person: {
      fullName: "Odile Brennagh",
      headline: "Staff Product Designer at Lanternfish Health",
      title: "Staff Product Designer",
      company: "Lanternfish Health",
      // Not the pronouns next to the name, nor the "3rd" of the distance badge.
      location: "Halifax, Nova Scotia, Canada",
      profileUrl: "https://www.linkedin.com/in/odile-brennagh",
    },
    absent: ["She/Her", "3rd"],
  },
  {
    file: "portfolio-jsonld.html", family: "json-ld",
    url: "https://marisolq.example/",
    person: {
      fullName: "Marisol Quenneville",
      title: "Landscape Architect",
      // addressLocality already ends with the country that addressCountry repeats.
      location: "Toronto, Ontario, Canada",
    },
    sources: { location: "json-ld" },
  },
  {
    file: "linkedin-public-2014.html", family: "linkedin-public-legacy",
    url: "https://ca.linkedin.com/in/ilsevarnavides",
    person: {
      fullName: "Ilse Varnavides",
      // The page's own headline, not one made up from the current job.
      headline: "Helping hospitals schedule nurses fairly | Operations Research",
      title: "Senior Scientist, Workforce Planning",
      company: "Quayside Health Systems",
      location: "Toronto, Canada Area",
      profileUrl: "https://www.linkedin.com/in/ilsevarnavides",
      // The lazy image's real address, not the empty src resolved to the page URL.
      photoUrl: "https://media.licdn.com/mpr/mpr/shrink_200_200/p/4/000/ilse.jpg",
      summary: "I build rostering models that nurses actually like. Ten years of operations research in health care.",
      links: ["http://ilsevarnavides.example/blog", "https://github.com/ilsev"],
      skills: ["Operations Research", "Python", "Integer Programming"],
      experience: [
        { title: "Senior Scientist, Workforce Planning", company: "Quayside Health Systems", start: "2016-09", end: "", location: "Toronto, Canada" },
        // A long date line with a duration and the place glued to it keeps both dates.
        { title: "Operations Research Analyst", company: "Ferrule Analytics", start: "2012-09", end: "2015-12", location: "Greater Toronto Area, Canada" },
        // No place given: the description's first line is not one.
        { title: "Research Intern", company: "Ferrule Analytics", start: "2012-05", end: "2012-08", location: "" },
      ],
      education: [
        { school: "University of Waterloo", degree: "Doctor of Philosophy (PhD)", field: "Management Sciences", start: "2008", end: "2012" },
        { school: "University of Waterloo", degree: "Graduate Diploma", field: "Health Informatics", start: "2008", end: "2010" },
      ],
    },
    sources: { fullName: "site", headline: "site", summary: "site" },
    absent: ["See less", "See 14+", "linkedin.com/redir", "(4 months)", "Waterloo, summer"],
  },
  {
    file: "stackoverflow.html", family: "stackoverflow",
    url: "https://stackoverflow.com/users/4417923/wenonah-farrow-lindqvist?tab=profile",
    person: {
      fullName: "Wenonah Farrow-Lindqvist",
      firstName: "Wenonah",
      lastName: "Farrow-Lindqvist",
      // The profile's "title" line; it is not "Title at Company", so no job title is made up from it.
      headline: "Compiler engineer, occasional Haskell apologist",
      title: "",
      company: "",
      location: "Uppsala, Sweden",
      emails: [],
      profileUrl: "https://stackoverflow.com/users/4417923/wenonah-farrow-lindqvist",
      photoUrl: "https://i.sstatic.net/Qk3Zm.jpg?s=256",
      links: ["https://wenonah.example.se/", "https://x.com/wenonah_fl", "https://github.com/wfarrowl"],
      // The Top tags card only: not the reputation, the badges, or the tags of the top posts.
      skills: ["haskell", "llvm", "type-inference", "c++"],
      summary:
        "I work on optimising compilers for array languages and answer questions about type inference, parsers and LLVM. Opinions are my own <not my employer's>.",
    },
    sources: { fullName: "site", skills: "site", links: "site" },
    absent: ["48,213", "reputation", "Necromancer", "ghc", "Torvald Mjelde", "legal@stackoverflow.example", "twitter.com/stackoverflow", "cs.stackexchange.com"],
  },
  {
    file: "gitlab.html", family: "gitlab",
    url: "https://gitlab.com/ikaika.mh",
    person: {
      fullName: "Ikaika Menéndez-Hale",
      firstName: "Ikaika",
      lastName: "Menéndez-Hale",
      headline: "Backend engineer. Ruby, Go and too many CI pipelines.",
      title: "Senior Backend Engineer",
      company: "Pelagic Data Co.",
      location: "Honolulu, Hawaii",
      emails: ["ikaika@pelagic.example"],
      profileUrl: "https://gitlab.com/ikaika.mh",
      // The full-size avatar the header links to, not the lazy image's data: placeholder.
      photoUrl: "https://gitlab.com/uploads/-/system/user/avatar/9921774/avatar.png",
      links: [
        "https://ikaika.example/",
        "https://www.linkedin.com/in/ikaika-menendez-hale",
        "https://x.com/ikaika_mh",
        "https://hachyderm.example/@ikaika",
      ],
      summary: "Backend engineer. Ruby, Go and too many CI pipelines.",
    },
    sources: { profileUrl: "site", location: "site", photoUrl: "site" },
    absent: ["Tanvir Prasetyo", "tanvir.p", "support@gitlab.example", "On leave", "data:image"],
  },
  {
    file: "dribbble.html", family: "dribbble",
    url: "https://dribbble.com/liesbethoq/about",
    person: {
      fullName: "Liesbeth Oyelaran-Quist",
      firstName: "Liesbeth",
      lastName: "Oyelaran-Quist",
      headline: "Brand & product designer crafting calm interfaces for fintech",
      title: "",
      location: "Rotterdam, Netherlands",
      profileUrl: "https://dribbble.com/liesbethoq",
      photoUrl: "https://cdn.dribbble.com/users/5530211/avatars/normal/9f2e6b.png?1697031223",
      links: ["https://liesbeth.example.nl/", "https://instagram.com/liesbeth.oq", "https://www.linkedin.com/in/liesbeth-oq"],
      skills: ["Brand Identity", "UI Design", "Design Systems"],
      summary: "Ten years designing for banks and start-ups. I like design systems, type, and long walks along the Maas.",
    },
    sources: { fullName: "site", skills: "site", photoUrl: "site" },
    absent: ["Pieter van Meurs", "Amsterdam", "pietervm", "twitter.com/dribbble", "support@dribbble.example", "Harbourlight"],
  },
  {
    file: "behance.html", family: "behance",
    url: "https://www.behance.net/teodorashgrove",
    person: {
      fullName: "Teodor Ashgrove-Nakamura",
      firstName: "Teodor",
      lastName: "Ashgrove-Nakamura",
      headline: "Motion Designer at Fogline Pictures",
      title: "Motion Designer",
      company: "Fogline Pictures",
      location: "Vancouver, Canada",
      profileUrl: "https://behance.net/teodorashgrove",
      photoUrl: "https://mir-s3-cdn-cf.behance.net/user/276/8a41c2.png",
      links: ["https://vimeo.com/teodorashgrove", "https://www.instagram.com/teodor.motion/", "https://teodor.example.ca/"],
      // Creative fields and tools; not the statistics.
      skills: ["Motion Graphics", "Animation", "Illustration", "Cinema 4D", "After Effects"],
      summary: "Title sequences and explainer films. Cinema 4D by day, hand-drawn frames by night.",
    },
    sources: { fullName: "site", skills: "site", location: "site" },
    absent: ["Mirasol Kaur", "48,901", "Member since", "help@behance.example", "on Behance"],
  },
  {
    file: "homepage-plain.html", family: "homepage",
    url: "https://saoirse.example.ie/",
    person: {
      // From the h1 without its greeting; the title's " – Home" is not part of it.
      fullName: "Saoirse Ó Floinn-Baptiste",
      // Nothing is made up from the prose.
      headline: "",
      title: "",
      company: "",
      location: "",
      summary: "",
      photoUrl: null,
      emails: ["hello@saoirse.example.ie"],
      profileUrl: "https://saoirse.example.ie",
      // Profile links and rel=me; not the course repository, the share button or the theme's author.
      links: [
        "https://github.com/saoirse-ofb",
        "https://www.linkedin.com/in/saoirse-ofb",
        "https://stackoverflow.com/users/3310457/saoirse",
        "https://x.com/saoirse_ofb",
        "https://social.example.ie/@saoirse",
      ],
    },
    sources: { fullName: "text", links: "text", emails: "text" },
    absent: ["Conleth Moran", "conlethm", "conleth@moran.example", "intent/tweet", "ir-course", "themes/paper", "gohugo"],
  },
  {
    file: "homepage-blog.html", family: "homepage",
    url: "https://kwabena.example/",
    person: {
      // "Blog | Name": the name part of the title.
      fullName: "Kwabena Ampofo-Reyes",
      firstName: "Kwabena",
      lastName: "Ampofo-Reyes",
      emails: [],
      profileUrl: "https://kwabena.example",
      links: ["https://github.com/kampofo", "https://mastodon.example/@kwabena"],
    },
    absent: ["twitter.com/share", "Offline-first"],
  },
  // Pages without markup that are not a person's: a company (its name, or its company profile), a
  // blog of several authors, and a post (the author's site, but the page is about the post).
  { file: "company-site.html", family: "homepage", url: "https://brightwater.example/", person: null },
  { file: "consultancy-site.html", family: "homepage", url: "https://hartleyvoss.example/", person: null },
  { file: "blog-list.html", family: "homepage", url: "https://freightdesk.example/", person: null },
  { file: "group-blog.html", family: "homepage", url: "https://notebook.example/", person: null },
  { file: "blog-post.html", family: "homepage", url: "https://saoirse.example.ie/notes/2024/rust-tantivy/", person: null },
  // Pages served at a /in/ URL that are not a profile: the page's own signals say so.
  { file: "linkedin-not-found.html", family: "not-a-profile", url: "https://www.linkedin.com/in/no-such-member-x1/", person: null },
  { file: "linkedin-guest-home.html", family: "not-a-profile", url: "https://www.linkedin.com/in/fennick-oduya/", person: null },
  { file: "linkedin-authwall.html", family: "not-a-profile", url: "https://www.linkedin.com/in/fennick-oduya/", person: null },
  { file: "linkedin-company.html", family: "not-a-profile", url: "https://cz.linkedin.com/company/acme-analytics/", person: null },
  {
    file: "linkedin-search.html", family: "not-a-profile",
    url: "https://www.linkedin.com/search/results/people/?keywords=data%20engineer",
    person: null,
  },
  { file: "team-directory.html", family: "not-a-profile", url: "https://fjord-robotics.example/team", person: null },
  { file: "article.html", family: "not-a-profile", url: "https://logisticsweekly.example/2024/06/warehouses-going-dark/", person: null },
];

