module.exports = require("@checkpointkit/conformance/jest-preset")({
  servers: ["redis", "postgres", "cosmos"],
});
