import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** The admin UI: served by the Express server at /app (see src/web.ts); `vite` alone proxies the API to :3000. */
export default defineConfig({
  root: import.meta.dirname,
  base: "/app/",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", reportCompressedSize: false },
  server: { proxy: { "/trpc": "http://localhost:3000", "/exports": "http://localhost:3000" } },
});
