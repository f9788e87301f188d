import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** How to start the worker thread: a script file, or (from source) code that loads it. */
export interface FlusherThreadEntry {
  script: string;
  eval: boolean;
}

/**
 * The built `flusher-thread.js` next to this module (in `dist/`). From the TypeScript
 * source (this package's own tests), a bootstrap that registers tsx in the thread and then
 * imports `flusher-thread.ts`: a worker's `execArgv` does not carry `--import` loaders.
 * `__dirname` is the module's directory in both builds (tsup shims it in the ES module build).
 */
export function flusherThreadEntry(): FlusherThreadEntry {
  const directory = typeof __dirname === "string" ? __dirname : directoryFromStack();
  const built = join(directory, "flusher-thread.js");
  if (existsSync(built)) return { script: built, eval: false };
  const tsx = createRequire(join(directory, "flusher-thread.ts"))
    .resolve("tsx/esm/api")
    .replace(/\.cjs$/, ".mjs");
  const source = pathToFileURL(join(directory, "flusher-thread.ts")).href;
  const code = `import(${JSON.stringify(pathToFileURL(tsx).href)}).then((api) => { api.register(); return import(${JSON.stringify(source)}); });`;
  return { script: code, eval: true };
}

/**
 * This module's directory when it runs as untranspiled ES module source (a script of this
 * package's tests run through tsx): no `__dirname` there, and `import.meta` would not
 * compile for the CommonJS build, so the call stack names the file.
 */
function directoryFromStack(): string {
  const line = new Error().stack
    ?.split("\n")
    .find((frame) => frame.includes("flusher-thread-entry"));
  const location = /(file:\/\/[^\s)]+|\/[^\s)]+)\.ts:\d+:\d+/.exec(line ?? "")?.[1];
  if (location === undefined) throw new Error("cannot locate the flusher's worker-thread script");
  return dirname(location.startsWith("file:") ? fileURLToPath(location) : location);
}
