import { defineConfig } from "vitest/config";

/** Browser tests: the built web UI and the real server in headless Chromium (see harness.ts). */
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["**/*.e2e.ts"],
    // One server and one browser per file; files run one after another (2 cores).
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
