export {
  describeStateSizeLimits,
  type SizedSaver,
  type StateSizeSpecOptions,
} from "./describe-state-size-limits.js";
