// One Redis, one PostgreSQL and one Cosmos DB server for the whole run, started by the
// preset's globalSetup (unless REDIS_URL / POSTGRES_URL / COSMOS_ENDPOINT name them) and
// shared by every test file. The crash-resume tests fork a tsx child per test, hence the
// longer budget.
module.exports = require("@checkpointkit/conformance/jest-preset")({
  servers: ["redis", "postgres", "cosmos"],
  testTimeoutMs: 60_000,
});
