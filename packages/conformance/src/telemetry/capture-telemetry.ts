import { metrics, trace } from "@opentelemetry/api";
import {
  AggregationTemporality,
  type DataPoint,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";

/** One metric's data points as the in-memory exporter received them. */
export interface CapturedMetric {
  name: string;
  unit: string;
  dataPoints: DataPoint<unknown>[];
}

/** The OpenTelemetry SDK, registered globally with in-memory exporters, for tests. */
export interface TelemetryCapture {
  /** Spans ended so far (since the last `reset`). */
  spans(): ReadableSpan[];
  /** Collects every instrument now (observable ones call their callbacks) and returns them. */
  collectMetrics(): Promise<CapturedMetric[]>;
  reset(): void;
  /** Unregisters the SDK: the API answers with its no-op tracer and meter again. */
  stop(): Promise<void>;
}

/**
 * Registers a tracer provider and a meter provider as the application would (globally), each
 * exporting to memory. Spans are exported as they end (`SimpleSpanProcessor`); metrics when
 * `collectMetrics` asks (cumulative, the reader's interval is never reached in a test).
 */
export function captureTelemetry(): TelemetryCapture {
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spanExporter)],
  });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 3_600_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  const capture: TelemetryCapture = {
    spans: () => spanExporter.getFinishedSpans(),
    async collectMetrics() {
      metricExporter.reset();
      await reader.forceFlush();
      return metricExporter
        .getMetrics()
        .flatMap((resource) => resource.scopeMetrics)
        .flatMap((scope) => scope.metrics)
        .map((metric) => ({
          name: metric.descriptor.name,
          unit: metric.descriptor.unit,
          dataPoints: metric.dataPoints as DataPoint<unknown>[],
        }));
    },
    reset: () => spanExporter.reset(),
    async stop() {
      liveCaptures.delete(capture);
      trace.disable();
      metrics.disable();
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
  liveCaptures.add(capture);
  return capture;
}

/** Captures registered and not stopped yet: a test may register a new one after `stop`. */
const liveCaptures = new Set<TelemetryCapture>();

/** Stops every capture still registered, so the next test can register the SDK again. */
export async function stopLiveCaptures(): Promise<void> {
  await Promise.all([...liveCaptures].map((capture) => capture.stop()));
}
