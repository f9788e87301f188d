export * from "./capabilities.js";
export * from "./cosmos/index.js";
export * from "./fault-matrix/index.js";
export * from "./fault-proxy/index.js";
export * from "./harness.js";
export { type ProcessFault, processFaultsSoFar } from "./jest/process-fault-guard.js";
export * from "./servers/index.js";
export * from "./spec/index.js";
export * from "./stored-history/index.js";
