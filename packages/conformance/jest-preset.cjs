// @ts-check
const path = require("node:path");

/** The test servers a package's jest run can ask for; each is started once per run. */
const KNOWN_SERVERS = ["redis", "postgres", "cosmos"];

/**
 * Per-test budget. Generous because tests start and kill real servers on a shared machine;
 * round-trip counts, not timings, are what tests assert.
 */
const DEFAULT_TEST_TIMEOUT_MS = 30_000;

/**
 * The jest config of a checkpointkit package: TypeScript through @swc/jest (including this
 * package's own TypeScript source, consumed through a pnpm symlink), `.js`-suffixed imports
 * resolved to their `.ts` files, and the listed test servers started once per jest run by
 * `globalSetup` (unless REDIS_URL / POSTGRES_URL / COSMOS_ENDPOINT already name one) and
 * handed to the workers through those env vars.
 *
 * @param {{ servers?: Array<"redis" | "postgres" | "cosmos">; testTimeoutMs?: number }} [options]
 * @returns {import("jest").Config}
 */
function createJestConfig(options = {}) {
  const servers = options.servers ?? [];
  for (const server of servers) {
    if (!KNOWN_SERVERS.includes(server)) {
      throw new Error(
        `Unknown test server "${server}" in createJestConfig; use ${KNOWN_SERVERS.join(", ")}`,
      );
    }
  }
  return {
    // jest's Node environment plus a recorder of process-level faults (see the file).
    testEnvironment: path.join(__dirname, "src/jest/process-fault-environment.cjs"),
    testMatch: ["<rootDir>/test/**/*.test.ts"],
    transform: {
      "^.+\\.(t|j)sx?$": [
        require.resolve("@swc/jest"),
        {
          jsc: { target: "es2022", parser: { syntax: "typescript" } },
          module: { type: "commonjs" },
        },
      ],
    },
    // Workspace packages are symlinked into node_modules and shipped as TypeScript source.
    transformIgnorePatterns: ["/node_modules/(?!(\\.pnpm/)?@checkpointkit/)"],
    moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
    setupFilesAfterEnv: [path.join(__dirname, "src/jest/setup-after-env.ts")],
    globalSetup: path.join(__dirname, "src/jest/global-setup.cjs"),
    globalTeardown: path.join(__dirname, "src/jest/global-teardown.cjs"),
    globals: { checkpointkitTestServers: servers },
    testTimeout: options.testTimeoutMs ?? DEFAULT_TEST_TIMEOUT_MS,
  };
}

module.exports = createJestConfig;
module.exports.createJestConfig = createJestConfig;
