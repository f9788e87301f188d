import { BackendUnavailableError } from "@checkpointkit/core";
import { withDeadline } from "@checkpointkit/core/internal";
import { sharedDeadline } from "../cosmos-deadline.js";
import { RequestMeter } from "../cosmos-requests.js";
import type { CosmosOperationName } from "../cosmos-saver-options.js";
import type { CosmosStoreOperationName, CosmosStoreOptions } from "./cosmos-store-options.js";

/**
 * Runs one store call under its deadline with the saver's request helpers (`RequestMeter`,
 * `sendRequest`): the same retries on reset sockets, typed errors and RU accounting.
 */
export class StoreRunner {
  constructor(
    private readonly timeoutMs: number,
    private readonly onRequestCharge: CosmosStoreOptions["onRequestCharge"],
  ) {}

  async run<T>(
    operation: CosmosStoreOperationName,
    body: (meter: RequestMeter) => Promise<T>,
  ): Promise<T> {
    let meter: RequestMeter | undefined;
    try {
      return await withDeadline(
        (signal) => {
          // The meter names the operation only in error messages; the saver's name type
          // does not list the store's calls (it lives in a file another change owns).
          meter = new RequestMeter(
            operation as unknown as CosmosOperationName,
            sharedDeadline(signal),
          );
          return body(meter);
        },
        {
          timeoutMs: this.timeoutMs,
          onTimeout: () =>
            new BackendUnavailableError(
              `${operation}: Cosmos DB timed out: no answer within ${this.timeoutMs} ms (operationTimeoutMs)`,
              { backend: "cosmos" },
            ),
        },
      );
    } finally {
      if (meter !== undefined) {
        try {
          this.onRequestCharge?.(operation, meter.requestUnits);
        } catch {
          // A failing metrics hook must not fail a store call that succeeded.
        }
      }
    }
  }
}
