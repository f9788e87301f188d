export { describeCheckpointSaver } from "../describe-checkpoint-saver.js";
export { describeWhen, itWhen } from "./capability-gate.js";
export * from "./fixtures.js";
export { officialSpecs } from "./official-spec.js";
export { type ConformanceSpec, PROJECT_SPECS } from "./project-specs.js";
