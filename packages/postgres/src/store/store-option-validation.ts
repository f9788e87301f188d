import { InvalidConfigError } from "@checkpointkit/core";
import type { PostgresStoreCommonOptions } from "./postgres-store-options.js";

function positiveInteger(value: unknown, field: string): void {
  if (value !== undefined && !(Number.isInteger(value) && (value as number) > 0)) {
    throw new InvalidConfigError(`${field} must be a positive integer`, { field });
  }
}

/** Refuses options the store could not honour, at construction rather than at first use. */
export function validateStoreOptions(options: PostgresStoreCommonOptions): void {
  const { ttlSeconds } = options;
  if (ttlSeconds !== undefined && !(Number.isFinite(ttlSeconds) && ttlSeconds > 0)) {
    throw new InvalidConfigError("ttlSeconds must be a positive number", { field: "ttlSeconds" });
  }
  if (options.refreshTtlOnRead !== undefined && typeof options.refreshTtlOnRead !== "boolean") {
    throw new InvalidConfigError("refreshTtlOnRead must be a boolean", {
      field: "refreshTtlOnRead",
    });
  }
  positiveInteger(options.ttlSweepIntervalMs, "ttlSweepIntervalMs");
  positiveInteger(options.connectionTimeoutMs, "connectionTimeoutMs");
  positiveInteger(options.queryTimeoutMs, "queryTimeoutMs");
  positiveInteger(options.index?.hnsw?.m, "index.hnsw.m");
  positiveInteger(options.index?.hnsw?.efConstruction, "index.hnsw.efConstruction");
  const vectorSearch = options.index?.vectorSearch;
  if (vectorSearch !== undefined && !["auto", "exact", "approximate"].includes(vectorSearch)) {
    throw new InvalidConfigError('index.vectorSearch must be "auto", "exact" or "approximate"', {
      field: "index.vectorSearch",
    });
  }
}
