// The same suite against ioredis 6 (RESP3 by default), the other major the peer range allows.
const base = require("./jest.config.cjs");

module.exports = {
  ...base,
  moduleNameMapper: {
    ...base.moduleNameMapper,
    "^ioredis$": require.resolve("ioredis-6"),
  },
  globals: { ...base.globals, expectedIoredisMajor: 6 },
};
