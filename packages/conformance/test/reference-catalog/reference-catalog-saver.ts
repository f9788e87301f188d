import {
  type ChannelSize,
  type CompressionOptions,
  DEFAULT_SIZE_SUMMARY_LAST_N,
  decodeStoredSize,
  encodeStoredSize,
  encodeValue,
  type ListThreadsOptions,
  type MeasuredWrite,
  type PruneOptions,
  type PruneResult,
  readListThreadsOptions,
  StateSizeGuard,
  type StateSizeOptions,
  type StateSizeReader,
  type StoredCheckpointSize,
  storedSizeOf,
  summarizeRecordedSizes,
  type ThreadCatalog,
  type ThreadListing,
  type ThreadListPage,
  type ThreadSizeSummary,
  type ThreadSizeSummaryOptions,
} from "@checkpointkit/core";
import {
  assertCheckpointInput,
  assertPendingWritesInput,
  readCheckpointConfig,
  readThreadConfig,
} from "@checkpointkit/core/internal";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { Checkpoint, CheckpointMetadata, PendingWrite } from "@langchain/langgraph-checkpoint";
import { ReferenceRetentionSaver } from "../reference-retention-saver.js";
import { decodeThreadCursor, encodeThreadCursor } from "./reference-thread-cursor.js";

export interface ReferenceCatalogOptions extends StateSizeOptions {
  ttlSeconds?: number;
  /** Sizes are measured as if values were stored compressed this way (storage is memory). */
  compression?: CompressionOptions;
}

function recordKey(threadId: string, checkpointNs: string, checkpointId: string): string {
  return JSON.stringify([threadId, checkpointNs, checkpointId]);
}

/**
 * The reference retention saver plus recorded sizes and `listThreads`, done the simplest way
 * (a scan of memory), so the thread-catalog and size-record specs can be seen passing on
 * something other than a backend under construction. Each put's size record is kept as the
 * encoded text every backend stores, and read back through `decodeStoredSize`.
 */
