import { describe, expect, it } from "vitest";
import { countryFromLocation } from "../../src/extract/country";
import { looksLikeDateRange, normalizeDate, parseDateRange } from "../../src/extract/dates";
import { cleanEmail, cleanPhone, cleanText, httpUrl, splitHeadline, textLines, visibleText } from "../../src/extract/text";
import { page } from "./helpers";

describe("cleanText", () => {
  it.each([
    ["  Jana\n\t Nováková ", "Jana Nováková"],
    ["Jana Nova\u0301kova\u0301", "Jana Nováková"],
    ["Acme\u202Egnp.exe", "Acmegnp.exe"],
    ["a\u0000b\u0007c", "a b c"],
    ["Jo\u200Bhn", "John"],
    ["<b>bold</b>", "<b>bold</b>"],
  ])("%j → %j", (input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });
});

describe("httpUrl", () => {
  it.each([
    ["https://x.example/a", null, "https://x.example/a"],
    ["/a/b", "https://x.example/c/", "https://x.example/a/b"],
    ["//cdn.example/p.png", "https://x.example/", "https://cdn.example/p.png"],
    ["javascript:alert(1)", null, null],
    ["JaVaScRiPt:alert(1)", null, null],
    ["java\tscript:alert(1)", "https://x.example/", null],
    [" \njavascript:alert(1)", "https://x.example/", null],
    ["data:image/png;base64,AAAA", null, null],
    ["vbscript:msgbox(1)", null, null],
    ["mailto:a@b.example", null, null],
    ["https://user:pw@x.example/", null, null],
    ["", "https://x.example/", null],
  ])("%j (base %j) → %j", (raw, base, expected) => {
    expect(httpUrl(raw, base)).toBe(expected);
  });
});

describe("cleanEmail / cleanPhone", () => {
  it.each([
    ["mailto:Jane@Example.COM?subject=hi", "jane@example.com"],
    ["jane@example.com", "jane@example.com"],
    ["http://example.com/john@example.com", "john@example.com"],
    ["not an email", null],
  ])("email %j → %j", (raw, expected) => {
    expect(cleanEmail(raw)).toBe(expected);
  });

  it.each([
    ["tel:+420-777-123-456", undefined, "+420777123456"],
    ["777 123 456", "CZ", "+420777123456"],
    ["(425) 123-4567", undefined, "(425) 123-4567"],
    ["(425) 123-4567", "US", "+14251234567"],
    ["+44 (0)20 7946 0958", undefined, "+442079460958"],
    ["call me maybe 12", undefined, null],
    ["2 endorsements", undefined, null],
  ])("phone %j (%s) → %j", (raw, country, expected) => {
    expect(cleanPhone(raw, country)).toBe(expected);
  });
});

describe("country from location", () => {
  it.each([
    ["Prague, Prague, Czechia", "CZ"],
    ["Brno, Česko", "CZ"],
    ["Berlin, Deutschland", "DE"],
    ["Seattle, WA", "US"],
    ["London, UK", "GB"],
    ["Lagos, Nigeria", "NG"],
    ["Somewhere nice", undefined],
  ])("%j → %j", (location, code) => {
    expect(countryFromLocation(location)).toBe(code);
  });
});

describe("dates", () => {
  it.each([
    ["Mar 2019", "2019-03"],
    ["March 2019", "2019-03"],
    ["März 2019", "2019-03"],
    ["Jan. 2016", "2016-01"],
    ["03/2020", "2020-03"],
    ["2019-03-15", "2019-03-15"],
    ["2019-03-15T10:00:00Z", "2019-03-15"],
    ["2015", "2015"],
    ["Present", ""],
    ["heute", ""],
    ["sometime", "sometime"],
  ])("normalizeDate %j → %j", (raw, expected) => {
    expect(normalizeDate(raw)).toBe(expected);
  });

  it.each([
    ["Mar 2019 - Present · 5 yrs 2 mos", { start: "2019-03", end: "" }],
    ["Mar 2019 - Present 5 years 2 months", { start: "2019-03", end: "" }],
    ["Jan. 2016 – Feb. 2020", { start: "2016-01", end: "2020-02" }],
    ["03/2020 - heute", { start: "2020-03", end: "" }],
    ["2015-2019", { start: "2015", end: "2019" }],
    ["2010 - 2015", { start: "2010", end: "2015" }],
    ["seit 2021", { start: "2021", end: "" }],
    ["Full-time · 6 yrs", null],
    // A duration in brackets with the place glued after it (older public layout).
    ["May 2012 – August 2012 (4 months)Waterloo, Canada", { start: "2012-05", end: "2012-08" }],
    ["September 2012 – December 2015 (3 years 4 months) Greater Toronto Area, Canada", { start: "2012-09", end: "2015-12" }],
  ])("parseDateRange %j", (raw, expected) => {
    expect(parseDateRange(raw)).toEqual(expected);
  });

  it.each([
    ["Apr 2021 - Present · 3 yrs 3 mos", true],
    ["2009 - 2014", true],
    // Long only because of the duration and the place after it.
    ["September 2012 – December 2015 (3 years 4 months)Greater Toronto Area, Canada", true],
    ["Brno, South Moravia, Czechia", false],
    ["Full-time · 6 yrs 2 mos", false],
    ["Founded the company in 2019 and grew it to a team of forty people across three offices.", false],
  ])("looksLikeDateRange %j → %s", (line, expected) => {
    expect(looksLikeDateRange(line)).toBe(expected);
  });
});

describe("page text", () => {
  it("never reads scripts, styles or screen-reader duplicates, and never markup", () => {
    const doc = page(
      `<div id="x"><span aria-hidden="true">Senior Engineer</span><span class="visually-hidden">Senior Engineer</span><script>alert(1)</script><style>p{}</style> &lt;b&gt;</div>`,
    );
    expect(visibleText(doc.getElementById("x"))).toBe("Senior Engineer <b>");
  });

  it("splits lines at blocks and aria-hidden spans", () => {
    const doc = page(`<li id="x"><div><span aria-hidden="true">Title</span></div><span aria-hidden="true">Acme · Full-time</span><span aria-hidden="true">Jan 2020 - Present</span></li>`);
    expect(textLines(doc.getElementById("x"))).toEqual(["Title", "Acme · Full-time", "Jan 2020 - Present"]);
  });

  it.each([
    ["Senior Data Engineer at Acme Analytics | Streaming", { title: "Senior Data Engineer", company: "Acme Analytics" }],
    ["CTO @ Rocket (ex-Google)", { title: "CTO", company: "Rocket" }],
    ["Entwicklerin bei Muster GmbH", { title: "Entwicklerin", company: "Muster GmbH" }],
    ["Building things with data", null],
  ])("splitHeadline %j", (headline, expected) => {
    expect(splitHeadline(headline)).toEqual(expected);
  });
});
