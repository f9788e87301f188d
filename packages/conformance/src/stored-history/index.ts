export {
  describeStoredHistory,
  type StoredHistoryHarness,
} from "./describe-stored-history.js";
export type { ReadSpec } from "./read-spec.js";
export { type ReadSpecOptions, readSpecs, readSpecViolations } from "./read-specs.js";
