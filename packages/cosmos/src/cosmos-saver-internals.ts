import type { Container } from "@azure/cosmos";
import type { HistoryMode } from "@checkpointkit/core";
import type { ThreadPartition } from "./cosmos-items.js";
import type { OperationRunner } from "./cosmos-operation-runner.js";
import type { PayloadCodec } from "./cosmos-payloads.js";

/**
 * What the package's internal entry point (`@checkpointkit/cosmos/internal`) needs of a
 * saver to write through it with the same layout, encoding, deadlines and error mapping.
 * Reached through a `Symbol.for` key rather than a WeakMap because the public and the
 * internal entry points are separate bundles, each with its own module state.
 */
export interface CosmosSaverInternals {
  container: Container;
  codec: PayloadCodec;
  tenantId: string | undefined;
  ttlSeconds: number | undefined;
  /** `"latest"`: records are written as a latest-mode `put`/`putWrites` writes them. */
  history: HistoryMode;
  batchBudgetBytes: number;
  operations: OperationRunner;
  partition(threadId: string): ThreadPartition;
}

export const COSMOS_SAVER_INTERNALS: unique symbol = Symbol.for(
  "checkpointkit.cosmos.saverInternals",
);
