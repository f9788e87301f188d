import { boundKeyLength, encodeKeyPart } from "@checkpointkit/core";
import type { CosmosSaver, CosmosSetupOptions } from "@checkpointkit/cosmos";
import type {
  ChannelVersions,
  Checkpoint,
  CheckpointMetadata,
  PendingWrite,
} from "@langchain/langgraph-checkpoint";
import type { ColdBatch, ColdCheckpointRecord, ColdValue, ColdWritesRecord } from "./cold-tier.js";
import { compareEntryIds } from "./entry-id.js";
import { SaverBackedColdTier } from "./saver-backed-cold-tier.js";

/**
 * Partition of the fence items. Thread partitions are `encodeKeyPart` outputs, which never
 * start with an unescaped `~`, so no thread can share it.
 */
const FENCE_PARTITION = "~tiered-fences";
/** Threads written at once; each thread's records go in order. */
const THREAD_CONCURRENCY = 8;

export interface CosmosColdTierOptions {
  /** The saver records are written through. Containers without a tenant (single partition key path) only. */
  saver: CosmosSaver;
  /**
   * Passed to `saver.setup()` by `setup()`, e.g. `{ createIfNotExists: true }`.
   * @default {}
   */
  setupOptions?: CosmosSetupOptions;
}

interface FenceItem {
  id: string;
  thread_key: string;
  kind: "tiered-fence";
  fence: string;
}

type ColdRecord = ColdCheckpointRecord | ColdWritesRecord;

/**
 * The cold tier on Cosmos DB: each record goes through `CosmosSaver.put` / `putWrites` (one
 * transactional batch per checkpoint, per thread in entry order, threads in parallel), which
 * are idempotent and never move a thread's head backwards. Cosmos DB has no lock to order a
 * flush against a delete, so fences are checked before the writes and again after them:
 * a delete that landed in between is applied again and the records after its fence re-put.
 */
export class CosmosColdTier extends SaverBackedColdTier<CosmosSaver> {
  readonly backend = "cosmos" as const;
  readonly #setupOptions: CosmosSetupOptions;

  constructor(options: CosmosColdTierOptions) {
    super(options.saver);
    this.#setupOptions = options.setupOptions ?? {};
  }

  async setup(): Promise<void> {
    await this.saver.setup(this.#setupOptions);
  }

  async writeBatch(batch: ColdBatch): Promise<void> {
    const byThread = new Map<string, ColdRecord[]>();
    for (const record of [...batch.checkpoints, ...batch.writes]) {
      const records = byThread.get(record.threadId) ?? [];
      records.push(record);
      byThread.set(record.threadId, records);
    }
    const threads = [...byThread.keys()];
    for (let start = 0; start < threads.length; start += THREAD_CONCURRENCY) {
      await Promise.all(
        threads
          .slice(start, start + THREAD_CONCURRENCY)
          .map((threadId) => this.#writeThread(threadId, byThread.get(threadId)!)),
      );
    }
  }

  async deleteThread(threadId: string, fenceEntryId: string): Promise<void> {
    const current = await this.#readFence(threadId);
    // A fence already at or past this one: this delete was applied (the flusher replays the
    // delete's outbox entry), and what the thread holds now was written after it.
    if (current !== undefined && compareEntryIds(current, fenceEntryId) >= 0) return;
    const item: FenceItem = {
      id: fenceItemId(threadId),
      thread_key: FENCE_PARTITION,
      kind: "tiered-fence",
      fence: fenceEntryId,
    };
    await this.saver.container.items.upsert(item);
    await this.saver.deleteThread(threadId);
  }

  async close(): Promise<void> {}

  async #writeThread(threadId: string, records: ColdRecord[]): Promise<void> {
    const sorted = [...records].sort((a, b) => compareEntryIds(a.entryId, b.entryId));
    const fenceBefore = await this.#readFence(threadId);
    const allowed = afterFence(sorted, fenceBefore);
    for (const record of allowed) await this.#writeRecord(record);
    const fenceAfter = await this.#readFence(threadId);
    if (fenceAfter === fenceBefore || fenceAfter === undefined) return;
    // A delete ran while this thread was written: delete again, keep only what follows it.
    await this.saver.deleteThread(threadId);
    for (const record of afterFence(sorted, fenceAfter)) await this.#writeRecord(record);
  }

  async #writeRecord(record: ColdRecord): Promise<void> {
    if ("taskId" in record) {
      const writes: PendingWrite[] = await Promise.all(
        record.writes.map(
          async ({ channel, value }): Promise<PendingWrite> => [channel, await this.#load(value)],
        ),
      );
      await this.saver.putWrites(
        {
          configurable: {
            thread_id: record.threadId,
            checkpoint_ns: record.checkpointNs,
            checkpoint_id: record.checkpointId,
          },
        },
        writes,
        record.taskId,
        record.taskPath,
      );
      return;
    }
    const body = (await this.#load(record.checkpoint)) as Omit<Checkpoint, "channel_values">;
    const metadata = (await this.#load(record.metadata)) as CheckpointMetadata;
    const channelValues: Record<string, unknown> = {};
    const newVersions: ChannelVersions = {};
    for (const { channel, version, value } of record.channelValues) {
      newVersions[channel] = version;
      if (value !== undefined) channelValues[channel] = await this.#load(value);
    }
    await this.saver.put(
      {
        configurable: {
          thread_id: record.threadId,
          checkpoint_ns: record.checkpointNs,
          checkpoint_id: record.parentCheckpointId,
        },
      },
      { ...body, channel_values: channelValues } as Checkpoint,
      metadata,
      newVersions,
    );
  }

  #load(value: ColdValue): Promise<unknown> {
    return this.saver.serde.loadsTyped(value.type, value.bytes);
  }

  async #readFence(threadId: string): Promise<string | undefined> {
    const response = await this.saver.container
      .item(fenceItemId(threadId), FENCE_PARTITION)
      .read<FenceItem>();
    return response.resource?.fence;
  }
}

function afterFence(records: ColdRecord[], fence: string | undefined): ColdRecord[] {
  if (fence === undefined) return records;
  return records.filter((record) => compareEntryIds(record.entryId, fence) > 0);
}

/** Cosmos DB item ids are limited to 1,023 bytes. */
function fenceItemId(threadId: string): string {
  return boundKeyLength(encodeKeyPart(threadId), 1023);
}
