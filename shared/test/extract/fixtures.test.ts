import { describe, expect, it } from "vitest";
import { extractProfile, toProspectDraft } from "../../src/extract/index";
import { zProfileDraft } from "../../src/profile";
import { cases } from "./fixture-cases";
import { fixture, page } from "./helpers";

/** Every string in a value, however deep. */
function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (typeof v === "object" && v !== null) return Object.values(v).flatMap(strings);
  return [];
}

describe("extractProfile on fixture pages", () => {
  it.each(cases)("$file", ({ file, url, person, sources, absent }) => {
    const result = extractProfile(page(fixture(file), url), url);
    if (person === null) {
      expect(result).toEqual({ person: null, sources: {} });
      return;
    }
    expect(result.person).not.toBeNull();
    expect(result.person).toMatchObject(person);
    if (sources) expect(result.sources).toMatchObject(sources);
    const text = strings(result).join("\n");
    for (const s of absent ?? []) expect(text).not.toContain(s);
    // Every field that has a value says where it came from, and no field without one does.
    for (const [field, value] of Object.entries(result.person ?? {})) {
      const filled = Array.isArray(value) ? value.length > 0 : value !== "" && value !== null;
      expect(field in result.sources, field).toBe(filled);
    }
  });

  it.each(cases.filter((c) => c.person !== null))("$file maps onto zProfileDraft", ({ file, url }) => {
    const { person } = extractProfile(page(fixture(file), url), url);
    const draft = zProfileDraft.parse(toProspectDraft(person!, url));
    expect(draft.fullName).toBe(person!.fullName);
    expect(draft.sourceUrl).toBe(url);
  });

  it("reads the same person from a LinkedIn profile whatever the URL variant", () => {
    const html = fixture("linkedin-guest.html");
    const urls = [
      "https://cz.linkedin.com/in/jana-novakova-4a1b2c",
      "https://www.linkedin.com/in/jana-novakova-4a1b2c/",
      "https://www.linkedin.com/in/Jana-Novakova-4a1b2c/details/experience/",
    ];
    const names = urls.map((u) => extractProfile(page(html, u), u).person?.profileUrl);
    expect(new Set(names)).toEqual(new Set(["https://www.linkedin.com/in/jana-novakova-4a1b2c"]));
  });

  it("reads no person from a LinkedIn layout served on another path", () => {
    const url = "https://www.linkedin.com/feed/";
    // Site readers run on profile URLs only, and this page has no structured data to go by.
    const result = extractProfile(page(fixture("linkedin-member.html"), url), url);
    expect(result.person).toBeNull();
  });
});
