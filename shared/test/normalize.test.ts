import { describe, expect, it } from "vitest";
import {
  companyKey,
  nameKey,
  normalizeEmail,
  normalizePhone,
  normalizeProfileUrl,
  normalizeText,
  splitName,
} from "../src/normalize";

const NFD_JIRI = "Jir\u030Ci\u0301 Dvor\u030Ca\u0301k";

describe("normalizeText", () => {
  it.each([
    ["  Jane   Doe  ", "Jane Doe"],
    ["Jane\u00A0\u00A0Doe", "Jane Doe"],
    ["Jo\u200Bhn\u200D \uFEFFSmith", "John Smith"],
    ["line\none\r\n\ttwo", "line one two"],
    ["\u2003em\u3000space\u202F", "em space"],
    [NFD_JIRI, "Jiří Dvořák"],
    ["<script>alert(1)</script>", "<script>alert(1)</script>"],
    ["", ""],
    [null, ""],
    [undefined, ""],
  ])("%j -> %j", (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it("NFC and NFD spellings are equal", () => {
    expect(normalizeText(NFD_JIRI)).toBe(normalizeText("Jiří Dvořák"));
  });
});

describe("normalizeEmail", () => {
  it.each([
    ["Jane.Doe@Example.COM", "jane.doe@example.com"],
    ["  jane@example.com\u00A0", "jane@example.com"],
    ["jane.doe+recruiting@gmail.com", "jane.doe+recruiting@gmail.com"],
    ["j.a.n.e@gmail.com", "j.a.n.e@gmail.com"],
    ["mailto:Jane@Example.com", "jane@example.com"],
    ["MAILTO:jane@example.com?subject=Hello", "jane@example.com"],
    ["<jane@example.com>", "jane@example.com"],
    ["<mailto:jane@example.com>", "jane@example.com"],
    ["jane@mail.example.co.uk", "jane@mail.example.co.uk"],
    ["jiří@příklad.cz", "jiří@příklad.cz"],
  ])("%j -> %j", (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });

  it.each([
    "foo",
    "",
    "a@b",
    "a b@c.com",
    "a@b c.com",
    "a@@b.com",
    "a@b@c.com",
    "@example.com",
    "jane@",
    "jane@.com",
    "jane@example..com",
    "jane@-example.com",
    "jane@example.c",
    ".jane@example.com",
    "jane.@example.com",
    "ja..ne@example.com",
    "<script>@x.com",
    "Jane Doe <jane@example.com>",
  ])("%j is not an email", (input) => {
    expect(normalizeEmail(input)).toBeNull();
  });

  it.each([
    ["a@x.com", "a@y.com"],
    ["jane.doe@gmail.com", "janedoe@gmail.com"],
    ["jane+a@gmail.com", "jane@gmail.com"],
  ])("%j and %j stay different", (a, b) => {
    expect(normalizeEmail(a)).not.toBe(normalizeEmail(b));
  });
});

describe("normalizeProfileUrl", () => {
  it.each([
    ["https://www.linkedin.com/in/jane-doe", "linkedin.com/in/jane-doe", "https://www.linkedin.com/in/jane-doe", "linkedin"],
    ["linkedin.com/in/jane", "linkedin.com/in/jane", "https://www.linkedin.com/in/jane", "linkedin"],
    [
      "https://www.linkedin.com/pub/John-Smith/12/345/678",
      "linkedin.com/pub/john-smith/12/345/678",
      "https://www.linkedin.com/pub/john-smith/12/345/678",
      "linkedin",
    ],
    ["https://www.linkedin.com/company/Acme/", "linkedin.com/company/Acme", "https://www.linkedin.com/company/Acme", "linkedin"],
    ["https://www.linkedin.com/jobs/view/123/?trk=x", "linkedin.com/jobs/view/123", "https://www.linkedin.com/jobs/view/123", "linkedin"],
    ["https://www.linkedin.com/feed/", "linkedin.com/feed", "https://www.linkedin.com/feed", "linkedin"],
    ["https://www.linkedin.com/profile/view?id=123&trk=nav", "linkedin.com/profile/view?id=123", "https://www.linkedin.com/profile/view?id=123", "linkedin"],
    ["GitHub.com/Octocat/", "github.com/octocat", "https://github.com/octocat", "github"],
    ["https://github.com/octocat/Hello-World", "github.com/octocat/Hello-World", "https://github.com/octocat/Hello-World", "github"],
    ["https://www.xing.com/profile/Jane_Doe/cv", "xing.com/profile/jane_doe", "https://www.xing.com/profile/Jane_Doe", "xing"],
    ["https://twitter.com/JaneD", "x.com/janed", "https://x.com/janed", "twitter"],
    ["https://x.com/janed/status/1", "x.com/janed/status/1", "https://x.com/janed/status/1", "twitter"],
    ["https://www.Example.com/People/Jane/?a=1#b", "example.com/People/Jane", "https://example.com/People/Jane", "other"],
    ["https://www.example.com", "example.com", "https://example.com", "other"],
    ["https://facebook.com/profile.php?id=1000&ref=x", "facebook.com/profile.php?id=1000", "https://facebook.com/profile.php?id=1000", "other"],
    ["https://business.linkedin.com/talent", "business.linkedin.com/talent", "https://business.linkedin.com/talent", "other"],
  ])("%s -> %s", (input, key, canonical, site) => {
    expect(normalizeProfileUrl(input)).toEqual({ key, canonical, site });
  });

  it.each([
    ["https://www.linkedin.com/in/jane-doe", "http://linkedin.com/in/jane-doe"],
    ["https://www.linkedin.com/in/jane-doe", "https://uk.linkedin.com/in/jane-doe"],
    ["https://www.linkedin.com/in/jane-doe", "https://de.linkedin.com/in/jane-doe/"],
    ["https://www.linkedin.com/in/jane-doe", "https://cz.linkedin.com/in/jane-doe"],
    ["https://www.linkedin.com/in/jane-doe", "https://m.linkedin.com/in/jane-doe"],
    ["https://www.linkedin.com/in/jane-doe", "HTTPS://WWW.LINKEDIN.COM/in/Jane-Doe"],
    ["https://www.linkedin.com/in/jane-doe", "https://www.linkedin.com/in/jane-doe/?originalSubdomain=uk#top"],
    ["https://www.linkedin.com/in/jane-doe", "https://www.linkedin.com/in/jane-doe/details/experience/"],
    ["https://www.linkedin.com/in/jane-doe", "  www.linkedin.com/in/jane-doe  "],
    ["https://www.linkedin.com/in/jane-doe", "<https://www.linkedin.com/in/jane-doe>"],
    ["https://www.linkedin.com/in/jane-doe", "//linkedin.com/in/jane-doe"],
    ["https://www.linkedin.com/in/jane-doe", "linkedin.com.:443/in/jane-doe"],
    ["https://www.linkedin.com/in/jane-doe", "https://www.linkedin.com/mwlite/in/jane-doe"],
    ["https://www.linkedin.com/in/jiří-dvořák", "https://www.linkedin.com/in/ji%C5%99%C3%AD-dvo%C5%99%C3%A1k/"],
    ["https://www.linkedin.com/in/ji%c5%99%c3%ad-dvo%c5%99%c3%a1k", "https://www.linkedin.com/in/ji%C5%99%C3%AD-dvo%C5%99%C3%A1k"],
    ["https://www.linkedin.com/in/jiří-dvořák", `https://www.linkedin.com/in/${"jir\u030Ci\u0301-dvor\u030Ca\u0301k"}`],
    ["https://www.linkedin.com/pub/john-smith/12/345/678", "http://uk.linkedin.com/pub/John-Smith/12/345/678/"],
    ["https://github.com/octocat", "http://www.github.com/OctoCat?tab=repositories"],
    ["https://www.xing.com/profile/Jane_Doe", "https://xing.com/profile/jane_doe/cv"],
    ["https://twitter.com/JaneD", "https://x.com/janed"],
    ["https://twitter.com/JaneD", "https://mobile.twitter.com/JaneD?lang=en"],
    ["https://twitter.com/JaneD", "twitter.com/#!/janed"],
    ["https://twitter.com/JaneD", "x.com/@JaneD"],
    ["https://example.com/people/jane", "http://www.example.com/people/jane/?utm_source=x#about"],
    ["https://example.com/people/j%C3%A9r%C3%B4me", "https://example.com/people/jérôme"],
  ])("%s == %s", (a, b) => {
    const ka = normalizeProfileUrl(a);
    expect(ka).not.toBeNull();
    expect(normalizeProfileUrl(b)?.key).toBe(ka?.key);
  });

  it.each([
    ["https://www.linkedin.com/in/jane", "https://www.linkedin.com/in/jane-doe"],
    ["https://www.linkedin.com/in/jane-doe", "https://www.linkedin.com/in/jane-doe-1"],
    ["https://github.com/a", "https://github.com/a/repo"],
    ["https://github.com/a", "https://gist.github.com/a"],
    ["https://github.com/jane", "https://www.linkedin.com/in/jane"],
    ["https://twitter.com/jane", "https://github.com/jane"],
    ["https://www.linkedin.com/profile/view?id=1", "https://www.linkedin.com/profile/view?id=2"],
    ["https://facebook.com/profile.php?id=1", "https://facebook.com/profile.php?id=2"],
    ["https://example.com/People/Jane", "https://example.com/people/jane"],
    ["https://example.com/a%2Fb", "https://example.com/a/b"],
    ["https://www.linkedin.com/pub/dir/jane/doe", "https://www.linkedin.com/pub/jane/doe"],
  ])("%s != %s", (a, b) => {
    expect(normalizeProfileUrl(a)?.key).not.toBe(normalizeProfileUrl(b)?.key);
  });

  it.each([
    "",
    "jane",
    "jane doe",
    "mailto:jane@example.com",
    "javascript:alert(1)",
    "ftp://example.com/jane",
    "tel:+420777123456",
    "data:text/html,<script>alert(1)</script>",
    "https://",
    "localhost:3000/jane",
  ])("%j is not a profile URL", (input) => {
    expect(normalizeProfileUrl(input)).toBeNull();
  });
});

describe("normalizePhone", () => {
  it.each([
    ["+420 777 123 456", undefined, "777123456", "+420777123456"],
    ["00420777123456", undefined, "777123456", "+420777123456"],
    ["777 123 456", undefined, "777123456", null],
    ["777 123 456", "CZ", "777123456", "+420777123456"],
    ["777 123 456", "cz", "777123456", "+420777123456"],
    ["777 123 456", "ZZ", "777123456", null],
    ["+1 (415) 555-0100", undefined, "4155550100", "+14155550100"],
    ["415-555-0100", undefined, "4155550100", null],
    ["(415) 555-0100", "US", "4155550100", "+14155550100"],
    ["+44 20 7946 0958", undefined, "2079460958", "+442079460958"],
    ["+44 (0)20 7946 0958", undefined, "2079460958", "+442079460958"],
    ["020 7946 0958", undefined, "2079460958", null],
    ["020 7946 0958", "GB", "2079460958", "+442079460958"],
    ["+1 415 555 0100 ext. 12", undefined, "4155550100", "+14155550100"],
    ["415-555-0100 x12", undefined, "4155550100", null],
    ["415.555.0100 extension 7", undefined, "4155550100", null],
    ["tel:+420-777-123-456;ext=5", undefined, "777123456", "+420777123456"],
    ["０７７７ １２３ ４５６", undefined, "777123456", null],
    ["+39 06 1234 5678", undefined, "612345678", "+390612345678"],
    ["+420 12345 6", undefined, "123456", null],
    ["(+420) 602-123-456", undefined, "602123456", "+420602123456"],
  ])("%j (%s) -> key %s, e164 %s", (input, country, key, e164) => {
    expect(normalizePhone(input, country)).toMatchObject({ key, e164 });
  });

  it("display is the trimmed input with collapsed whitespace", () => {
    expect(normalizePhone("  +420\u00A0777   123 456 ")?.display).toBe("+420 777 123 456");
  });

  it.each([
    ["+420 777 123 456", "00420777123456"],
    ["+420 777 123 456", "777 123 456"],
    ["+420 777 123 456", "777123456"],
    ["+1 (415) 555-0100", "415-555-0100"],
    ["+44 20 7946 0958", "020 7946 0958"],
    ["+39 06 1234 5678", "06 1234 5678"],
  ])("%j and %j share a key", (a, b) => {
    expect(normalizePhone(a)?.key).toBe(normalizePhone(b)?.key);
  });

  it.each([
    ["+420 777 123 456", "+420 777 123 457"],
    ["415-555-0100", "415-555-0101"],
  ])("%j and %j stay different", (a, b) => {
    expect(normalizePhone(a)?.key).not.toBe(normalizePhone(b)?.key);
  });

  it.each(["12345", "", "call me", "+420 1234", "012345", "555-01 ext. 123456", "000000"])("%j -> null", (input) => {
    expect(normalizePhone(input)).toBeNull();
  });
});

describe("nameKey", () => {
  it.each([
    ["Jane Doe", "doe jane"],
    ["  DOE   jane ", "doe jane"],
    ["Jiří Dvořák", "dvorak jiri"],
    [NFD_JIRI, "dvorak jiri"],
    ["Jane Q. Doe", "doe jane"],
    ["Dr. Jane Doe, PhD", "doe jane"],
    ["Ing. Jan Novák, Ph.D.", "jan novak"],
    ["Mgr. Petra Svobodová", "petra svobodova"],
    ["Mr John Smith Jr.", "john smith"],
    ["Łukasz Żółw", "lukasz zolw"],
    ["Seán O'Brien", "obrien sean"],
    ["Jean-Luc Picard", "jean luc picard"],
    ["<script>alert(1)</script>", "alert script script"],
    ["", ""],
    ["Dr. J.", ""],
  ])("%j -> %j", (input, expected) => {
    expect(nameKey(input)).toBe(expected);
  });

  it.each([
    ["Jiří Dvořák", "Jiri Dvorak"],
    ["Jiří Dvořák", "Dvořák Jiří"],
    ["Jiří Dvořák", "DVOŘÁK, Jiří"],
    ["Jane Doe", "Jane M. Doe"],
  ])("%j == %j", (a, b) => {
    expect(nameKey(a)).toBe(nameKey(b));
  });

  it.each([
    ["Jane Doe", "John Doe"],
    ["Jane Doe", "Jane Doerr"],
    ["Jan Novák", "Jana Nováková"],
  ])("%j != %j", (a, b) => {
    expect(nameKey(a)).not.toBe(nameKey(b));
  });
});

describe("companyKey", () => {
  it.each([
    ["Acme, Inc.", "acme"],
    ["ACME inc", "acme"],
    ["Acme", "acme"],
    ["Acme Ltd.", "acme"],
    ["Acme LLC", "acme"],
    ["Acme Corp.", "acme"],
    ["Acme Co.", "acme"],
    ["Acme PLC", "acme"],
    ["Acme AG", "acme"],
    ["Acme S.A.", "acme"],
    ["Acme B.V.", "acme"],
    ["Acme GmbH", "acme"],
    ["Acme GmbH & Co. KG", "acme"],
    ["Škoda Auto a.s.", "skoda auto"],
    ["Seznam.cz, a. s.", "seznam cz"],
    ["Dvořák s.r.o.", "dvorak"],
    ["Dvořák s. r. o.", "dvorak"],
    ["Dvořák spol. s r.o.", "dvorak"],
    ["Booking.com B.V.", "booking com"],
    ["Co-op Bank", "co op bank"],
    ["AG", "ag"],
    ["", ""],
  ])("%j -> %j", (input, expected) => {
    expect(companyKey(input)).toBe(expected);
  });

  it.each([
    ["Acme", "Acne"],
    ["Acme Bank", "Acme"],
  ])("%j != %j", (a, b) => {
    expect(companyKey(a)).not.toBe(companyKey(b));
  });
});

describe("splitName", () => {
  it.each([
    ["Jane Q. Doe", "Jane", "Doe"],
    ["Jane Doe", "Jane", "Doe"],
    ["  Jane   Doe ", "Jane", "Doe"],
    ["Mary Ann Smith", "Mary Ann", "Smith"],
    ["J. Robert Oppenheimer", "J. Robert", "Oppenheimer"],
    ["Madonna", "Madonna", ""],
    ["", "", ""],
    ["Ing. Jan Novák, Ph.D.", "Jan", "Novák"],
    ["Martin Luther King Jr.", "Martin Luther", "King"],
    ["Dvořák, Jiří", "Jiří", "Dvořák"],
    [NFD_JIRI, "Jiří", "Dvořák"],
    ["<script>alert(1)</script>", "<script>alert(1)</script>", ""],
  ])("%j -> %j %j", (input, firstName, lastName) => {
    expect(splitName(input)).toEqual({ firstName, lastName });
  });
});
