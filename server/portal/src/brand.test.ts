import { describe, expect, it } from "vitest";
import { brandPalette, contrast } from "./brand";

describe("brand palette", () => {
  it("keeps a dark colour and darkens a light one until white text on it reads at 4.5:1", () => {
    expect(brandPalette("#1d4ed8").brand).toBe("#1d4ed8");
    for (const c of ["#ffeb3b", "#ffffff", "#7dd3fc", "#22c55e"]) {
      const p = brandPalette(c);
      expect(contrast(p.brand, "#ffffff")).toBeGreaterThanOrEqual(4.5);
      expect(p.brand).not.toBe(c);
    }
    expect(brandPalette(null).brand).toBe("#2357c5");
    expect(brandPalette("red").brand).toBe("#2357c5");
  });
});
