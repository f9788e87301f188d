// Preloaded (`node --require`) into the run safety section's worker that stands for a project
// without the optional peer: `@opentelemetry/api` cannot be resolved there, so the savers take
// their no-telemetry path, as in a project that never installed it.
const Module = require("node:module");
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === "@opentelemetry/api" || request.startsWith("@opentelemetry/api/")) {
    const error = new Error(`Cannot find module '${request}'`);
    error.code = "MODULE_NOT_FOUND";
    throw error;
  }
  return resolve.call(this, request, ...rest);
};
