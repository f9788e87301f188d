import type { ColdBatch, ColdTier } from "../../src/cold-tier.js";
import { catalogReadsOf } from "./cold-tier-catalog.js";

export interface ColdTierHooks {
  /** Runs ahead of every batch (to fail, delay or hold it). */
  beforeWrite?(batch: ColdBatch): Promise<void> | void;
  /** Runs once a batch is committed. */
  afterWrite?(batch: ColdBatch): Promise<void> | void;
  /** Runs ahead of every delete. */
  beforeDelete?(threadId: string, fenceEntryId: string): Promise<void> | void;
}

/** A cold tier with test hooks around its writes and deletes. */
export function wrapColdTier(
  inner: ColdTier,
  hooks: ColdTierHooks | ((batch: ColdBatch) => Promise<void> | void),
): ColdTier {
  const { beforeWrite, afterWrite, beforeDelete } =
    typeof hooks === "function" ? { beforeWrite: hooks } : hooks;
  return {
    backend: inner.backend,
    saver: inner.saver,
    setup: () => inner.setup(),
    async writeBatch(batch) {
      await beforeWrite?.(batch);
      await inner.writeBatch(batch);
      await afterWrite?.(batch);
    },
    async deleteThread(threadId, fence) {
      await beforeDelete?.(threadId, fence);
      await inner.deleteThread(threadId, fence);
    },
    getTuple: (config) => inner.getTuple(config),
    list: (config, options) => inner.list(config, options),
    getDeltaChannelHistory: inner.getDeltaChannelHistory?.bind(inner),
    coldHead: (threadId, checkpointNs) => inner.coldHead(threadId, checkpointNs),
    ...catalogReadsOf(inner),
    close: () => inner.close(),
  };
}
