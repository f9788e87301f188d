import { EventEmitter } from "node:events";
import type { AcquireThreadLeaseOptions, ThreadLease, ThreadLeaseSaver } from "@checkpointkit/core";
import {
  BackendUnavailableError,
  type HistoryMode,
  type ListThreadsOptions,
  type PruneOptions,
  type PruneResult,
  StateSizeGuard,
  type StateSizeReader,
  type StoredCheckpointSize,
  type ThreadCatalog,
  type ThreadListPage,
  type ThreadSizeSummary,
  type ThreadSizeSummaryOptions,
} from "@checkpointkit/core";
import {
  assertCheckpointInput,
  assertLatestHistoryCanHold,
  assertPendingWritesInput,
  readCheckpointConfig,
  readThreadConfig,
  readThreadIdArgument,
  resolvePruneOptions,
} from "@checkpointkit/core/internal";
import { type RedisOutboxEntry, RedisSaver } from "@checkpointkit/redis";
import type { RunnableConfig } from "@langchain/core/runnables";
import {
  BaseCheckpointSaver,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointTuple,
  type PendingWrite,
} from "@langchain/langgraph-checkpoint";
import { Backpressure } from "./backpressure.js";
import { nextChannelVersion } from "./channel-version.js";
import { CheckpointArrivals } from "./checkpoint-arrivals.js";
import { ColdThreadRecord } from "./cold-thread-record.js";
import type { ColdTier } from "./cold-tier.js";
import {
  type DeltaHistories,
  type DeltaHistoryContext,
  type DeltaHistoryRequest,
  readDeltaHistory,
} from "./delta-history.js";
import { type DurableWhen, defaultDurableWhen, isInterruptWrite } from "./durable-when.js";
import { syntheticEntryId } from "./entry-id.js";
import { needsHotFence } from "./fenced-write-through.js";
import { type FlushContext, flushEntries } from "./flush-pipeline.js";
import type { FlusherEventMap } from "./flusher-events.js";
import { chooseFlusher, type FlusherMode } from "./flusher-mode.js";
import { DEFAULT_MAX_BATCH_BYTES } from "./flusher-options.js";
import { HotPersistence } from "./hot-persistence.js";
import { HotRedis } from "./hot-redis.js";
import { threadsRedisHolds } from "./hot-thread-presence.js";
import { listLatestTuples, readLatestTuple } from "./latest-history-reads.js";
import { writeCheckpointThrough, writeWritesThrough } from "./live-records.js";
import { MemoryRelief } from "./memory-relief.js";
import { entryRef, OutboxStreams } from "./outbox.js";
import { readOutboxStats } from "./outbox-stats.js";
import { assertRedisConnected, misconfigurationBehind } from "./redis-availability.js";
import { ShippedHeads } from "./shipped-heads.js";
import { withThreadBacklog } from "./thread-backlog.js";
import { ThreadDeletions } from "./thread-deletions.js";
import { assertColdTierExpires, coldRetentionSeconds } from "./thread-expiry.js";
import { readCheckpointSize } from "./tiered-checkpoint-size.js";
import type { TieredFlusher } from "./tiered-flusher.js";
import { readTieredHistoryMode } from "./tiered-history.js";
import { FlushRate, type TieredMetrics } from "./tiered-metrics.js";
import { observeTieredMetrics } from "./tiered-metrics-telemetry.js";
import { listTuples, readTuple, servedByColdTier } from "./tiered-reads.js";
import {
  copyThreadInBothTiers,
  pruneBothTiers,
  type RetentionContext,
} from "./tiered-retention.js";
import {
  type AcknowledgementLevel,
  DEFAULT_CLOSE_DRAIN_TIMEOUT_MS,
  DEFAULT_PERSISTENCE_TIMEOUT_MS,
  type TieredSaverOptions,
  validateTieredSaverOptions,
} from "./tiered-saver-options.js";
import { traceTieredSaver } from "./tiered-saver-tracing.js";
import { tieredThreadSizeSummary } from "./tiered-size-summary.js";
import { listThreadsAcrossTiers } from "./tiered-thread-listing.js";
import { waitForFlush } from "./wait-for-flush.js";

