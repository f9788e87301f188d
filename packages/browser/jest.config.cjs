// One Redis and one PostgreSQL server for the run, started by the preset's globalSetup
// (unless REDIS_URL / POSTGRES_URL name them); the browser test drives Debian's chromium.
module.exports = require("@checkpointkit/conformance/jest-preset")({
  servers: ["redis", "postgres"],
  testTimeoutMs: 60_000,
});
