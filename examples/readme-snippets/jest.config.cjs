// The snippets connect to the one Redis, PostgreSQL and Cosmos DB server the preset's
// globalSetup starts (or the ones REDIS_URL / POSTGRES_URL / COSMOS_ENDPOINT name). One tsc run
// over every snippet comes first, which a small CI machine needs more than the default for.
module.exports = require("@checkpointkit/conformance/jest-preset")({
  servers: ["redis", "postgres", "cosmos"],
  testTimeoutMs: 120_000,
});
