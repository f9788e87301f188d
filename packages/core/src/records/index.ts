export * from "./fence-position.js";
export * from "./serialized-records.js";
