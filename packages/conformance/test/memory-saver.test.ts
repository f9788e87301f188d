import {
  type PruneOptions,
  type PruneResult,
  readCheckpointConfig,
  readThreadConfig,
  toEpochMs,
  validatePruneOptions,
} from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import {
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointTuple,
  MemorySaver,
  type PendingWrite,
} from "@langchain/langgraph-checkpoint";
import type { SaverCapabilities } from "../src/capabilities.js";
import type { SaverCreateOptions } from "../src/harness.js";
import { describeCheckpointSaver } from "../src/spec/index.js";

/**
 * LangGraph's in-memory saver under a neutral name: it proves the suite and its harness
 * plumbing before any real saver exists. Each `create()` is a new, empty saver.
 */
class ReferenceSaver extends MemorySaver {}

/** What `MemorySaver` itself cannot do; each flag's doc says why. */
const MEMORY_SAVER_GAPS: Partial<SaverCapabilities> = {
  storesOnlyNewVersions: false,
  typedErrors: false,
  bytesPendingWrites: false,
  atomicPut: false,
};

describeCheckpointSaver(
  { name: "ReferenceSaver", create: async () => new ReferenceSaver() },
  MEMORY_SAVER_GAPS,
);

/**
 * The reference saver plus the project-only features (typed errors, TTL, prune, copyThread),
 * done the simplest way on `MemorySaver`'s storage. Not a product: it exists so the
 * capability-gated specs run, and can be seen passing, before a real saver has the feature.
 */
class ReferenceRetentionSaver extends MemorySaver {
  /** When each checkpoint was put, by `MemorySaver`'s writes key. */
  private readonly writtenAtMs = new Map<string, number>();
  private readonly lastWriteMsByThread = new Map<string, number>();

  constructor(private readonly ttlSeconds?: number) {
    super();
  }

  override async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const threadId = config.configurable?.thread_id;
    if (threadId === undefined || threadId === null) return undefined;
    readThreadConfig(config);
    this.dropExpiredThreads();
    return super.getTuple(config);
  }

  override async *list(
    config: RunnableConfig,
    options?: CheckpointListOptions,
  ): AsyncGenerator<CheckpointTuple> {
    if (config.configurable?.thread_id !== undefined) readThreadConfig(config);
    this.dropExpiredThreads();
    yield* super.list(config, options);
  }

  override async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
  ): Promise<RunnableConfig> {
    const { threadId, checkpointNs } = readThreadConfig(config);
    const stored = await super.put(config, checkpoint, metadata);
    this.writtenAtMs.set(JSON.stringify([threadId, checkpointNs, checkpoint.id]), Date.now());
    this.lastWriteMsByThread.set(threadId, Date.now());
    return stored;
  }

  override async putWrites(
    config: RunnableConfig,
    writes: PendingWrite[],
    taskId: string,
    taskPath?: string,
  ): Promise<void> {
    const { threadId } = readCheckpointConfig(config);
    await super.putWrites(config, writes, taskId, taskPath);
    this.lastWriteMsByThread.set(threadId, Date.now());
  }

  async prune(options: PruneOptions): Promise<PruneResult> {
    validatePruneOptions(options);
    const keepLatest = options.keepLatest ?? 1;
    const olderThanMs = options.olderThan === undefined ? undefined : toEpochMs(options.olderThan);
    const threadIds =
      options.threadId === undefined ? Object.keys(this.storage) : [options.threadId];
    let deletedCheckpoints = 0;
    for (const threadId of threadIds) {
      for (const [checkpointNs, checkpoints] of Object.entries(this.storage[threadId] ?? {})) {
        const newestFirst = Object.keys(checkpoints).sort().reverse();
        for (const [position, checkpointId] of newestFirst.entries()) {
          const key = JSON.stringify([threadId, checkpointNs, checkpointId]);
          const beyondKeep = options.keepLatest === undefined || position >= keepLatest;
          const old = olderThanMs === undefined || (this.writtenAtMs.get(key) ?? 0) < olderThanMs;
          if (position === 0 || !beyondKeep || !old) continue;
          delete checkpoints[checkpointId];
          delete this.writes[key];
          deletedCheckpoints += 1;
        }
      }
    }
    return { deletedCheckpoints };
  }

  async copyThread(fromThreadId: string, toThreadId: string): Promise<void> {
    const source = this.storage[fromThreadId] ?? {};
    const target: (typeof this.storage)[string] = Object.create(null);
    for (const [checkpointNs, checkpoints] of Object.entries(source)) {
      target[checkpointNs] = Object.create(null);
      for (const [checkpointId, stored] of Object.entries(checkpoints)) {
        target[checkpointNs]![checkpointId] = [...stored];
        const fromKey = JSON.stringify([fromThreadId, checkpointNs, checkpointId]);
        const toKey = JSON.stringify([toThreadId, checkpointNs, checkpointId]);
        const writes = this.writes[fromKey];
        if (writes !== undefined) this.writes[toKey] = { ...writes };
      }
    }
    this.storage[toThreadId] = target;
    this.lastWriteMsByThread.set(toThreadId, Date.now());
  }

  /** Lazy expiry: a thread without writes for `ttlSeconds` is gone on the next read. */
  private dropExpiredThreads(): void {
    if (this.ttlSeconds === undefined) return;
    const cutoffMs = Date.now() - this.ttlSeconds * 1000;
    for (const [threadId, lastWriteMs] of this.lastWriteMsByThread) {
      if (lastWriteMs >= cutoffMs) continue;
      this.lastWriteMsByThread.delete(threadId);
      delete this.storage[threadId];
      for (const key of Object.keys(this.writes)) {
        if (JSON.parse(key)[0] === threadId) delete this.writes[key];
      }
    }
  }
}

describeCheckpointSaver(
  {
    name: "ReferenceRetentionSaver",
    create: async (options?: SaverCreateOptions) =>
      new ReferenceRetentionSaver(options?.ttlSeconds),
  },
  { ...MEMORY_SAVER_GAPS, typedErrors: true, ttl: true, prune: true, copyThread: true },
);
