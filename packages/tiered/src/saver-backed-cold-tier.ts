import type { RunnableConfig } from "@langchain/core/runnables";
import type {
  BaseCheckpointSaver,
  CheckpointListOptions,
  CheckpointTuple,
  DeltaChannelHistory,
} from "@langchain/langgraph-checkpoint";
import type { ColdBatch, ColdTier } from "./cold-tier.js";

/**
 * The reads every cold tier answers the same way: straight from the durable saver it writes
 * through. Adapters add only what differs per backend: how batches are written and how
 * deletes are fenced.
 */
export abstract class SaverBackedColdTier<S extends BaseCheckpointSaver> implements ColdTier {
  abstract readonly backend: ColdTier["backend"];
  readonly saver: S;

  protected constructor(saver: S) {
    this.saver = saver;
  }

  abstract setup(): Promise<void>;
  abstract writeBatch(batch: ColdBatch): Promise<void>;
  abstract deleteThread(threadId: string, fenceEntryId: string): Promise<void>;
  abstract close(): Promise<void>;

  getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    return this.saver.getTuple(config);
  }

  list(config: RunnableConfig, options?: CheckpointListOptions): AsyncGenerator<CheckpointTuple> {
    return this.saver.list(config, options);
  }

  getDeltaChannelHistory(options: {
    config: RunnableConfig;
    channels: string[];
  }): Promise<Record<string, DeltaChannelHistory>> {
    return this.saver.getDeltaChannelHistory(options);
  }

  async coldHead(threadId: string, checkpointNs: string): Promise<string | undefined> {
    const tuple = await this.saver.getTuple({
      configurable: { thread_id: threadId, checkpoint_ns: checkpointNs },
    });
    return tuple?.checkpoint.id;
  }
}
