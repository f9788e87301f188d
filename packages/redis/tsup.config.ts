import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    internal: "src/internal.ts",
    store: "src/store/index.ts",
  },
  format: ["esm", "cjs"],
  // `@internal` members are for this package's own entry points, not for the published typings.
  dts: { compilerOptions: { stripInternal: true } },
  sourcemap: true,
  clean: true,
  target: "node20",
});
