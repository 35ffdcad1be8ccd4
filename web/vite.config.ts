import { resolve } from "node:path";
import { defineConfig } from "vite";

// Two pages: the workbench (index.html) and GraphiQL (graphiql.html), both served by the API from dist/,
// so neither needs anything from the internet.
export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // GraphiQL's Radix UI modules carry "use client" (a React Server Components hint, meaningless here).
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
      input: {
        main: resolve(import.meta.dirname, "index.html"),
        graphiql: resolve(import.meta.dirname, "graphiql.html"),
      },
    },
  },
});
