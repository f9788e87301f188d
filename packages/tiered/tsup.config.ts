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
    // `__dirname` in the ES module build: the worker-thread flusher finds its script by it.
    shims: true,
  },
  {
    // The `checkpointkit-flusher` bin and the flusher's worker thread: ESM only, no typings.
    entry: { cli: "src/cli.ts", "flusher-thread": "src/flusher-thread.ts" },
    format: ["esm"],
    sourcemap: true,
    target: "node20",
  },
]);
