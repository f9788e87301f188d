// The conformance package's own tests start their servers themselves (they kill and restart
// them); the shared ones below serve the suite's specs.
module.exports = require("./jest-preset.cjs")({ servers: ["redis", "postgres", "cosmos"] });
