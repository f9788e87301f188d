import {
  invalidThreadCursor,
  type ListThreadsOptions,
  readListThreadsOptions,
  type StoredCheckpointSize,
  type ThreadListPage,
} from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import {
  type ChannelVersions,
  type Checkpoint,
  type CheckpointMetadata,
  MemorySaver,
} from "@langchain/langgraph-checkpoint";

interface ThreadRecord {
  checkpointCount: number;
  storedBytes: number;
  updatedAt: string;
}

const byteLength = (bytes: Uint8Array | string) =>
  typeof bytes === "string" ? Buffer.byteLength(bytes) : bytes.byteLength;

/**
 * LangGraph's MemorySaver plus core's `listThreads` and `getCheckpointSize`, recorded at
 * `put` as the contract asks of checkpointkit's savers. Test code only: it lets the browser's
 * use of those calls be tested on its own, besides the real savers that implement them.
 */
export class CatalogMemorySaver extends MemorySaver {
  readonly threadRecords = new Map<string, ThreadRecord>();
  readonly sizeRecords = new Map<string, StoredCheckpointSize>();
  listThreadsCalls = 0;
  private lastWriteMs = 0;

  /** LangGraph passes the new channel versions; MemorySaver itself does not take them. */
  override async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions?: ChannelVersions,
  ): Promise<RunnableConfig> {
    const stored = await super.put(config, checkpoint, metadata);
    const threadId = String(config.configurable?.thread_id);
    const checkpointNs = String(config.configurable?.checkpoint_ns ?? "");
    const channels = await Promise.all(
      Object.keys(newVersions ?? checkpoint.channel_values).map(async (channel) => {
        const [, bytes] = await this.serde.dumpsTyped(checkpoint.channel_values[channel]);
        return { channel, bytes: byteLength(bytes), storedBytes: byteLength(bytes) };
      }),
    );
    const [, metadataBytes] = await this.serde.dumpsTyped(metadata);
    const overheadBytes =
      Buffer.byteLength(JSON.stringify({ ...checkpoint, channel_values: {} })) +
      byteLength(metadataBytes);
    const size: StoredCheckpointSize = {
      checkpointNs,
      checkpointId: checkpoint.id,
      channels,
      overheadBytes,
      storedBytes: channels.reduce((sum, channel) => sum + channel.storedBytes, overheadBytes),
    };
    this.sizeRecords.set(JSON.stringify([threadId, checkpointNs, checkpoint.id]), size);
    // Strictly increasing write times, so the order of writes is the order of the listing.
    this.lastWriteMs = Math.max(Date.now(), this.lastWriteMs + 1);
    const record = this.threadRecords.get(threadId);
    this.threadRecords.set(threadId, {
      checkpointCount: (record?.checkpointCount ?? 0) + 1,
      storedBytes: (record?.storedBytes ?? 0) + size.storedBytes,
      updatedAt: new Date(this.lastWriteMs).toISOString(),
    });
    return stored;
  }

  async getCheckpointSize(config: RunnableConfig): Promise<StoredCheckpointSize | undefined> {
    const { thread_id, checkpoint_ns, checkpoint_id } = config.configurable ?? {};
    return this.sizeRecords.get(JSON.stringify([thread_id, checkpoint_ns ?? "", checkpoint_id]));
  }

  /** Newest write first, ties by id; the cursor is the offset into that order. */
  async listThreads(options?: ListThreadsOptions): Promise<ThreadListPage> {
    const { limit, threadIdPrefix, cursor } = readListThreadsOptions(options);
    this.listThreadsCalls += 1;
    const offsetText = cursor === undefined ? "0" : Buffer.from(cursor, "base64url").toString();
    if (!/^(0|[1-9]\d{0,8})$/.test(offsetText)) throw invalidThreadCursor();
    const offset = Number(offsetText);
    const threads = [...this.threadRecords]
      .filter(([threadId]) => threadId.startsWith(threadIdPrefix))
      .map(([threadId, record]) => ({ threadId, ...record }))
      .sort((left, right) =>
        left.updatedAt === right.updatedAt
          ? left.threadId.localeCompare(right.threadId)
          : left.updatedAt < right.updatedAt
            ? 1
            : -1,
      );
    const page = threads.slice(offset, offset + limit);
    const next = offset + limit;
    return {
      threads: page,
      nextCursor: next < threads.length ? Buffer.from(String(next)).toString("base64url") : null,
    };
  }
}
