import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { JSDOM } from "jsdom";

/** A parsed page, as the extension's content script would see it (scripts not run). */
export function page(html: string, url = "https://example.com/"): Document {
  return new JSDOM(html, { url }).window.document;
}

/** The HTML of a hand-written fixture page in shared/fixtures. */
export function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url)), "utf8");
}
