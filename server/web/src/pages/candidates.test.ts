import { describe, expect, it } from "vitest";
import { progressPercent } from "../lib/import-fields";
import { candidateFiltersFromUrl } from "./candidates";
import { parseStatuses } from "./openings";

describe("list filters from the URL", () => {
  it("reads the candidate filters, ignoring values it does not know", () => {
    expect(candidateFiltersFromUrl(new URLSearchParams("tab=prospects&q=%20jana%20&opening=3&stage=9&source=extension&dnc=no&followUp=1&rating=shortlist"))).toEqual({
      tab: "prospects",
      search: "jana",
      openingId: 3,
      stageId: 9,
      source: "extension",
      doNotContact: false,
      needsFollowUp: true,
      rating: "shortlist",
      limit: 50,
    });
    const junk = candidateFiltersFromUrl(new URLSearchParams("tab=nope&opening=-1&stage=abc&source=mars&dnc=maybe&followUp=1"));
    expect(junk).toMatchObject({ tab: "all", openingId: undefined, stageId: undefined, source: undefined, doNotContact: undefined, needsFollowUp: undefined });
  });

  it("reads the openings status filter (default: everything but archived)", () => {
    expect(parseStatuses("")).toEqual(["draft", "open", "on_hold", "closed"]);
    expect(parseStatuses("archived")).toEqual(["archived"]);
    expect(parseStatuses("all")).toBeUndefined();
    expect(parseStatuses("bogus")).toEqual(["draft", "open", "on_hold", "closed"]);
  });

  it("computes the import progress", () => {
    expect(progressPercent(0, 0)).toBe(0);
    expect(progressPercent(250, 1000)).toBe(25);
    expect(progressPercent(1200, 1000)).toBe(100);
  });
});
