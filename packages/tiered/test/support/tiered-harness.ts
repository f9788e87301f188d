import type { SaverHarness } from "@checkpointkit/conformance";
import type {
  ListThreadsOptions,
  StoredCheckpointSize,
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
import type { Redis } from "ioredis";
import { TieredSaver, type TieredSaverOptions } from "../../src/index.js";
import { type TestColdTier, tieredSaver } from "./test-tiers.js";

/**
 * A conformance harness: each `create()` gets a fresh Redis key prefix and fresh cold
 * storage. The cast at the end bridges the CommonJS typings the conformance package sees
 * and the ESM typings of this package (same classes, declared twice); `S` is what the
 * specs it is given to need of the saver.
 */
export function tieredHarness<S extends BaseCheckpointSaver = BaseCheckpointSaver>(
  name: string,
  redis: () => Redis,
  createCold: () => Promise<TestColdTier>,
  release: () => Promise<void>,
  readFrom: "tiers" | "cold-after-flush" = "tiers",
  saverOptions: Partial<TieredSaverOptions> = {},
): SaverHarness<S> {
  const colds = new Map<TieredSaver, TestColdTier>();
  const harness = {
    name,
    beforeAllTimeoutMs: 120_000,
    async afterAll() {
      await release();
    },
    async create(options: { ttlSeconds?: number } = {}): Promise<TieredSaver> {
      const cold = await createCold();
      const saver = await tieredSaver(
        redis(),
        cold.cold,
        { ...saverOptions, ttlSeconds: options.ttlSeconds },
        readFrom === "tiers" ? TieredSaver : ColdReadingTieredSaver,
      );
      colds.set(saver, cold);
      return saver;
    },
    async destroy(saver: TieredSaver) {
      await saver.close();
      await colds.get(saver)?.drop();
      colds.delete(saver);
    },
  };
  return harness as unknown as SaverHarness<S>;
}

/**
 * Reads wait for the flush and then come from the cold tier only: the whole suite then
 * checks what the flusher wrote, not what Redis holds.
 */
class ColdReadingTieredSaver extends TieredSaver {
  override async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    await this.flush();
    return this.cold.getTuple(config);
  }

  override async *list(
    config: RunnableConfig,
    options?: CheckpointListOptions,
  ): AsyncGenerator<CheckpointTuple> {
    await this.flush();
    yield* this.cold.list(config, options);
  }

  override async getCheckpointSize(
    config: RunnableConfig,
  ): Promise<StoredCheckpointSize | undefined> {
    await this.flush();
    return this.cold.getCheckpointSize(config);
  }

  override async threadSizeSummary(
    threadId: string,
    options?: ThreadSizeSummaryOptions,
  ): Promise<ThreadSizeSummary> {
    await this.flush();
    return this.cold.threadSizeSummary(threadId, options);
  }

  override async listThreads(options?: ListThreadsOptions): Promise<ThreadListPage> {
    await this.flush();
    return this.cold.listThreads(options);
  }

  /** The cold tier's own implementation (one recursive query, or two Cosmos DB queries). */
  override async getDeltaChannelHistory(request: {
    config: RunnableConfig;
    channels: string[];
  }): Promise<Record<string, DeltaChannelHistory>> {
    await this.flush();
    if (this.cold.getDeltaChannelHistory === undefined) throw new Error("cold tier lacks it");
    return this.cold.getDeltaChannelHistory(request);
  }
}
