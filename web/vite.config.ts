import { defineConfig } from "vite";

export default defineConfig({
  root: import.meta.dirname,
  // Preact's automatic JSX runtime, without a framework plugin.
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, target: "es2022" },
});
