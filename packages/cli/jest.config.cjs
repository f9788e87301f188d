module.exports = require("@checkpointkit/conformance/jest-preset")({
  servers: ["postgres", "redis", "cosmos"],
});
