// The servers and fault injection without the jest specs, for code that runs outside jest
// (the demo, the benchmarks): the package's main entry registers specs and needs jest's globals.
export * from "./cosmos/index.js";
export * from "./fault-proxy/index.js";
export * from "./servers/index.js";
