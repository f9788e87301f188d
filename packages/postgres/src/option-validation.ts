import { InvalidConfigError } from "@checkpointkit/core";
import { readHistoryMode, validateRetentionOptions } from "@checkpointkit/core/internal";
import type {
  PostgresConnStringOptions,
  PostgresSaverCommonOptions,
} from "./postgres-saver-options.js";

function requirePositiveInteger(value: number | undefined, field: string): void {
  if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
    throw new InvalidConfigError(`${field} must be a positive integer, got ${value}`, { field });
  }
}

export function validateCommonOptions(options: PostgresSaverCommonOptions): void {
  validateRetentionOptions(options);
  readHistoryMode(options);
  requirePositiveInteger(options.listPageSize, "listPageSize");
  requirePositiveInteger(options.pruneBatchSize, "pruneBatchSize");
  requirePositiveInteger(options.ttlSweepIntervalMs, "ttlSweepIntervalMs");
  requirePositiveInteger(options.connectionTimeoutMs, "connectionTimeoutMs");
  requirePositiveInteger(options.queryTimeoutMs, "queryTimeoutMs");
  if (options.onCorruptRecord !== undefined && typeof options.onCorruptRecord !== "function") {
    throw new InvalidConfigError("onCorruptRecord must be a function", {
      field: "onCorruptRecord",
    });
  }
  if (options.ttlSweepIntervalMs !== undefined && options.ttlSeconds === undefined) {
    throw new InvalidConfigError("ttlSweepIntervalMs needs ttlSeconds", {
      field: "ttlSweepIntervalMs",
    });
  }
}

export function validateConnStringOptions(options: PostgresConnStringOptions): void {
  validateCommonOptions(options);
  requirePositiveInteger(options.statementTimeoutMs, "statementTimeoutMs");
}
