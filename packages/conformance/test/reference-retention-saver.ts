import type { PruneOptions, PruneResult } from "@checkpointkit/core";
import {
  assertCheckpointInput,
  assertPendingWritesInput,
  readCheckpointConfig,
  readListNamespace,
  readThreadConfig,
  readThreadIdArgument,
  resolvePruneOptions,
  toEpochMs,
} from "@checkpointkit/core/internal";
import type { RunnableConfig } from "@langchain/core/runnables";
import {
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointTuple,
  MemorySaver,
  type PendingWrite,
} from "@langchain/langgraph-checkpoint";

/**
 * The reference saver plus the project-only features (typed errors, TTL, prune, copyThread),
 * done the simplest way on `MemorySaver`'s storage. Not a product: it exists so the
 * capability-gated specs run, and can be seen passing, before a real saver has the feature.
 * It keeps core's input contract too, which proves the input-contract spec can be passed.
 */
export class ReferenceRetentionSaver extends MemorySaver {
  /** When each checkpoint was put, by `MemorySaver`'s writes key. */
  private readonly writtenAtMs = new Map<string, number>();
  private readonly lastWriteMsByThread = new Map<string, number>();

  constructor(private readonly ttlSeconds?: number) {
    super();
  }

  override async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const threadId = config.configurable?.thread_id;
    if (threadId === undefined || threadId === null) return undefined;
    this.dropExpiredThreads();
    return super.getTuple(withThreadIdText(config));
  }

  override async *list(
    config: RunnableConfig,
    options?: CheckpointListOptions,
  ): AsyncGenerator<CheckpointTuple> {
    const scoped = config.configurable?.thread_id == null ? config : withThreadIdText(config);
    this.dropExpiredThreads();
    // MemorySaver reads a null namespace as the namespace "null"; the contract says "all".
    const checkpointNs = readListNamespace(config);
    yield* super.list(
      { configurable: { ...scoped.configurable, checkpoint_ns: checkpointNs } },
      options,
    );
  }

  override async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions?: Record<string, unknown>,
  ): Promise<RunnableConfig> {
    const { threadId, checkpointNs } = readThreadConfig(config);
    assertCheckpointInput(checkpoint, metadata, newVersions);
    const stored = await super.put(withThreadIdText(config), checkpoint, metadata);
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
    assertPendingWritesInput(writes, taskId, taskPath);
    await super.putWrites(withThreadIdText(config), writes, taskId, taskPath);
    this.lastWriteMsByThread.set(threadId, Date.now());
  }

  override async deleteThread(threadId: string): Promise<void> {
    await super.deleteThread(readThreadIdArgument(threadId, "threadId"));
  }

  async prune(given?: PruneOptions): Promise<PruneResult> {
    const options = resolvePruneOptions(given, this.ttlSeconds);
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

  async copyThread(fromThreadIdArgument: string, toThreadIdArgument: string): Promise<void> {
    const fromThreadId = readThreadIdArgument(fromThreadIdArgument, "fromThreadId");
    const toThreadId = readThreadIdArgument(toThreadIdArgument, "toThreadId");
    const source = this.storage[fromThreadId] ?? {};
    // A merge, as every saver copies: what the target holds stays (a checkpoint id both hold
    // keeps the target's, and so does a (task, idx) write both hold); the rest is added.
    const target: (typeof this.storage)[string] = this.storage[toThreadId] ?? Object.create(null);
    for (const [checkpointNs, checkpoints] of Object.entries(source)) {
      target[checkpointNs] ??= Object.create(null);
      for (const [checkpointId, stored] of Object.entries(checkpoints)) {
        target[checkpointNs]![checkpointId] ??= [...stored];
        const fromKey = JSON.stringify([fromThreadId, checkpointNs, checkpointId]);
        const toKey = JSON.stringify([toThreadId, checkpointNs, checkpointId]);
        const writes = this.writes[fromKey];
        if (writes !== undefined) this.writes[toKey] = { ...writes, ...this.writes[toKey] };
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

/**
 * The config with its thread id as core reads it (a number becomes its decimal string):
 * MemorySaver accepts only strings.
 */
function withThreadIdText(config: RunnableConfig): RunnableConfig {
  const { threadId } = readThreadConfig(config);
  return { ...config, configurable: { ...config.configurable, thread_id: threadId } };
}
