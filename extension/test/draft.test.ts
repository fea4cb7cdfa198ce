import { describe, expect, test } from "vitest";
import { fromForm, parseTags, toForm } from "../src/lib/draft";

describe("the capture form's draft", () => {
  const draft = {
    fullName: "Jane Doe",
    firstName: "Jane",
    lastName: "Doe",
    headline: "Staff Engineer <b>at</b> Acme",
    title: "Staff Engineer",
    company: "Acme",
    location: "Berlin",
    emails: ["jane@acme.example", "j@d.example"],
    phones: ["+4930123456"],
    profileUrl: "https://www.linkedin.com/in/jane",
    photoUrl: null,
    links: ["https://github.com/jane"],
    skills: ["Rust", "Go"],
    summary: "Builds robots.",
  };

  test("round-trips every field, markup left as text", () => {
    expect(fromForm(toForm(draft), "https://page.example/")).toEqual({ ...draft, sourceUrl: "https://page.example/" });
  });

  test("edited lists are trimmed, de-duplicated and emails lower-cased", () => {
    const f = { ...toForm(draft), emails: " Jane@Acme.example \n\njane@acme.example, other@x.example ", skills: "Rust, rust ,  Go,,", phones: "+49 30 1\n+49 30 1" };
    const d = fromForm(f, null);
    expect(d.emails).toEqual(["jane@acme.example", "other@x.example"]);
    expect(d.skills).toEqual(["Rust", "Go"]);
    expect(d.phones).toEqual(["+49 30 1"]);
    expect(d.sourceUrl).toBeNull();
  });

  test("empty URLs become null; no person gives an empty form", () => {
    expect(fromForm({ ...toForm(null), fullName: "X" }, null)).toMatchObject({ profileUrl: null, photoUrl: null, emails: [], links: [] });
  });

  test("tags: comma separated, at most 50, each at most 60 characters", () => {
    expect(parseTags("rust, berlin ,, Rust")).toEqual(["rust", "berlin"]);
    expect(parseTags(Array.from({ length: 60 }, (_, i) => `t${i}`).join(","))).toHaveLength(50);
    expect(parseTags("x".repeat(80))[0]).toHaveLength(60);
  });
});
