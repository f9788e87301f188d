// Runs once per jest run, in jest's main process, before any worker starts. Plain CommonJS
// because jest loads it with Node's own `require` (its transform applies, its
// moduleNameMapper does not), so the `.js`-suffixed imports of the TypeScript source
// need the small resolution fallback below.
const Module = require("node:module");
const path = require("node:path");

const SOURCE_ROOT = path.resolve(__dirname, "..");

/**
 * Lets `require("./x.js")` from this package's TypeScript source find `./x.ts`, the way
 * the workers' moduleNameMapper does. Only tried after normal resolution failed.
 */
function resolveTypeScriptSourceImports() {
  if (Module.__checkpointkitTsResolution) return;
  Module.__checkpointkitTsResolution = true;
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function resolveWithTsFallback(request, parent, ...rest) {
    try {
      return resolveFilename.call(this, request, parent, ...rest);
    } catch (error) {
      const fromSource = parent?.filename?.startsWith(SOURCE_ROOT) === true;
      if (!fromSource || !request.startsWith(".") || !request.endsWith(".js")) throw error;
      return resolveFilename.call(this, `${request.slice(0, -3)}.ts`, parent, ...rest);
    }
  };
}

module.exports = async function globalSetup(_globalConfig, projectConfig) {
  resolveTypeScriptSourceImports();
  const { startSharedTestServers } = require("../servers/shared-test-servers.ts");
  const requested = projectConfig.globals?.checkpointkitTestServers ?? [];
  // Read back by global-teardown.cjs, which runs in this same process.
  globalThis.__checkpointkitSharedTestServers = await startSharedTestServers(requested);
};
