import { type CosmosFaultInjector, createCosmosFaultInjector } from "@checkpointkit/conformance";
import { type BatchHook, createBatchHook } from "./batch-hook.js";
import { type CosmosSaverFixture, useCosmosSaver } from "./use-cosmos-saver.js";

/** Small chunks, so chunked values, writes and metadata cost kilobytes, not megabytes. */
export const SMALL_CHUNK_SIZE_BYTES = 2048;

export interface InterruptibleCosmosSaverFixture extends CosmosSaverFixture {
  /** Fails requests on demand; pending faults are cleared after each test. */
  readonly injector: CosmosFaultInjector;
  /** Acts before each transactional batch; reset after each test. */
  readonly batchHook: BatchHook;
}

/**
 * A saver with small chunks for tests that interrupt a multi-batch operation: a fault at the Nth
 * batch, or a concurrent writer between batches. The client retries once, quickly, so an
 * injected fault surfaces instead of being waited out.
 */
export function useInterruptibleCosmosSaver(): InterruptibleCosmosSaverFixture {
  const injector = createCosmosFaultInjector();
  const batchHook = createBatchHook();
  const fixture = useCosmosSaver({
    injector,
    batchHook,
    retryOptions: { maxRetryAttemptCount: 1, maxWaitTimeInSeconds: 1 },
    saverOptions: { chunkSizeBytes: SMALL_CHUNK_SIZE_BYTES },
  });
  return {
    injector,
    batchHook,
    get client() {
      return fixture.client;
    },
    get saver() {
      return fixture.saver;
    },
  };
}
