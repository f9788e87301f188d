import type { BatchObservableCallback, Observable } from "@opentelemetry/api";
import { openTelemetryApi } from "./optional-api.js";
import { TELEMETRY_SCOPE_NAME } from "./telemetry-names.js";

/** One value a saver reports when the metrics SDK collects (gauge: a level; counter: a total). */
export interface ObservedMetric {
  name: string;
  description: string;
  unit: string;
  kind: "gauge" | "counter";
}

/**
 * Registers observable instruments with the meter provider registered now, fed by one `read`
 * per collection. A failing `read` (the backend is down) reports nothing for that collection
 * instead of failing the exporter. Returns the function that unregisters them; without
 * `@opentelemetry/api` it registers nothing.
 */
export function observeMetrics(
  metrics: readonly ObservedMetric[],
  read: () => Promise<Readonly<Record<string, number>>>,
  attributes: Readonly<Record<string, string>>,
): () => void {
  const api = openTelemetryApi();
  if (api === undefined) return () => {};
  const meter = api.metrics.getMeter(TELEMETRY_SCOPE_NAME);
  const instruments = metrics.map((metric): [ObservedMetric, Observable] => {
    const options = { description: metric.description, unit: metric.unit };
    return [
      metric,
      metric.kind === "gauge"
        ? meter.createObservableGauge(metric.name, options)
        : meter.createObservableCounter(metric.name, options),
    ];
  });
  const callback: BatchObservableCallback = async (result) => {
    let values: Readonly<Record<string, number>>;
    try {
      values = await read();
    } catch {
      return;
    }
    for (const [metric, instrument] of instruments) {
      const value = values[metric.name];
      if (typeof value === "number" && Number.isFinite(value)) {
        result.observe(instrument, value, attributes);
      }
    }
  };
  const observables = instruments.map(([, instrument]) => instrument);
  meter.addBatchObservableCallback(callback, observables);
  return () => meter.removeBatchObservableCallback(callback, observables);
}