/**
 * LangGraph checkpoint saver with a Redis hot tier and a durable cold tier (PostgreSQL or
 * Cosmos DB). Writes land in Redis together with an outbox entry (one script) and are
 * flushed to the cold tier in the background; reads try Redis first. See the README for
 * the guarantees of each acknowledgement level.
 */
export class TieredSaver
  extends BaseCheckpointSaver
  implements ThreadLeaseSaver, StateSizeReader, ThreadCatalog
{
  readonly hot: RedisSaver;
  readonly cold: ColdTier;
  /** `"latest"` keeps one checkpoint per (thread, namespace) in both tiers; see `history`. */
  readonly history: HistoryMode;
  /** The saver's own flusher (in a worker thread or in-process), unless `flusher: false`. */
  readonly flusher: TieredFlusher | undefined;
  /** Where the saver's own flusher runs; `none` with `flusher: false`. */
  readonly flusherMode: FlusherMode | "none";
  /** Why the flusher runs in-process when no mode was asked for (never a secret). */
  readonly flusherModeReason: string | undefined;
  /** `flushed`, `retry`, `deadLetter` and `error` events of the saver's own flusher. */
  readonly events: EventEmitter<FlusherEventMap>;
  readonly #redis: HotRedis;
  readonly #outbox: OutboxStreams;
  readonly #flushContext: FlushContext;
  readonly #persistence: HotPersistence;
  readonly #options: TieredSaverOptions;
  readonly #durableWhen: DurableWhen;
  readonly #arrivals = new CheckpointArrivals();
  readonly #background = new Set<Promise<unknown>>();
  readonly #readContext: DeltaHistoryContext;
  readonly #deletions = new ThreadDeletions();
  readonly #memoryRelief: MemoryRelief;
  readonly #backpressure: Backpressure;
  readonly #flushRate = new FlushRate();
  readonly #coldRecord: ColdThreadRecord;
  readonly #throughSizeLimit: StateSizeGuard;
  #closed = false;
  /** Unregisters the OpenTelemetry flusher metrics `setup` registered (see core's README). */
  #stopObservingMetrics: (() => void) | undefined;

  constructor(options: TieredSaverOptions) {
    validateTieredSaverOptions(options);
    assertColdTierExpires(options.cold, options.ttlSeconds);
    super(options.cold.saver.serde);
    this.#options = options;
    this.cold = options.cold;
    this.history = readTieredHistoryMode(options);
    this.hot = new RedisSaver({
      client: options.redis,
      keyPrefix: options.keyPrefix,
      shardCount: options.shardCount,
      compression: options.compression,
      commandTimeoutMs: options.commandTimeoutMs,
      serde: this.serde,
      outbox: {},
      history: this.history,
      requireLease: options.requireLease,
      concurrency: options.concurrency,
      maxCheckpointBytes: options.maxCheckpointBytes,
      largeStateWarningBytes: options.largeStateWarningBytes,
      onLargeState: options.onLargeState,
    });
    // The hot saver already warned: a write-through only enforces the limit.
    this.#throughSizeLimit = new StateSizeGuard({ maxCheckpointBytes: options.maxCheckpointBytes });
    // Listens to your client's errors until close(): they reach `events` typed, not stderr.
    this.#redis = new HotRedis(options.redis, (error) => {
      if (this.events.listenerCount("error") > 0) this.events.emit("error", error);
    });
    this.#redis.listen();
    this.#memoryRelief = new MemoryRelief(this.#redis, this.hot.keyLayout);
    this.#outbox = new OutboxStreams(this.#redis, this.hot.keyLayout);
    this.#flushContext = {
      redis: this.#redis,
      keyLayout: this.hot.keyLayout,
      outbox: this.#outbox,
      cold: this.cold,
      shippedHeads: new ShippedHeads(coldRetentionSeconds(this.cold, options.ttlSeconds)),
      maxBatchBytes:
        (options.flusher === false ? undefined : options.flusher?.maxBatchBytes) ??
        DEFAULT_MAX_BATCH_BYTES,
    };
    this.#persistence = new HotPersistence(
      this.#redis,
      options.replicas ?? 1,
      options.persistenceTimeoutMs ?? DEFAULT_PERSISTENCE_TIMEOUT_MS,
    );
    this.#durableWhen = options.durableWhen ?? defaultDurableWhen;
    this.#backpressure = new Backpressure(
      this.#outbox,
      this.hot.keyLayout,
      options,
      this.cold.backend,
      () => this.flusher?.wake(),
    );
    const chosen = chooseFlusher(options, this.hot.keyLayout, this.#flushContext);
    this.flusher = chosen.flusher;
    this.flusherMode = chosen.mode;
    this.flusherModeReason = chosen.reason;
    this.events = this.flusher ?? new EventEmitter<FlusherEventMap>();
    this.#coldRecord = new ColdThreadRecord(this.#redis, this.hot.keyLayout);
    this.#readContext = {
      coldRecord: this.#coldRecord,
      hot: this.hot,
      hotRedis: this.#redis,
      cold: this.cold,
      coldMayBeNewer: options.whenRedisUnavailable === "write-through",
      flush: (threadId, flushOptions) => this.flush(threadId, flushOptions),
      walkAcrossTiers: (request) => super.getDeltaChannelHistory(request),
      deletions: this.#deletions,
      track: (work) => {
        const tracked = work.catch(() => {}).finally(() => this.#background.delete(tracked));
        this.#background.add(tracked);
      },
    };
  }

  /** Checks Redis, sets up the cold tier, and starts the saver's own flusher. Idempotent. */
  async setup(): Promise<void> {
    this.#closed = false;
    await this.hot.setup();
    await this.cold.setup();
    // Writes that reach the cold tier without Redis would make the record incomplete.
    if (this.#options.whenRedisUnavailable === "write-through") await this.#coldRecord.stop();
    else await this.#coldRecord.start(this.cold);
    this.flusher?.start();
    await this.flusher?.ready();
    this.#stopObservingMetrics ??= observeTieredMetrics(this, this.cold.backend);
  }

  /**
   * Flushes for up to `closeDrainTimeoutMs`, stops the in-process flusher, stops listening to
   * your Redis client's errors and releases the cold tier's own resources. Your Redis client
   * and cold saver stay open.
   */
  async close(): Promise<void> {
    // A write racing close() must not start the flusher (a worker thread) again.
    this.#closed = true;
    this.#stopObservingMetrics?.();
    this.#stopObservingMetrics = undefined;
    await this.flusher?.stop({
      drainTimeoutMs: this.#options.closeDrainTimeoutMs ?? DEFAULT_CLOSE_DRAIN_TIMEOUT_MS,
    });
    await Promise.all(this.#background);
    this.#redis.release();
    await this.cold.close();
  }

  getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    return this.history === "latest"
      ? readLatestTuple(this.#readContext, config)
      : readTuple(this.#readContext, config);
  }

  list(config: RunnableConfig, options?: CheckpointListOptions): AsyncGenerator<CheckpointTuple> {
    return this.history === "latest"
      ? listLatestTuples(this.#readContext, config, options)
      : listTuples(this.#readContext, config, options);
  }

  /** One Redis script when Redis holds the chain; the cold tier's own query when it does not. */
  override getDeltaChannelHistory(request: DeltaHistoryRequest): Promise<DeltaHistories> {
    return readDeltaHistory(this.#readContext, request);
  }

  async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    const { threadId, checkpointNs, checkpointId: parentId } = readThreadConfig(config);
    // Refused before anything is written, in Redis or (write-through) in the cold tier.
    assertCheckpointInput(checkpoint, metadata, newVersions);
    // Also on the write-through path, which never reaches the Redis saver's own check.
    if (this.history === "latest") assertLatestHistoryCanHold(metadata);
    // Registered before anything is awaited: writes to this checkpoint arriving meanwhile
    // (LangGraph does not wait for the put) can wait for it.
    const settle = this.#arrivals.putStarted(threadId, checkpointNs, checkpoint.id);
    let stored: RunnableConfig;
    let entry: RedisOutboxEntry | undefined;
    try {
      assertRedisConnected(this.#redis, "put");
      await this.#backpressure.apply();
      ({ config: stored, outboxEntry: entry } = await this.#memoryRelief.writeMakingRoom(() =>
        this.hot.putWithOutboxEntry(config, checkpoint, metadata, newVersions),
      ));
    } catch (error) {
      if (needsHotFence(config, this.#options) || !this.#writesThroughNow(error, "put")) {
        throw error;
      }
      const parent = { threadId, checkpointNs, parentCheckpointId: parentId };
      await writeCheckpointThrough(
        this.serde,
        this.cold,
        parent,
        checkpoint,
        metadata,
        newVersions,
        this.#throughSizeLimit,
      );
      return {
        configurable: {
          thread_id: threadId,
          checkpoint_ns: checkpointNs,
          checkpoint_id: checkpoint.id,
        },
      };
    } finally {
      settle();
    }
    const durable =
      this.#arrivals.takeDurablePut(threadId, checkpointNs, checkpoint.id) ||
      this.#options.acknowledgement === "durable" ||
      this.#durableWhen(checkpoint, metadata);
    this.#afterHotWrite(threadId);
    await this.#confirm(durable ? "durable" : this.#level(), threadId, entry ? [entry] : []);
    return stored;
  }

  /**
   * The hot tier's summary of the last N checkpoints when Redis holds N of the thread; else
   * with the cold tier's records (see `tieredThreadSizeSummary`).
   */
  threadSizeSummary(
    threadId: string,
    options?: ThreadSizeSummaryOptions,
  ): Promise<ThreadSizeSummary> {
    return tieredThreadSizeSummary(this.#readContext, threadId, options);
  }

  /** The size record Redis holds of the checkpoint; the cold tier's when Redis has none. */
  getCheckpointSize(config: RunnableConfig): Promise<StoredCheckpointSize | undefined> {
    return readCheckpointSize(this.#readContext, config);
  }

  /**
   * Threads of both tiers, most recently written first, each once (see
   * `listThreadsAcrossTiers` and the README's "Listing threads").
   */
  listThreads(options?: ListThreadsOptions): Promise<ThreadListPage> {
    return listThreadsAcrossTiers(
      {
        hot: this.hot,
        cold: this.cold,
        hotHolds: (threadIds) => threadsRedisHolds(this.#redis, this.hot.keyLayout, threadIds),
        assertHotReachable: () => assertRedisConnected(this.#redis, "listThreads"),
        hotUnavailable: (error) => servedByColdTier(this.#readContext, error, "listThreads"),
      },
      options,
    );
  }

  async putWrites(
    config: RunnableConfig,
    writes: PendingWrite[],
    taskId: string,
    taskPath = "",
  ): Promise<void> {
    const { threadId, checkpointNs, checkpointId } = readCheckpointConfig(config);
    const path = assertPendingWritesInput(writes, taskId, taskPath);
    const durable =
      this.#options.acknowledgement === "durable" ||
      writes.some(([channel]) => isInterruptWrite(channel));
    // LangGraph may write to a checkpoint before (or while) it stores it: its put, when it
    // comes, is written through too. Recorded before anything is awaited, so no put slips by.
    if (durable) this.#arrivals.makePutDurable(threadId, checkpointNs, checkpointId);
    await this.#backpressure.apply();
    let entry: RedisOutboxEntry | undefined;
    try {
      assertRedisConnected(this.#redis, "putWrites");
      ({ outboxEntry: entry } = await this.#memoryRelief.writeMakingRoom(() =>
        this.hot.putWritesWithOutboxEntry(config, writes, taskId, path),
      ));
    } catch (error) {
      if (needsHotFence(config, this.#options) || !this.#writesThroughNow(error, "putWrites")) {
        throw error;
      }
      const address = { threadId, checkpointNs, checkpointId };
      await writeWritesThrough(
        this.serde,
        this.cold,
        address,
        writes,
        taskId,
        path,
        this.#throughSizeLimit,
      );
      return;
    }
    this.#afterHotWrite(threadId);
    // The checkpoint goes along, so the cold tier has what the writes belong to; a put of it
    // still on its way to Redis is waited for first.
    if (durable) await this.#arrivals.putSettled(threadId, checkpointNs, checkpointId);
    // Made up here, not read from the outbox: the checkpoint's put may come later (it is then
    // written through itself), so its absence from Redis is no loss.
    const checkpointPut = entry ? { ...entry, kind: "put" as const, taskId: "" } : undefined;
    const entries = entry && checkpointPut ? [checkpointPut, entry] : [];
    await this.#confirm(
      durable ? "durable" : this.#level(),
      threadId,
      entries,
      new Set(checkpointPut ? [checkpointPut] : []),
    );
  }

  /**
   * Deletes the thread from both tiers. The delete's outbox entry orders it against the
   * thread's writes: a write whose entry comes before it is gone from both tiers (Redis
   * deletes it in the same script; the cold tier's fence at that entry keeps it out), a
   * write whose entry comes after it is kept in both (it is flushed after the fence, and
   * nothing deletes Redis again). This process's rehydrations and durable write-throughs of
   * the thread wait for the delete (see `ThreadDeletions`).
   */
  /** The hot tier's lease (one Redis script); its write script holds the fence. */
  acquireThreadLease(threadId: string, options: AcquireThreadLeaseOptions): Promise<ThreadLease> {
    return this.hot.acquireThreadLease(threadId, options);
  }

  renewThreadLease(lease: ThreadLease): Promise<void> {
    return this.hot.renewThreadLease(lease);
  }

  releaseThreadLease(lease: ThreadLease): Promise<void> {
    return this.hot.releaseThreadLease(lease);
  }

  async deleteThread(threadId: string): Promise<void> {
    const thread = readThreadIdArgument(threadId, "threadId");
    await this.#deletions.delete(thread, async () => {
      this.#flushContext.shippedHeads.forgetThread(thread);
      this.flusher?.forgetThread(thread);
      const { outboxEntry: entry } = await this.hot.deleteThreadWithOutboxEntry(thread);
      const shard = this.hot.keyLayout.shardOf(thread);
      const fence =
        entry?.entryId ?? (await this.#outbox.newestEntryId(shard)) ?? syntheticEntryId();
      await this.cold.deleteThread(thread, fence);
      // Applied: no flusher needs to replay it (one that already read it finds the fence).
      if (entry !== undefined) await this.#outbox.ackAndDelete(shard, [entry.entryId]);
    });
  }

  /**
   * Resolves once everything written so far (of `threadId`'s outbox shard, or of all shards)
   * is in the cold tier, or was moved to the dead-letter stream. Needs a running flusher
   * (in this process or elsewhere).
   */
  async flush(threadId?: string, options: { timeoutMs?: number } = {}): Promise<void> {
    const layout = this.hot.keyLayout;
    await waitForFlush(
      this.#outbox,
      threadId === undefined ? layout.shards() : [layout.shardOf(threadId)],
      {
        timeoutMs: options.timeoutMs,
        coldBackend: this.cold.backend,
        wakeFlusher: () => this.flusher?.wake(),
      },
    );
  }

  /** Backlog and lag (read from Redis) with the in-process flusher's counters. */
  async metrics(): Promise<TieredMetrics> {
    const stats = await readOutboxStats(this.#outbox, this.hot.keyLayout);
    return this.#flushRate.metrics(stats, this.flusher?.counters);
  }

  /**
   * Prunes both tiers alike (see `PruneOptions`), after flushing what is written so far;
   * with neither `keepLatest` nor `olderThan`, what is older than `ttlSeconds` (a saver
   * without a TTL refuses). Needs a running flusher, like `flush`.
   */
  async prune(options: PruneOptions = {}): Promise<PruneResult> {
    const resolved = resolvePruneOptions(options, this.#options.ttlSeconds);
    return pruneBothTiers(this.#retention(), resolved);
  }

  /**
   * Copies a thread's whole history in both tiers, after flushing the source. Needs a
   * running flusher, like `flush`.
   */
  copyThread(fromThreadId: string, toThreadId: string): Promise<void> {
    return copyThreadInBothTiers(this.#retention(), fromThreadId, toThreadId);
  }

  override getNextVersion(current: number | undefined): number {
    return nextChannelVersion(current) as unknown as number;
  }

  #retention(): RetentionContext {
    return {
      hot: this.hot,
      cold: this.cold,
      flush: async (threadId, options) => {
        await this.flush(threadId, options);
        await this.flusher?.settled();
      },
    };
  }

  #level(): AcknowledgementLevel {
    return this.#options.acknowledgement ?? "memory";
  }

  /** Throws instead of writing through when Redis is down because of its configuration. */
  #writesThroughNow(error: unknown, operation: string): boolean {
    if (
      this.#options.whenRedisUnavailable !== "write-through" ||
      !BackendUnavailableError.isInstance(error) ||
      error.backend !== "redis"
    ) {
      return false;
    }
    const misconfigured = misconfigurationBehind(this.#redis, operation);
    if (misconfigured !== undefined) throw misconfigured;
    return true;
  }

  #afterHotWrite(threadId: string): void {
    if (!this.#closed) this.flusher?.start();
    this.flusher?.wake(this.hot.keyLayout.shardOf(threadId));
  }

  async #confirm(
    level: AcknowledgementLevel,
    threadId: string,
    entries: RedisOutboxEntry[],
    mayBeMissing: ReadonlySet<RedisOutboxEntry> = new Set(),
  ): Promise<void> {
    if (level === "aof") return this.#persistence.confirmAof();
    if (level === "replicated") return this.#persistence.confirmReplicated();
    if (level !== "durable") return;
    // Written through outside the outbox order: after a delete of the thread in progress.
    await this.#deletions.settled(threadId);
    // Nothing appended (an identical re-write): whatever holds it is still in the outbox.
    if (entries.length === 0) return this.flush(threadId);
    // A durable put takes its thread's backlog along only when no flusher of its own is
    // running to ship it (see `withThreadBacklog`).
    const [only] = entries;
    const batch =
      entries.length === 1 && only?.kind === "put" && this.flusher?.running !== true
        ? await withThreadBacklog(this.#outbox, this.hot.keyLayout, only)
        : entries;
    const outcome = await flushEntries(this.#flushContext, batch, { mayBeMissing });
    // Only the caller's own records decide: a backlog entry refused stays in the outbox,
    // for the flusher to retry or dead-letter by its rules.
    const own = new Set(entries.map(entryRef));
    const rejected = outcome.poison.find(({ entry }) => own.has(entryRef(entry)));
    if (rejected !== undefined) throw rejected.error;
  }
}

// Spans and metrics for every public operation (optional: see core's README, "Telemetry").
traceTieredSaver(TieredSaver);
