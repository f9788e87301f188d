import {
  type ListThreadsOptions,
  MAX_THREAD_TOTALS_IDS,
  type StateSizeReader,
  type StoredCheckpointSize,
  type ThreadCatalog,
  type ThreadListPage,
  type ThreadSizeSummary,
  type ThreadSizeSummaryOptions,
  type ThreadTotalsLookup,
} from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import type {
  BaseCheckpointSaver,
  CheckpointListOptions,
  CheckpointTuple,
  DeltaChannelHistory,
} from "@langchain/langgraph-checkpoint";
import type { ColdBatch, ColdTier, ThreadTotals } from "./cold-tier.js";

/**
 * What a cold tier's saver offers beyond LangGraph's contract: size records, a catalog and
 * an exact lookup of threads by id (`threadTotals`).
 */
export type ColdSaver = BaseCheckpointSaver & StateSizeReader & ThreadCatalog & ThreadTotalsLookup;

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

  /**
   * The saver's own exact lookup by id (one statement on PostgreSQL, one point read per
   * thread on Cosmos DB), in slices of at most `MAX_THREAD_TOTALS_IDS` ids.
   */
  async threadTotals(threadIds: readonly string[]): Promise<ReadonlyMap<string, ThreadTotals>> {
    const unique = [...new Set(threadIds)];
    const found = new Map<string, ThreadTotals>();
    for (let start = 0; start < unique.length; start += MAX_THREAD_TOTALS_IDS) {
      const slice = unique.slice(start, start + MAX_THREAD_TOTALS_IDS);
      for (const [threadId, thread] of await this.saver.threadTotals(slice)) {
        found.set(threadId, {
          checkpointCount: thread.checkpointCount,
          storedBytes: thread.storedBytes,
        });
      }
    }
    return found;
  }

  async coldHead(threadId: string, checkpointNs: string): Promise<string | undefined> {
    const tuple = await this.saver.getTuple({
      configurable: { thread_id: threadId, checkpoint_ns: checkpointNs },
    });
    return tuple?.checkpoint.id;
  }
}
