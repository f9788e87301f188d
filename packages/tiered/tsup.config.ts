import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: ["src/index.ts", "src/postgres.ts", "src/cosmos.ts"],
    format: ["esm", "cjs"],
    // `@internal` members are for this package's own entry points, not for the published typings.
    dts: { compilerOptions: { stripInternal: true } },
    sourcemap: true,
    clean: true,
    target: "node20",
  },
  {
    // The `checkpointkit-flusher` bin: ESM only, no typings.
    entry: { cli: "src/cli.ts" },
    format: ["esm"],
    sourcemap: true,
    target: "node20",
  },
]);
