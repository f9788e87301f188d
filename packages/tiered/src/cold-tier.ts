import type {
  FencePosition,
  ListThreadsOptions,
  SerializedCheckpointRecord,
  SerializedValue,
  SerializedWritesRecord,
  StoredCheckpointSize,
  ThreadListing,
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
import type { ColdTierDescriptionResult } from "./cold-tier-description.js";

/** A value as the serde wrote it (`serde.dumpsTyped(value)`), uncompressed. */
export type ColdValue = SerializedValue;

/**
 * One checkpoint to store in the cold tier. Its `channelValues` are the channels of
 * `channel_versions` whose value at that version the hot tier holds: all of them make the
 * record self-contained; only the new ones when what it relies on is stored (see
 * `ColdTier.writeBatch`). Values are insert-if-absent per (channel, version). `createdAt` is
 * the checkpoint's own time (`checkpoint.ts`).
 */
export interface ColdCheckpointRecord extends SerializedCheckpointRecord {
  /** The outbox entry this record came from (`<ms>-<seq>`); orders it against deletes. */
  entryId: FencePosition;
}

/** One task's pending writes to store in the cold tier; `createdAt` is when Redis accepted them. */
export interface ColdWritesRecord extends SerializedWritesRecord {
  entryId: FencePosition;
}

/** A thread's checkpoint count and stored bytes (see core's `ThreadListing`). */
export type ThreadTotals = Pick<ThreadListing, "checkpointCount" | "storedBytes">;

/** What one flush writes: any number of records of any threads. */
export interface ColdBatch {
  checkpoints: ColdCheckpointRecord[];
  writes: ColdWritesRecord[];
}

/**
 * The durable tier behind the tiered saver. Small on purpose: any durable saver can be
 * wrapped in one. Implementations must be idempotent (a flush is delivered at least once)
 * and must honour delete fences: a record whose `entryId` is not after the fence of its
 * thread's last `deleteThread` is never stored, so an in-flight flush cannot resurrect a
 * deleted thread.
 */
export interface ColdTier {
  /** Shown in errors and metrics, e.g. `postgres`. */
  readonly backend: "postgres" | "cosmos";
  /** The saver reads go through (its serde must be the tiered saver's serde). */
  readonly saver: BaseCheckpointSaver;
  /** Creates what the tier needs (tables, fence storage); idempotent. */
  setup(): Promise<void>;
  /**
   * Stores the batch; replaying it changes nothing. Resolves once it is committed. A
   * checkpoint whose parent is in the same batch carries only its new values: a tier that
   * commits a batch in parts must commit its records in the batch's order.
   */
  writeBatch(batch: ColdBatch): Promise<void>;
  /**
   * The tier's own retention: a thread with no checkpoint or write newer than this many
   * seconds (by the records' `createdAt`) may be deleted. Undefined: kept until deleted.
   */
  readonly ttlSeconds?: number | undefined;
  /**
   * Deletes threads with no checkpoint or write newer than `ttlSeconds` (by `createdAt`);
   * resolves with how many. Needed for the tiered saver's `ttlSeconds`.
   */
  expireThreads?(ttlSeconds: number): Promise<number>;
  /**
   * Deletes the thread and records `fenceEntryId` (the outbox id of the hot delete), so
   * records of that thread with an entry id at or before it are dropped from now on. Does
   * nothing when the thread's fence is already at or past `fenceEntryId` (the delete is being
   * replayed: the thread may hold newer records by now).
   */
  deleteThread(threadId: string, fenceEntryId: string): Promise<void>;
  getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined>;
  list(config: RunnableConfig, options?: CheckpointListOptions): AsyncGenerator<CheckpointTuple>;
  /**
   * The tier's own `getDeltaChannelHistory` (one query, or two, instead of a read per
   * ancestor). Without it, `saver.getDeltaChannelHistory` is used.
   */
  getDeltaChannelHistory?(options: {
    config: RunnableConfig;
    channels: string[];
  }): Promise<Record<string, DeltaChannelHistory>>;
  /**
   * The thread's delete fence (the outbox id of its last applied delete), undefined when it
   * was never deleted. Lets the flusher tell an entry whose data a later delete removed
   * (acknowledged) from one whose data vanished otherwise (dead-lettered). Without it, the
   * flusher acknowledges every entry whose data is gone.
   */
  deleteFence?(threadId: string): Promise<string | undefined>;
  /** The size record the cold tier stored with the checkpoint (see core's `StateSizeReader`). */
  getCheckpointSize(config: RunnableConfig): Promise<StoredCheckpointSize | undefined>;
  /** The cold saver's own summary of the thread's stored size. */
  threadSizeSummary(
    threadId: string,
    options?: ThreadSizeSummaryOptions,
  ): Promise<ThreadSizeSummary>;
  /** The cold saver's own `listThreads` (core's `ThreadCatalog`). */
  listThreads(options?: ListThreadsOptions): Promise<ThreadListPage>;
  /**
   * The checkpoint count and stored bytes of exactly these threads, as `listThreads` would
   * list them (threads the tier does not hold are left out): what the tiered saver's
   * `listThreads` compares with Redis's for a thread both tiers hold.
   */
  threadTotals(threadIds: readonly string[]): Promise<ReadonlyMap<string, ThreadTotals>>;
  /** The newest checkpoint id of (thread, namespace) in the cold tier: the cold head. */
  coldHead(threadId: string, checkpointNs: string): Promise<string | undefined>;
  /**
   * How to build the same tier in another thread (for the tiered saver's worker-thread
   * flusher), or why it cannot be. Without it, the tier's flusher runs in-process. The
   * description holds the connection's secrets (it must, to connect): never log it.
   */
  describeForWorker?(): ColdTierDescriptionResult;
  /** Releases what the tier owns (never the caller's pool or client). */
  close(): Promise<void>;
}
