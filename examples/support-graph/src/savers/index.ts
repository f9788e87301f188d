export * from "./ipc-checkpointer-client.js";
export * from "./ipc-checkpointer-host.js";
export * from "./memory-audit-trail.js";
export * from "./memory-saver-factory.js";
export * from "./saver-factory.js";
export * from "./saver-registry.js";
