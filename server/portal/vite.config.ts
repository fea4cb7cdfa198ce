import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * The client portal's own bundle, served by the Express server under /portal (see src/portal-web.ts).
 * It shares nothing with the admin UI's bundle: a client contact never downloads the agency's screens.
 * `vite --config portal/vite.config.ts` alone proxies the portal API to :3000.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: "/portal/assets/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Hashed files straight under /portal/assets/ (cached for a year); index.html is the page's shell.
    assetsDir: "",
    target: "es2022",
    reportCompressedSize: false,
  },
  server: { proxy: { "/portal/api": "http://localhost:3000", "/brand": "http://localhost:3000" } },
});
