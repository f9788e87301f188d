export { errorTypeOf } from "./error-type.js";
export { type ObservedMetric, observeMetrics } from "./observed-metrics.js";
export {
  countBytesRead,
  countBytesWritten,
  countRoundTrip,
  isOperationRecorded,
} from "./operation-scope.js";
export type { OperationTarget } from "./operation-target.js";
export { SAVER_BACKENDS } from "./saver-backends.js";
export { SaverTelemetry } from "./saver-telemetry.js";
export {
  configOfRequest,
  STANDARD_TRACED_METHODS,
  threadOfPruneOptions,
} from "./standard-traced-methods.js";
export {
  ATTRIBUTE as TELEMETRY_ATTRIBUTES,
  OPERATION_DURATION_METRIC,
  type SaverBackend,
  TELEMETRY_SCOPE_NAME,
} from "./telemetry-names.js";
export { configureTelemetry, type TelemetryOptions } from "./telemetry-options.js";
export { type TracedMethod, traceSaverMethods } from "./trace-saver-methods.js";
