import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Password hashing (scrypt, 32 MiB) dominates setup; keep parallelism modest on 2-core machines.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "server", include: ["test/**/*.test.ts"] } },
      // The web UI's component tests, in a DOM.
      {
        extends: true,
        oxc: { jsx: { runtime: "automatic" } },
        test: { name: "web", include: ["web/src/**/*.test.{ts,tsx}"], environment: "jsdom", setupFiles: ["web/src/test/setup.ts"] },
      },
      // The client portal's pure helpers (its screens are covered by e2e/portal-client.e2e.ts).
      { extends: true, test: { name: "portal", include: ["portal/src/**/*.test.ts"] } },
    ],
  },
});
