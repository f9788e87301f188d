export type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
export {
  type CapturedMetric,
  captureTelemetry,
  type TelemetryCapture,
} from "./capture-telemetry.js";
export { spanAttributes, spansNamed } from "./span-queries.js";