export class ReferenceCatalogSaver
  extends ReferenceRetentionSaver
  implements ThreadCatalog, StateSizeReader
{
  private readonly guard: StateSizeGuard;
  private readonly sizeRecords = new Map<string, string>();
  private readonly updatedAtMs = new Map<string, number>();

  constructor(private readonly catalogOptions: ReferenceCatalogOptions = {}) {
    super(catalogOptions.ttlSeconds);
    this.guard = new StateSizeGuard(catalogOptions);
  }

  override async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions?: Record<string, unknown>,
  ): Promise<RunnableConfig> {
    const { threadId, checkpointNs } = readThreadConfig(config);
    assertCheckpointInput(checkpoint, metadata, newVersions);
    const { channel_values: values, ...record } = checkpoint;
    const stored = Object.keys(newVersions ?? {}).filter((channel) =>
      Object.hasOwn(values, channel),
    );
    const measured: MeasuredWrite = {
      operation: "put",
      threadId,
      checkpointNs,
      checkpointId: checkpoint.id,
      channels: await Promise.all(stored.map((channel) => this.measure(channel, values[channel]))),
      overheadBytes:
        (await this.measure("", record)).storedBytes +
        (await this.measure("", metadata)).storedBytes,
    };
    this.guard.check(measured);
    const result = await super.put(config, checkpoint, metadata, newVersions);
    this.sizeRecords.set(
      recordKey(threadId, checkpointNs, checkpoint.id),
      encodeStoredSize(storedSizeOf(measured)),
    );
    this.updatedAtMs.set(threadId, Date.now());
    return result;
  }

  override async putWrites(
    config: RunnableConfig,
    writes: PendingWrite[],
    taskId: string,
    taskPath?: string,
  ): Promise<void> {
    const { threadId, checkpointNs, checkpointId } = readCheckpointConfig(config);
    assertPendingWritesInput(writes, taskId, taskPath);
    this.guard.check({
      operation: "putWrites",
      threadId,
      checkpointNs,
      checkpointId,
      channels: await Promise.all(writes.map(([channel, value]) => this.measure(channel, value))),
      overheadBytes: 0,
    });
    await super.putWrites(config, writes, taskId, taskPath);
  }

  override async deleteThread(threadId: string): Promise<void> {
    await super.deleteThread(threadId);
    this.updatedAtMs.delete(threadId);
    this.dropOrphanRecords();
  }

  override async prune(options?: PruneOptions): Promise<PruneResult> {
    const result = await super.prune(options);
    this.dropOrphanRecords();
    return result;
  }

  override async copyThread(fromThreadId: string, toThreadId: string): Promise<void> {
    await super.copyThread(fromThreadId, toThreadId);
    for (const [checkpointNs, checkpointId] of this.checkpointsOf(toThreadId)) {
      const copied = recordKey(toThreadId, checkpointNs, checkpointId);
      const source = this.sizeRecords.get(recordKey(fromThreadId, checkpointNs, checkpointId));
      if (!this.sizeRecords.has(copied) && source !== undefined) {
        this.sizeRecords.set(copied, source);
      }
    }
    this.updatedAtMs.set(toThreadId, Date.now());
  }

  async getCheckpointSize(config: RunnableConfig): Promise<StoredCheckpointSize | undefined> {
    const { threadId, checkpointNs, checkpointId } = readCheckpointConfig(config);
    if (this.storage[threadId]?.[checkpointNs]?.[checkpointId] === undefined) return undefined;
    return this.recordOf(threadId, checkpointNs, checkpointId);
  }

  async threadSizeSummary(
    threadId: string,
    options: ThreadSizeSummaryOptions = {},
  ): Promise<ThreadSizeSummary> {
    const all = this.checkpointsOf(threadId)
      .sort((a, b) => (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0))
      .map(([checkpointNs, checkpointId]) => this.recordOf(threadId, checkpointNs, checkpointId))
      .filter((size): size is StoredCheckpointSize => size !== undefined);
    return summarizeRecordedSizes({
      threadId,
      recent: all.slice(0, options.lastN ?? DEFAULT_SIZE_SUMMARY_LAST_N),
      wholeThread: {
        totalBytes: all.reduce((sum, size) => sum + size.storedBytes, 0),
        checkpointCount: all.length,
        channels: all.flatMap((size) => size.channels),
      },
    });
  }

  async listThreads(options?: ListThreadsOptions): Promise<ThreadListPage> {
    const { limit, threadIdPrefix, cursor } = readListThreadsOptions(options);
    const after = cursor === undefined ? undefined : decodeThreadCursor(cursor);
    const positions = [...this.updatedAtMs]
      .filter(([threadId]) => threadId.startsWith(threadIdPrefix))
      .filter(([threadId]) => this.checkpointsOf(threadId).length > 0)
      .map(([threadId, updatedAtMs]) => ({ threadId, updatedAtMs }))
      .sort((a, b) => b.updatedAtMs - a.updatedAtMs || (a.threadId < b.threadId ? -1 : 1))
      .filter(
        (position) =>
          after === undefined ||
          position.updatedAtMs < after.updatedAtMs ||
          (position.updatedAtMs === after.updatedAtMs && position.threadId > after.threadId),
      );
    const page = positions.slice(0, limit);
    const last = page.at(-1);
    return {
      threads: page.map((position) => this.listingOf(position.threadId, position.updatedAtMs)),
      nextCursor: positions.length > limit && last !== undefined ? encodeThreadCursor(last) : null,
    };
  }

  private listingOf(threadId: string, updatedAtMs: number): ThreadListing {
    const checkpoints = this.checkpointsOf(threadId);
    return {
      threadId,
      checkpointCount: checkpoints.length,
      storedBytes: checkpoints.reduce(
        (sum, [checkpointNs, checkpointId]) =>
          sum + (this.recordOf(threadId, checkpointNs, checkpointId)?.storedBytes ?? 0),
        0,
      ),
      updatedAt: new Date(updatedAtMs).toISOString(),
    };
  }

  private async measure(channel: string, value: unknown): Promise<ChannelSize> {
    const [, serialized] = await this.serde.dumpsTyped(value);
    const bytes = typeof serialized === "string" ? Buffer.from(serialized, "utf8") : serialized;
    const storedBytes = encodeValue(bytes, this.catalogOptions.compression).bytes.byteLength;
    return { channel, bytes: bytes.byteLength, storedBytes };
  }

  private recordOf(
    threadId: string,
    checkpointNs: string,
    checkpointId: string,
  ): StoredCheckpointSize | undefined {
    const text = this.sizeRecords.get(recordKey(threadId, checkpointNs, checkpointId));
    return text === undefined
      ? undefined
      : decodeStoredSize(text, { threadId, checkpointNs, checkpointId });
  }

  /** [namespace, checkpoint id] of every checkpoint the thread holds. */
  private checkpointsOf(threadId: string): Array<[string, string]> {
    return Object.entries(this.storage[threadId] ?? {}).flatMap(([checkpointNs, checkpoints]) =>
      Object.keys(checkpoints).map((checkpointId): [string, string] => [
        checkpointNs,
        checkpointId,
      ]),
    );
  }

  /** A record goes with its checkpoint: drop those whose checkpoint was deleted or pruned. */
  private dropOrphanRecords(): void {
    for (const key of this.sizeRecords.keys()) {
      const [threadId, checkpointNs, checkpointId] = JSON.parse(key) as [string, string, string];
      if (this.storage[threadId]?.[checkpointNs]?.[checkpointId] === undefined) {
        this.sizeRecords.delete(key);
      }
    }
  }
}
