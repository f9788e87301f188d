/*
 * `@checkpointkit/cosmos/internal`: APIs for the other checkpointkit packages (the tiered
 * saver's cold tier), not for applications. They may change in any release.
 */
export * from "./cold-write/index.js";
