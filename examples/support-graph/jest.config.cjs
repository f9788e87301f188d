// No shared servers yet: the savers' factories will start their own (or list them here as
// `servers: [...]` once the example's tests run on Redis, Postgres and Cosmos).
// The crash-resume tests fork a tsx child per test, hence the longer budget.
module.exports = require("@checkpointkit/conformance/jest-preset")({ testTimeoutMs: 60_000 });
