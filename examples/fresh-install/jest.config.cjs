// The fresh projects' programs connect to the one Redis, PostgreSQL and Cosmos DB server the
// preset's globalSetup starts (or the ones REDIS_URL / POSTGRES_URL / COSMOS_ENDPOINT name).
// Two npm installs and two tsc runs on a small CI machine need far more than the default budget.
module.exports = require("@checkpointkit/conformance/jest-preset")({
  servers: ["redis", "postgres", "cosmos"],
  testTimeoutMs: 180_000,
});
