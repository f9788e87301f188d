import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/internal.ts"],
  format: ["esm", "cjs"],
  // Both entry points throw the same error classes: one shared chunk per format, so
  // `instanceof` holds across them in CommonJS too (tsup splits only ESM by default).
  splitting: true,
  // `@internal` members are for sibling packages' source, not for the published typings.
  dts: { compilerOptions: { stripInternal: true } },
  // The CommonJS build gets an `import.meta.url` (telemetry loads its optional peer from here).
  shims: true,
  sourcemap: true,
  clean: true,
  target: "node20",
});
