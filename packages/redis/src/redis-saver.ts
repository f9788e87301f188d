import type {
  AcquireThreadLeaseOptions,
  CompressionOptions,
  CorruptCheckpointError,
  HistoryMode,
  PruneOptions,
  PruneResult,
  ThreadLease,
  ThreadLeaseSaver,
  WriteFenceOptions,
} from "@checkpointkit/core";
import {
  type ListThreadsOptions,
  StateSizeGuard,
  type StateSizeReader,
  type StoredCheckpointSize,
  summarizeFromHistory,
  type ThreadCatalog,
  type ThreadListPage,
  type ThreadSizeSummary,
  type ThreadSizeSummaryOptions,
} from "@checkpointkit/core";
import {
  assertCheckpointInput,
  assertLatestHistoryCanHold,
  assertPendingWritesInput,
  nextChannelVersion,
  readCheckpointConfig,
  readHistoryMode,
  readThreadConfig,
  readThreadIdArgument,
  readWriteFence,
  requirePositiveInteger,
  resolvePruneOptions,
} from "@checkpointkit/core/internal";
import type { RunnableConfig } from "@langchain/core/runnables";
import {
  BaseCheckpointSaver,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointTuple,
  type DeltaChannelHistory,
  type PendingWrite,
} from "@langchain/langgraph-checkpoint";
import { type ListSource, listCheckpoints } from "./checkpoint-lister.js";
import { ConnectionSupervisor } from "./connection-supervisor.js";
import { constructorOptions } from "./constructor-forms.js";
import { type DeltaChannelHistoryWithWalkEnd, decodeDeltaHistory } from "./delta-history.js";
import { readListQuery } from "./list-query.js";
import type { LuaScript, ScriptArgument } from "./lua-script.js";
import { openOwnedClusterClient, openOwnedUrlClient, ownedSupervisorOf } from "./owned-clients.js";
import { RecordCodec } from "./record-codec.js";
import { createRedisCall, type RedisCall } from "./redis-call.js";
import { closeOwnedClient } from "./redis-connection.js";
import { guardDecode, locateCorruption } from "./redis-errors.js";
import { RedisKeyLayout } from "./redis-keys.js";
import { createRedisListSource } from "./redis-list-source.js";
import type { RedisOutboxEntry } from "./redis-outbox.js";
import {
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_LIST_PAGE_SIZE,
  type RedisClient,
  type RedisClusterNode,
  type RedisSaverCommonOptions,
  type RedisSaverFromClusterOptions,
  type RedisSaverFromUrlOptions,
  type RedisSaverOptions,
  validateRedisSaverOptions,
} from "./redis-saver-options.js";
import { traceRedisSaver } from "./redis-saver-tracing.js";
import { REDIS_SCRIPTS } from "./redis-scripts.js";
import { assertRequestFits } from "./request-size.js";
import { readCheckpointSize, summarizeRecentSizes } from "./stored-sizes.js";
import { listThreads } from "./thread-catalog.js";
import { RedisThreadLeases } from "./thread-leases.js";
import { describeThread } from "./thread-location.js";
import { pruneThreads } from "./thread-pruning.js";
import { type ThreadScriptRunner, ThreadWriter } from "./thread-writer.js";
import { decodeTuple } from "./tuple-decoder.js";
import { restoreTuple } from "./tuple-restore.js";

/** What a write of `RedisSaver` appended to the outbox (undefined: nothing appended). */
export interface OutboxEntryResult {
  outboxEntry: RedisOutboxEntry | undefined;
}

/**
 * LangGraph checkpoint saver on plain Redis ≥ 6.2, Valkey or Redis Cluster, through ioredis.
 * One round trip (one Lua script) per `put`, `putWrites`, `getTuple` and
 * `getDeltaChannelHistory`; two per `list` page. See the package README for the data model.
 */
