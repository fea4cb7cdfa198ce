import { describe, expect, it } from "vitest";
import { toProspectDraft } from "../../src/extract/index";
import type { ProfileDraft } from "../../src/extract/types";
import { zProfileDraft } from "../../src/profile";

const base: ProfileDraft = {
  fullName: "Jane Doe",
  firstName: "Jane",
  lastName: "Doe",
  headline: "Engineer at Acme",
  title: "Engineer",
  company: "Acme",
  location: "Prague, Czechia",
  emails: ["jane@example.com"],
  phones: ["+420777123456"],
  profileUrl: "https://www.linkedin.com/in/jane",
  photoUrl: "https://media.example/jane.jpg",
  links: ["https://github.com/jane"],
  skills: ["Go"],
  experience: [{ title: "Engineer", company: "Acme", start: "2020", end: "", location: "" }],
  education: [],
  summary: "Hi.",
};

describe("toProspectDraft", () => {
  it("maps every field the server accepts and validates against zProfileDraft", () => {
    const draft = zProfileDraft.parse(toProspectDraft(base, "https://www.linkedin.com/in/jane?trk=x"));
    expect(draft).toEqual({
      fullName: "Jane Doe",
      firstName: "Jane",
      lastName: "Doe",
      headline: "Engineer at Acme",
      title: "Engineer",
      company: "Acme",
      location: "Prague, Czechia",
      emails: ["jane@example.com"],
      phones: ["+420777123456"],
      profileUrl: "https://www.linkedin.com/in/jane",
      photoUrl: "https://media.example/jane.jpg",
      links: ["https://github.com/jane"],
      skills: ["Go"],
      summary: "Hi.",
      sourceUrl: "https://www.linkedin.com/in/jane?trk=x",
    });
  });

  it("cuts oversized values to the schema's limits instead of failing the add", () => {
    const huge: ProfileDraft = {
      ...base,
      fullName: "N".repeat(1000),
      headline: "H".repeat(1000),
      summary: "S".repeat(50_000),
      emails: Array.from({ length: 40 }, (_, i) => `p${i}@example.com`),
      links: Array.from({ length: 80 }, (_, i) => `https://site${i}.example/`),
      skills: ["x".repeat(150), ...Array.from({ length: 300 }, (_, i) => `skill ${i}`)],
    };
    const draft = zProfileDraft.parse(toProspectDraft(huge));
    expect(draft.fullName).toHaveLength(300);
    expect(draft.headline).toHaveLength(500);
    expect(draft.summary).toHaveLength(20_000);
    expect(draft.emails).toHaveLength(20);
    expect(draft.links).toHaveLength(50);
    expect(draft.skills).toHaveLength(200);
    expect(draft.sourceUrl).toBe(base.profileUrl);
  });

  it("does not pass a non-http source URL through", () => {
    expect(toProspectDraft(base, "javascript:alert(1)").sourceUrl).toBe(base.profileUrl);
  });
});
