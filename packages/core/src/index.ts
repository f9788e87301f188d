export * from "./channel-version.js";
export * from "./compression.js";
export * from "./errors/index.js";
export * from "./keys/index.js";
export * from "./retention.js";
export * from "./thread-config.js";
export * from "./write-ordering.js";