export class RedisSaver
  extends BaseCheckpointSaver
  implements ThreadLeaseSaver, StateSizeReader, ThreadCatalog
{
  /** The keys this saver uses; the tiered saver computes the same ones from it. */
  readonly keyLayout: RedisKeyLayout;
  /** The client the saver talks through (yours, or the one `fromUrl` created). */
  readonly client: RedisClient;
  /** `"latest"` keeps one checkpoint per (thread, namespace); see the `history` option. */
  readonly history: HistoryMode;
  readonly #ownsClient: boolean;
  readonly #supervisor: ConnectionSupervisor;
  readonly #call: RedisCall;
  readonly #codec: RecordCodec;
  readonly #writer: ThreadWriter;
  readonly #refreshTtlMs: string;
  readonly #ttlSeconds: number | undefined;
  readonly #timeoutMs: number;
  readonly #listSource: ListSource;
  readonly #onCorruptRecord: ((error: CorruptCheckpointError) => void) | undefined;
  readonly #fenceOptions: WriteFenceOptions;
  readonly #compression: CompressionOptions | undefined;
  readonly #leases: RedisThreadLeases;

  constructor(options: RedisSaverOptions);
  /** The official saver's form, `new RedisSaver(client, options)`, with an ioredis client. */
  constructor(client: RedisClient, options?: RedisSaverCommonOptions);
  constructor(first: RedisSaverOptions | RedisClient, rest?: RedisSaverCommonOptions) {
    const options = constructorOptions(first, rest);
    super(options.serde);
    validateRedisSaverOptions(options);
    this.client = options.client;
    this.history = readHistoryMode(options);
    this.keyLayout = new RedisKeyLayout({
      keyPrefix: options.keyPrefix,
      shardCount: options.shardCount,
      outboxStreamName: options.outbox?.streamName,
    });
    this.#codec = new RecordCodec(this.serde, options.compression);
    this.#compression = options.compression;
    this.#ttlSeconds = options.ttlSeconds;
    const ttlMs = options.ttlSeconds === undefined ? 0 : options.ttlSeconds * 1000;
    this.#refreshTtlMs = options.refreshTtlOnRead === true ? String(ttlMs) : "0";
    this.#onCorruptRecord = options.onCorruptRecord;
    this.#fenceOptions = { requireLease: options.requireLease, concurrency: options.concurrency };
    this.#leases = new RedisThreadLeases((operation, script, threadId, args) =>
      this.#run(operation, script, threadId, args),
    );
    this.#writer = new ThreadWriter({
      keyLayout: this.keyLayout,
      codec: this.#codec,
      run: (operation, script, threadId, args, extraKeys) =>
        this.#run(operation, script, threadId, args, extraKeys),
      ttlMs: String(ttlMs),
      outboxMode: options.outbox === undefined ? "" : String(options.outbox.maxLength ?? 0),
      latestOnly: this.history === "latest",
      stateSize: new StateSizeGuard(options),
    });
    this.#timeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    const owned = ownedSupervisorOf(this.client);
    this.#ownsClient = owned !== undefined;
    this.#supervisor = owned ?? ConnectionSupervisor.forSharedClient(this.client);
    this.#call = createRedisCall(this.#supervisor, this.#timeoutMs);
    this.#listSource = createRedisListSource({
      pageSize: options.listPageSize ?? DEFAULT_LIST_PAGE_SIZE,
      client: this.client,
      keyLayout: this.keyLayout,
      call: this.#call,
      runScript: (script, threadId, args) => this.#run("list", script, threadId, args),
      readTuples: (threadId, checkpoints) => this.#readTuples("list", threadId, checkpoints),
    });
  }

  /**
   * A saver with a client of its own for `redis://` or `rediss://` (TLS) URLs, including
   * `user:password@` (ACL) and `/db`. `close()` closes that client.
   */
  static fromUrl(url: string, options: RedisSaverFromUrlOptions = {}): RedisSaver {
    return new RedisSaver({ ...options, client: openOwnedUrlClient(url, options) });
  }

  /**
   * A saver with an ioredis `Cluster` of its own, reached through any of `nodes` (ioredis
   * startup nodes, or `{ url }` as the official saver takes them). `close()` closes it.
   */
  static fromCluster(
    nodes: readonly RedisClusterNode[],
    options: RedisSaverFromClusterOptions = {},
  ): RedisSaver {
    return new RedisSaver({ ...options, client: openOwnedClusterClient(nodes, options) });
  }

  /** Nothing to create in Redis; checks that the server answers. Safe to call any time. */
  async setup(): Promise<void> {
    await this.#call("setup", () => this.client.ping());
  }

  /** Closes the client if `fromUrl` or `fromCluster` created it; yours is left open. */
  async close(): Promise<void> {
    if (!this.#ownsClient) return;
    await closeOwnedClient(this.client, this.#timeoutMs);
  }

  /** `close()`, under the official saver's name. */
  end(): Promise<void> {
    return this.close();
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    // The official contract: no thread, no tuple (a thread id of the wrong type still throws).
    if (config?.configurable?.thread_id == null) return undefined;
    const { threadId, checkpointNs, checkpointId } = readThreadConfig(config);
    const [tuple] = await this.#readTuples("getTuple", threadId, [
      { checkpointNs, checkpointId: checkpointId ?? "" },
    ]);
    if (tuple instanceof Error) throw tuple;
    return tuple;
  }

  list(config: RunnableConfig, options?: CheckpointListOptions): AsyncGenerator<CheckpointTuple> {
    return listCheckpoints(this.#listSource, readListQuery(config, options), this.#onCorruptRecord);
  }

  async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    return (await this.putWithOutboxEntry(config, checkpoint, metadata, newVersions)).config;
  }

  /** `put`, plus the outbox entry it appended (see the `outbox` option). */
  async putWithOutboxEntry(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<OutboxEntryResult & { config: RunnableConfig }> {
    const { threadId, checkpointNs, checkpointId: parentCheckpointId } = readThreadConfig(config);
    assertCheckpointInput(checkpoint, metadata, newVersions);
    if (this.history === "latest") assertLatestHistoryCanHold(metadata);
    const fence = readWriteFence(config, this.#fenceOptions, threadId, "put");
    const outboxEntry = await this.#writer.putCheckpoint(
      { threadId, checkpointNs, parentCheckpointId },
      checkpoint,
      metadata,
      newVersions,
      fence,
    );
    const stored = {
      thread_id: threadId,
      checkpoint_ns: checkpointNs,
      checkpoint_id: checkpoint.id,
    };
    return { config: { configurable: stored }, outboxEntry };
  }

  async putWrites(
    config: RunnableConfig,
    writes: PendingWrite[],
    taskId: string,
    taskPath?: string,
  ): Promise<void> {
    await this.putWritesWithOutboxEntry(config, writes, taskId, taskPath);
  }

  /**
   * Sizes of the thread's last N checkpoints (scope `lastN`; see the README's "State size"),
   * from the size records their puts stored: one script. Only when one of them has no record
   * (written before sizes were recorded) are they measured again from their values.
   */
  async threadSizeSummary(
    threadId: string,
    options?: ThreadSizeSummaryOptions,
  ): Promise<ThreadSizeSummary> {
    const thread = readThreadIdArgument(threadId, "threadId");
    requirePositiveInteger(options?.lastN, "lastN");
    return (
      (await summarizeRecentSizes(this.#sizeReads, thread, options?.lastN)) ??
      summarizeFromHistory(this, thread, this.#compression, options)
    );
  }

  /**
   * The size record the checkpoint's `put` stored (the namespace's latest without
   * `checkpoint_id`); `undefined` when there is no such checkpoint or it was written before
   * sizes were recorded. One script.
   */
  async getCheckpointSize(config: RunnableConfig): Promise<StoredCheckpointSize | undefined> {
    return readCheckpointSize(this.#sizeReads, readThreadConfig(config));
  }

  /**
   * Threads most recently written first (equal times by id), with their checkpoint count and
   * stored bytes; two round trips per page on a standalone server (see the README's "Listing
   * threads"). With `refreshTtlOnRead`, a read counts as a write for `updatedAt`.
   */
  listThreads(options?: ListThreadsOptions): Promise<ThreadListPage> {
    return listThreads(options, {
      client: this.client,
      keyLayout: this.keyLayout,
      call: this.#call,
    });
  }

  /** `putWrites`, plus the outbox entry it appended (see the `outbox` option). */
  async putWritesWithOutboxEntry(
    config: RunnableConfig,
    writes: PendingWrite[],
    taskId: string,
    taskPath?: string,
  ): Promise<OutboxEntryResult> {
    const address = readCheckpointConfig(config);
    const storedTaskPath = assertPendingWritesInput(writes, taskId, taskPath);
    const fence = readWriteFence(config, this.#fenceOptions, address.threadId, "putWrites");
    return {
      outboxEntry: await this.#writer.putWrites(address, writes, taskId, storedTaskPath, fence),
    };
  }

  /**
   * Versions that stay unique across forks (see `nextChannelVersion`): values are stored
   * once per (thread, namespace, channel, version), and with LangGraph's integer versions a
   * fork from an older checkpoint would overwrite the original branch's values. LangGraph
   * accepts string versions; the declared type is the base class's.
   */
  override getNextVersion(current: number | undefined): number {
    return nextChannelVersion(current) as unknown as number;
  }

  /**
   * Writes a tuple read from another store (a cold tier, a backup) into Redis: its checkpoint
   * and pending writes, without outbox entries, since it came from where the outbox leads.
   */
  async restoreTuple(tuple: CheckpointTuple): Promise<void> {
    await restoreTuple(this.#writer.withoutOutbox(), tuple);
  }

  /** Takes the thread's lease (one script; see core's README, "Thread leases"). */
  acquireThreadLease(threadId: string, options: AcquireThreadLeaseOptions): Promise<ThreadLease> {
    return this.#leases.acquire(readThreadIdArgument(threadId, "threadId"), options);
  }

  renewThreadLease(lease: ThreadLease): Promise<void> {
    return this.#leases.renew(lease);
  }

  releaseThreadLease(lease: ThreadLease): Promise<void> {
    return this.#leases.release(lease);
  }

  /** Deletes every checkpoint, value and write of the thread, in all namespaces, in one script. */
  async deleteThread(threadId: string): Promise<void> {
    await this.deleteThreadWithOutboxEntry(threadId);
  }

  /** `deleteThread`, plus the outbox entry it appended (see the `outbox` option). */
  async deleteThreadWithOutboxEntry(threadId: string): Promise<OutboxEntryResult> {
    const thread = readThreadIdArgument(threadId, "threadId");
    return { outboxEntry: await this.#writer.deleteThread(thread) };
  }

  /** One script: walks the parent chain on the server and returns only the asked channels. */
  override async getDeltaChannelHistory(options: {
    config: RunnableConfig;
    channels: string[];
  }): Promise<Record<string, DeltaChannelHistory>> {
    readThreadConfig(options.config);
    if (options.channels.length === 0) return {};
    return (await this.getDeltaChannelHistoryWithWalkEnd(options)).history;
  }

  /**
   * `getDeltaChannelHistory` plus where the walk stopped, from the same one script: tells a
   * complete history from one cut short by a missing ancestor. Always one round trip.
   */
  async getDeltaChannelHistoryWithWalkEnd(options: {
    config: RunnableConfig;
    channels: string[];
  }): Promise<DeltaChannelHistoryWithWalkEnd> {
    const { threadId, checkpointNs, checkpointId } = readThreadConfig(options.config);
    const reply = await this.#run(
      "getDeltaChannelHistory",
      REDIS_SCRIPTS.deltaChannelHistory,
      threadId,
      [checkpointNs, checkpointId ?? "", ...options.channels],
    );
    return guardDecode(describeThread(threadId, checkpointNs), (location) =>
      decodeDeltaHistory(this.#codec, options.channels, reply, location),
    );
  }

  /**
   * Deletes old checkpoints (with their writes and the channel values only they used), per
   * (thread, namespace): those outside the newest `keepLatest` and, with `olderThan`, whose
   * `checkpoint.ts` is older; with neither, older than `ttlSeconds` (a saver without a TTL
   * refuses). The newest checkpoint of a namespace is always kept. Without `threadId`, walks
   * every shard's thread index: one script per shard prunes a page of threads, the shards'
   * scripts pipelined (see `pruneThreads` for the bounds).
   */
  async prune(options: PruneOptions = {}): Promise<PruneResult> {
    return pruneThreads(resolvePruneOptions(options, this.#ttlSeconds), {
      client: this.client,
      keyLayout: this.keyLayout,
      call: this.#call,
      run: (operation, script, threadId, args) => this.#run(operation, script, threadId, args),
      onCorruptRecord: this.#onCorruptRecord,
    });
  }

  /**
   * Makes `toThreadId` an exact copy of `fromThreadId` (all namespaces, checkpoints, values,
   * writes), replacing what it held. Two round trips (the threads may live on different
   * Cluster nodes); does nothing when the source thread is empty.
   */
  async copyThread(fromThreadId: string, toThreadId: string): Promise<void> {
    await this.copyThreadWithOutboxEntry(fromThreadId, toThreadId);
  }

  /** `copyThread`, plus the outbox entry it appended (see the `outbox` option). */
  async copyThreadWithOutboxEntry(
    fromThreadId: string,
    toThreadId: string,
  ): Promise<OutboxEntryResult> {
    const from = readThreadIdArgument(fromThreadId, "fromThreadId");
    const to = readThreadIdArgument(toThreadId, "toThreadId");
    return { outboxEntry: await this.#writer.copyThread(from, to) };
  }

  /**
   * Sets (seconds) or removes (undefined) the expiry of all keys of a thread, e.g. once a
   * consumer of the outbox has copied the thread elsewhere.
   */
  async setThreadTtl(threadId: string, ttlSeconds: number | undefined): Promise<void> {
    const thread = readThreadIdArgument(threadId, "threadId");
    requirePositiveInteger(ttlSeconds, "ttlSeconds");
    await this.#run("setThreadTtl", REDIS_SCRIPTS.setThreadTtl, thread, [
      String((ttlSeconds ?? 0) * 1000),
    ]);
  }

  /** Size reads run without touching the thread (they never refresh its TTL). */
  readonly #sizeReads: ThreadScriptRunner = (operation, script, threadId, args) =>
    this.#run(operation, script, threadId, args);

  async #run(
    operation: string,
    script: LuaScript,
    threadId: string,
    args: ScriptArgument[],
    extraKeys: string[] = [],
  ) {
    assertRequestFits(operation, args);
    try {
      return await this.#call(operation, () =>
        script.run(this.client, [...this.keyLayout.scriptKeys(threadId), ...extraKeys], args),
      );
    } catch (error) {
      throw locateCorruption(error, describeThread(threadId, undefined));
    }
  }

  async #readTuples(
    operation: string,
    threadId: string,
    checkpoints: { checkpointNs: string; checkpointId: string }[],
  ): Promise<(CheckpointTuple | undefined | CorruptCheckpointError)[]> {
    const reply = await this.#run(operation, REDIS_SCRIPTS.readCheckpoints, threadId, [
      threadId,
      this.#refreshTtlMs,
      checkpoints.length,
      ...checkpoints.flatMap(({ checkpointNs, checkpointId }) => [checkpointNs, checkpointId]),
    ]);
    const items = Array.isArray(reply) ? reply : [];
    return Promise.all(
      checkpoints.map(({ checkpointNs }, index) => {
        const location = describeThread(threadId, checkpointNs);
        // Each checkpoint on its own: a corrupt one does not hide the others of the page.
        return guardDecode(location, (at) =>
          decodeTuple(
            this.#codec,
            (current) => this.getNextVersion(current as number | undefined),
            threadId,
            checkpointNs,
            items[index],
            at,
          ),
        ).catch((error: CorruptCheckpointError) => error);
      }),
    );
  }
}

// Spans and metrics for every public operation (optional: see core's README, "Telemetry").
traceRedisSaver(RedisSaver);
