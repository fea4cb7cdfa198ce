import path from "node:path";
import { defineConfig } from "vitest/config";

/** Unit tests of the extension's pure modules (src/lib), with an in-memory chrome.storage. */
export default defineConfig({
  // Plasmo's tsconfig convention is jsx: preserve; vitest must compile JSX itself.
  oxc: { jsx: { runtime: "automatic" } },
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "src") } },
  test: { include: ["test/**/*.test.ts"], environment: "node" },
});
