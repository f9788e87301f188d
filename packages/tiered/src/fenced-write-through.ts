import { LEASE_TOKEN_KEY, type WriteFenceOptions } from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";

/**
 * True when a write must not fall back to writing through to the cold tier while Redis is
 * down: its lease token or the optimistic check can only be verified by the hot tier's script
 * (the lease and the latest pointer live in Redis), and an unchecked write is what the fence
 * exists to prevent. Such a write fails with the hot tier's `BackendUnavailableError`.
 */
export function needsHotFence(config: RunnableConfig, options: WriteFenceOptions): boolean {
  return (
    config?.configurable?.[LEASE_TOKEN_KEY] != null ||
    options.requireLease === true ||
    options.concurrency === "optimistic"
  );
}
