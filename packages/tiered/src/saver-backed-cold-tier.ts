import type {
  ListThreadsOptions,
  StateSizeReader,
  StoredCheckpointSize,
  ThreadCatalog,
  ThreadListPage,
  ThreadSizeSummary,
  ThreadSizeSummaryOptions,
} from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import type {
  BaseCheckpointSaver,
  CheckpointListOptions,
  CheckpointTuple,
  DeltaChannelHistory,
} from "@langchain/langgraph-checkpoint";
import { threadTotalsFromListing } from "./cold-thread-lookup.js";
import type { ColdBatch, ColdTier, ThreadTotals } from "./cold-tier.js";

/** What a cold tier's saver offers beyond LangGraph's contract: size records and a catalog. */
export type ColdSaver = BaseCheckpointSaver & StateSizeReader & ThreadCatalog;

/**
 * The reads every cold tier answers the same way: straight from the durable saver it writes
 * through. Adapters add only what differs per backend: how batches are written and how
 * deletes are fenced.
 */
export abstract class SaverBackedColdTier<S extends ColdSaver> implements ColdTier {
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

  getCheckpointSize(config: RunnableConfig): Promise<StoredCheckpointSize | undefined> {
    return this.saver.getCheckpointSize(config);
  }

  threadSizeSummary(
    threadId: string,
    options?: ThreadSizeSummaryOptions,
  ): Promise<ThreadSizeSummary> {
    return this.saver.threadSizeSummary(threadId, options);
  }

  listThreads(options?: ListThreadsOptions): Promise<ThreadListPage> {
    return this.saver.listThreads(options);
  }

  /** One prefix listing per thread (see `threadTotalsFromListing`); a tier may do better. */
  threadTotals(threadIds: readonly string[]): Promise<ReadonlyMap<string, ThreadTotals>> {
    return threadTotalsFromListing(this.saver, threadIds);
  }

  async coldHead(threadId: string, checkpointNs: string): Promise<string | undefined> {
    const tuple = await this.saver.getTuple({
      configurable: { thread_id: threadId, checkpoint_ns: checkpointNs },
    });
    return tuple?.checkpoint.id;
  }
}
