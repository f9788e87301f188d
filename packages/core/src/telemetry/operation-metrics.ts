import type { Attributes, Histogram, MeterProvider } from "@opentelemetry/api";
import type { OpenTelemetryApi } from "./optional-api.js";
import {
  ATTRIBUTE,
  OPERATION_DURATION_METRIC,
  type SaverBackend,
  TELEMETRY_SCOPE_NAME,
} from "./telemetry-names.js";

/**
 * The operation duration histogram of one saver. The histogram is made again when the
 * application registers another meter provider (the API has no proxy for meters: one made
 * before the SDK was registered would stay a no-op). Attribute sets are built once per
 * (operation, outcome) and reused, so recording allocates nothing.
 */
export class OperationMetrics {
  #provider: MeterProvider | undefined;
  #histogram: Histogram | undefined;
  readonly #attributeSets = new Map<string, Attributes>();

  constructor(private readonly backend: SaverBackend) {}

  record(
    api: OpenTelemetryApi,
    operation: string,
    errorType: string | undefined,
    seconds: number,
  ): void {
    const provider = api.metrics.getMeterProvider();
    if (provider !== this.#provider || this.#histogram === undefined) {
      this.#provider = provider;
      this.#histogram = provider
        .getMeter(TELEMETRY_SCOPE_NAME)
        .createHistogram(OPERATION_DURATION_METRIC, {
          description: "Duration of checkpointkit saver operations",
          unit: "s",
        });
    }
    this.#histogram.record(seconds, this.#attributes(operation, errorType));
  }

  #attributes(operation: string, errorType: string | undefined): Attributes {
    const key = errorType === undefined ? operation : `${operation}\u0000${errorType}`;
    let attributes = this.#attributeSets.get(key);
    if (attributes === undefined) {
      attributes = {
        [ATTRIBUTE.backend]: this.backend.name,
        [ATTRIBUTE.dbOperationName]: operation,
        ...(this.backend.dbSystem === undefined
          ? {}
          : { [ATTRIBUTE.dbSystem]: this.backend.dbSystem }),
        ...(this.backend.dbSystemName === undefined
          ? {}
          : { [ATTRIBUTE.dbSystemName]: this.backend.dbSystemName }),
        ...(errorType === undefined ? {} : { [ATTRIBUTE.errorType]: errorType }),
      };
      // Bounded: operations are a fixed set, error types the few classes thrown.
      if (this.#attributeSets.size < 1000) this.#attributeSets.set(key, attributes);
    }
    return attributes;
  }
}
