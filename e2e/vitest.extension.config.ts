import { defineConfig } from "vitest/config";

/** The extension's browser tests: the built test extension and the real server in headless Chromium (extension-harness.ts). */
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["extension*.test.ts"],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
