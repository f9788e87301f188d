import { createRequire } from "node:module";
import type * as OpenTelemetryModule from "@opentelemetry/api";

/** The `@opentelemetry/api` module, as the savers use it. */
export type OpenTelemetryApi = typeof OpenTelemetryModule;

let loaded: OpenTelemetryApi | null | undefined;

/**
 * `@opentelemetry/api` when the application installed it, else `undefined` (it is an optional
 * peer dependency: nothing may fail without it). Loaded synchronously on first use. The
 * CommonJS build loads it with its own `require`, so a host that runs modules in a sandbox of
 * its own (jest) finds the copy, and the `globalThis`, the application registered its SDK in;
 * the ES module build has no `require` and loads it with `createRequire` from here (tsup's
 * shim gives the CommonJS build an `import.meta.url` too). The API keeps registered providers
 * on `globalThis`, so either module format of it sees the SDK.
 */
export function openTelemetryApi(): OpenTelemetryApi | undefined {
  if (loaded === undefined) loaded = loadOptionalApi();
  return loaded ?? undefined;
}

function loadOptionalApi(): OpenTelemetryApi | null {
  try {
    return require("@opentelemetry/api") as OpenTelemetryApi;
  } catch {
    // Not installed, or an ES module build where `require` does not exist.
  }
  try {
    return createRequire(import.meta.url)("@opentelemetry/api") as OpenTelemetryApi;
  } catch {
    return null;
  }
}
