// One Redis, one PostgreSQL and one Cosmos DB server for the run, started by the preset's globalSetup
// (unless REDIS_URL / POSTGRES_URL / COSMOS_ENDPOINT name them); the browser test drives Debian's chromium.
module.exports = require("@checkpointkit/conformance/jest-preset")({
  servers: ["redis", "postgres", "cosmos"],
  testTimeoutMs: 60_000,
});
