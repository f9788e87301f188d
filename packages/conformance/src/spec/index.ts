export { describeCheckpointSaver } from "../describe-checkpoint-saver.js";
export { describeWhen, itWhen } from "./capability-gate.js";
export {
  describeLatestHistory,
  type LatestHistorySpecOptions,
} from "./describe-latest-history.js";
export * from "./fixtures.js";
export { describeInputContract, type InputContractOptions } from "./input-contract/index.js";
export * from "./leases/index.js";
export { officialSpecs } from "./official-spec.js";
export { PENDING_SPECS_ENV } from "./pending-cases.js";
export { type ConformanceSpec, PROJECT_SPECS } from "./project-specs.js";
export * from "./state-size/index.js";
export * from "./thread-catalog/index.js";
