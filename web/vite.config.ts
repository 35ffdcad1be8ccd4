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
      input: {
        main: resolve(import.meta.dirname, "index.html"),
        graphiql: resolve(import.meta.dirname, "graphiql.html"),
      },
    },
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
});
