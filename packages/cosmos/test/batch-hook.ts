import type { PluginConfig } from "@azure/cosmos";

/**
 * Lets a test act between the saver's transactional batches: play a concurrent writer, or fail
 * the service from the Nth batch on, without mocking anything the saver calls.
 */
export interface BatchHook {
  /** The SDK request plugin to install on the test client. */
  readonly plugin: PluginConfig;
  /** Runs (and is awaited) before each batch request while set; numbers count from 1. */
  beforeBatch: ((batchNumber: number) => void | Promise<void>) | undefined;
  /** Unsets `beforeBatch` and restarts the batch numbering. */
  reset(): void;
}

export function createBatchHook(): BatchHook {
  let batchNumber = 0;
  const hook: BatchHook = {
    beforeBatch: undefined,
    plugin: {
      on: "request",
      plugin: async (context, _diagnosticNode, next) => {
        if (context.operationType === "batch" && hook.beforeBatch !== undefined) {
          batchNumber += 1;
          await hook.beforeBatch(batchNumber);
        }
        return next(context);
      },
    },
    reset() {
      hook.beforeBatch = undefined;
      batchNumber = 0;
    },
  };
  return hook;
}
