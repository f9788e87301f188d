export type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
export {
  type CapturedMetric,
  captureTelemetry,
  type TelemetryCapture,
} from "./capture-telemetry.js";
export {
  type CompiledStepsGraph,
  compileOperationsGraph,
  type StepsGraphBuilder,
  type StepsGraphBuilders,
  type StepsState,
} from "./operations-graph.js";
export { spanAttributes, spansNamed } from "./span-queries.js";
export { useTelemetryCapture } from "./use-telemetry-capture.js";
