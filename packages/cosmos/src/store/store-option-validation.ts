import { InvalidConfigError } from "@checkpointkit/core";
import type { CosmosStoreOptions } from "./cosmos-store-options.js";
import { checkVectorOptions } from "./store-vector-option-validation.js";

function isContainer(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { items?: unknown }).items === "object" &&
    typeof (value as { item?: unknown }).item === "function"
  );
}

/** Refuses options the store could not honour, at construction rather than at first use. */
export function validateCosmosStoreOptions(options: CosmosStoreOptions): void {
  if (!isContainer(options?.container)) {
    throw new InvalidConfigError("container must be a Cosmos DB Container", { field: "container" });
  }
  const { ttlSeconds, operationTimeoutMs } = options;
  if (ttlSeconds !== undefined && !(Number.isFinite(ttlSeconds) && ttlSeconds > 0)) {
    throw new InvalidConfigError("ttlSeconds must be a positive number", { field: "ttlSeconds" });
  }
  if (options.refreshTtlOnRead !== undefined && typeof options.refreshTtlOnRead !== "boolean") {
    throw new InvalidConfigError("refreshTtlOnRead must be a boolean", {
      field: "refreshTtlOnRead",
    });
  }
  checkVectorOptions(options);
  const { partitionLabels } = options;
  if (
    partitionLabels !== undefined &&
    !(Number.isInteger(partitionLabels) && partitionLabels > 0)
  ) {
    throw new InvalidConfigError("partitionLabels must be a positive integer", {
      field: "partitionLabels",
    });
  }
  if (
    operationTimeoutMs !== undefined &&
    !(Number.isInteger(operationTimeoutMs) && operationTimeoutMs > 0)
  ) {
    throw new InvalidConfigError("operationTimeoutMs must be a positive integer", {
      field: "operationTimeoutMs",
    });
  }
}
