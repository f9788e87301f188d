import { InvalidConfigError } from "@checkpointkit/core";
import {
  readHistoryMode,
  requireFunction,
  requirePositiveInteger,
  validateRetentionOptions,
  validateWriteFenceOptions,
} from "@checkpointkit/core/internal";
import type {
  PostgresConnStringOptions,
  PostgresSaverCommonOptions,
} from "./postgres-saver-options.js";

export function validateCommonOptions(options: PostgresSaverCommonOptions): void {
  validateRetentionOptions(options);
  readHistoryMode(options);
  validateWriteFenceOptions(options);
  requirePositiveInteger(options.listPageSize, "listPageSize");
  requirePositiveInteger(options.pruneBatchSize, "pruneBatchSize");
  requirePositiveInteger(options.ttlSweepIntervalMs, "ttlSweepIntervalMs");
  requirePositiveInteger(options.connectionTimeoutMs, "connectionTimeoutMs");
  requirePositiveInteger(options.queryTimeoutMs, "queryTimeoutMs");
  requireFunction(options.onCorruptRecord, "onCorruptRecord");
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
