import { BackendUnavailableError } from "@checkpointkit/core";
import { withDeadline } from "@checkpointkit/core/internal";
import { perRequestDeadline, sharedDeadline } from "./cosmos-deadline.js";
import { unwrapCosmosError } from "./cosmos-errors.js";
import { describeNetworkFailure, type NetworkFailureRecorder } from "./cosmos-network-failures.js";
import { RequestMeter } from "./cosmos-requests.js";
import type { CosmosOperationName, CosmosSaverBehaviourOptions } from "./cosmos-saver-options.js";

/**
 * Runs saver operations under their deadline and reports what each cost. One per saver.
 */
export class OperationRunner {
  readonly #timeoutMs: number;
  readonly #failures: NetworkFailureRecorder | undefined;
  readonly #onRequestCharge: CosmosSaverBehaviourOptions["onRequestCharge"];

  constructor(options: {
    operationTimeoutMs: number;
    failures: NetworkFailureRecorder | undefined;
    onRequestCharge: CosmosSaverBehaviourOptions["onRequestCharge"];
  }) {
    this.#timeoutMs = options.operationTimeoutMs;
    this.#failures = options.failures;
    this.#onRequestCharge = options.onRequestCharge;
  }

  /** One operation, bounded as a whole by `operationTimeoutMs`. */
  async run<T>(
    operation: CosmosOperationName,
    body: (meter: RequestMeter) => Promise<T>,
  ): Promise<T> {
    const startedAtMs = Date.now();
    let meter: RequestMeter | undefined;
    try {
      return await withDeadline(
        (signal) => {
          meter = new RequestMeter(operation, sharedDeadline(signal));
          return body(meter);
        },
        { timeoutMs: this.#timeoutMs, onTimeout: () => this.#timeoutError(operation, startedAtMs) },
      );
    } finally {
      if (meter !== undefined) this.report(meter);
    }
  }

  /**
   * A meter whose every request gets `operationTimeoutMs` of its own, for operations whose
   * length depends on the caller (`list`) or on the data (`prune` over every thread). The
   * caller reports it once done.
   */
  perRequestMeter(operation: CosmosOperationName): RequestMeter {
    return new RequestMeter(
      operation,
      perRequestDeadline(this.#timeoutMs, () =>
        this.#timeoutError(operation, Date.now() - this.#timeoutMs),
      ),
    );
  }

  report(meter: RequestMeter): void {
    try {
      this.#onRequestCharge?.(meter.operation, meter.requestUnits);
    } catch {
      // A failing metrics hook must not turn a stored checkpoint into a failed put.
    }
  }

  /** "timed out", and why when the client saw a network failure since `sinceMs`. */
  #timeoutError(operation: CosmosOperationName, sinceMs: number): BackendUnavailableError {
    const lastFailure = this.#failures?.failureSince(sinceMs);
    const why =
      lastFailure === undefined
        ? ""
        : `; the last request failed with: ${describeNetworkFailure(unwrapCosmosError(lastFailure))}`;
    return new BackendUnavailableError(
      `${operation}: Cosmos DB timed out: no answer within ${this.#timeoutMs} ms (operationTimeoutMs)${why}`,
      { backend: "cosmos", ...(lastFailure === undefined ? {} : { cause: lastFailure }) },
    );
  }
}
