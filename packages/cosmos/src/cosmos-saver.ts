import type { Container, CosmosClientOptions } from "@azure/cosmos";
import {
  type AcquireThreadLeaseOptions,
  type CorruptCheckpointError,
  DEFAULT_SIZE_SUMMARY_LAST_N,
  type HistoryMode,
  InvalidConfigError,
  type ListThreadsOptions,
  type PruneOptions,
  type PruneResult,
  readListThreadsOptions,
  readThreadTotalsIds,
  StateSizeGuard,
  type StateSizeReader,
  type StoredCheckpointSize,
  summarizeFromHistory,
  summarizeRecordedSizes,
  type ThreadCatalog,
  type ThreadLease,
  type ThreadLeaseSaver,
  type ThreadListing,
  type ThreadListPage,
  type ThreadSizeSummary,
  type ThreadSizeSummaryOptions,
  type ThreadTotalsLookup,
  type WriteFenceOptions,
} from "@checkpointkit/core";
import {
  assertCheckpointInput,
  assertLatestHistoryCanHold,
  assertPendingWritesInput,
  nextChannelVersion,
  readCheckpointConfig,
  readHistoryMode,
  readListScope,
  readThreadConfig,
  readThreadIdArgument,
  readWriteFence,
  requirePositiveInteger,
  resolvePruneOptions,
  validateCompressionOptions,
  validateRetentionOptions,
  validateWriteFenceOptions,
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
import {
  readCheckpointSize,
  readRecentSizes,
  type SizeRecordSource,
} from "./cosmos-checkpoint-sizes.js";
import { copyThreadItems } from "./cosmos-copy-thread.js";
import { deletePartition } from "./cosmos-delete-thread.js";
import { readDeltaChannelHistory } from "./cosmos-delta-history.js";
import { readLatestParts, readPartsById } from "./cosmos-get-tuple.js";
import { type ThreadPartition, tenantKeyOf, threadPartition } from "./cosmos-items.js";
import { listTuples } from "./cosmos-list.js";
import { listThreadItems } from "./cosmos-list-threads.js";
import { OperationRunner } from "./cosmos-operation-runner.js";
import { createOwnedClient, type OwnedClient } from "./cosmos-owned-client.js";
import type { PayloadCodec } from "./cosmos-payloads.js";
import { migratePendingSends } from "./cosmos-pending-sends.js";
import { forEachThread, pruneThread } from "./cosmos-prune.js";
import { pruneCriteriaOf } from "./cosmos-prune-scan.js";
import { executePut } from "./cosmos-put.js";
import type { PutFence } from "./cosmos-put-fence.js";
import { executeLatestPut } from "./cosmos-put-latest.js";
import { planPut } from "./cosmos-put-plan.js";
import { putWriteItems } from "./cosmos-put-writes.js";
import type { RequestMeter } from "./cosmos-requests.js";
import { COSMOS_SAVER_INTERNALS, type CosmosSaverInternals } from "./cosmos-saver-internals.js";
import {
  type CosmosContainerLocation,
  type CosmosSaverOptions,
  type CosmosSetupOptions,
  type CosmosTokenCredential,
  DEFAULT_BATCH_BUDGET_BYTES,
  DEFAULT_CHUNK_SIZE_BYTES,
  DEFAULT_LIST_PAGE_SIZE,
  DEFAULT_OPERATION_TIMEOUT_MS,
} from "./cosmos-saver-options.js";
import { traceCosmosSaver } from "./cosmos-saver-tracing.js";
import { setupContainer } from "./cosmos-setup.js";
import { CosmosThreadLeases, leaseFenceOperation } from "./cosmos-thread-leases.js";
import { readThreadTotals } from "./cosmos-thread-totals.js";
import { buildTuple, type PartitionReader } from "./cosmos-tuples.js";

/**
 * The default `onCorruptRecord`: a process warning (printed to stderr by default). Passed as
 * text, not as the error: Node refuses error objects of another realm (jest, vm contexts).
 */
function reportCorruptRecordAsWarning(error: CorruptCheckpointError): void {
  process.emitWarning(error.message, {
    type: "CorruptCheckpointError",
    code: "CHECKPOINTKIT_CORRUPT_RECORD",
    ...(error.location === undefined ? {} : { detail: `stored item: ${error.location}` }),
  });
}

/**
 * LangGraph checkpoint saver for Azure Cosmos DB for NoSQL. One container, partitioned by
 * thread; `put` is one transactional batch, the latest checkpoint two requests.
 */
export class CosmosSaver
  extends BaseCheckpointSaver
  implements ThreadLeaseSaver, StateSizeReader, ThreadCatalog, ThreadTotalsLookup
{
  readonly container: Container;
  private readonly owned: OwnedClient | undefined;
  private readonly tenantId: string | undefined;
  private readonly ttlSeconds: number | undefined;
  private readonly codec: PayloadCodec;
  private readonly batchBudgetBytes: number;
  private readonly listPageSize: number;
  private readonly operations: OperationRunner;
  private readonly onCorruptRecord: (error: CorruptCheckpointError) => void;
  private readonly history: HistoryMode;
  private readonly fenceOptions: WriteFenceOptions;
  /** `maxCheckpointBytes`, `largeStateWarningBytes`, `onLargeState`. */
  readonly stateSize: StateSizeGuard;
  private readonly leases: CosmosThreadLeases;

  /** `owned` is for `fromConnectionString`/`fromCredential`: the client the saver disposes. */
  constructor(options: CosmosSaverOptions, owned?: OwnedClient) {
    super(options.serde);
    if (options.container === undefined || options.container === null) {
      throw new InvalidConfigError("container is required", { field: "container" });
    }
    validateRetentionOptions(options);
    validateWriteFenceOptions(options);
    this.history = readHistoryMode(options);
    validateCompressionOptions(options.compression);
    const chunkSizeBytes = options.chunkSizeBytes ?? DEFAULT_CHUNK_SIZE_BYTES;
    this.batchBudgetBytes = options.batchBudgetBytes ?? DEFAULT_BATCH_BUDGET_BYTES;
    this.listPageSize = options.listPageSize ?? DEFAULT_LIST_PAGE_SIZE;
    requirePositiveInteger(chunkSizeBytes, "chunkSizeBytes");
    requirePositiveInteger(this.batchBudgetBytes, "batchBudgetBytes");
    requirePositiveInteger(this.listPageSize, "listPageSize");
    const operationTimeoutMs = options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
    requirePositiveInteger(operationTimeoutMs, "operationTimeoutMs");
    this.container = options.container;
    this.owned = owned;
    this.tenantId = options.tenantId;
    this.ttlSeconds = options.ttlSeconds;
    this.onCorruptRecord = options.onCorruptRecord ?? reportCorruptRecordAsWarning;
    this.operations = new OperationRunner({
      operationTimeoutMs,
      failures: owned?.failures,
      onRequestCharge: options.onRequestCharge,
    });
    this.codec = { serde: this.serde, compression: options.compression, chunkSizeBytes };
    this.fenceOptions = { requireLease: options.requireLease, concurrency: options.concurrency };
    this.stateSize = new StateSizeGuard(options);
    this.leases = new CosmosThreadLeases({
      container: this.container,
      partition: (threadId) => this.partition(threadId),
      run: (operation, body) => this.operations.run(operation, body),
    });
  }

  /** A saver with its own client, from an account connection string (`AccountEndpoint=...;AccountKey=...`). */
  static fromConnectionString(
    connectionString: string,
    location: CosmosContainerLocation,
  ): CosmosSaver {
    return CosmosSaver.withOwnedClient({ connectionString }, location);
  }

  /** A saver with its own client authenticated through Microsoft Entra ID. */
  static fromCredential(
    endpoint: string,
    credential: CosmosTokenCredential,
    location: CosmosContainerLocation,
  ): CosmosSaver {
    return CosmosSaver.withOwnedClient({ endpoint, aadCredentials: credential }, location);
  }

  private static withOwnedClient(
    auth: Partial<CosmosClientOptions>,
    location: CosmosContainerLocation,
  ): CosmosSaver {
    const { owned, container, behaviour } = createOwnedClient(auth, location);
    return new CosmosSaver({ ...behaviour, container }, owned);
  }

  /** Creates (when asked) and checks the database and container. Idempotent. */
  async setup(options: CosmosSetupOptions = {}): Promise<void> {
    await this.operations.run("setup", (meter) =>
      setupContainer({
        container: this.container,
        hierarchical: this.tenantId !== undefined,
        ttlSeconds: this.ttlSeconds,
        options,
        meter,
      }),
    );
  }

  /** Disposes the client if the saver created it; a caller's client is left alone. */
  async close(): Promise<void> {
    this.owned?.client.dispose();
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    // No thread, no checkpoint (the official specs ask for undefined, not an error).
    const rawThreadId = config.configurable?.thread_id;
    if (rawThreadId === undefined || rawThreadId === null) return undefined;
    const { threadId, checkpointNs, checkpointId } = readThreadConfig(config);
    return this.operations.run("getTuple", async (meter) => {
      const reader = this.reader(this.partition(threadId), meter);
      const parts =
        checkpointId === undefined
          ? await readLatestParts(reader, checkpointNs)
          : await readPartsById(reader, checkpointNs, checkpointId);
      if (parts === undefined) return undefined;
      const tuple = await buildTuple(this.codec, parts);
      await migratePendingSends(reader, tuple, (current) => this.getNextVersion(current));
      return tuple;
    });
  }

  async *list(
    config: RunnableConfig,
    options: CheckpointListOptions = {},
  ): AsyncGenerator<CheckpointTuple> {
    // Without a thread id, `list` lists every thread; a null namespace lists every namespace.
    const scope = readListScope(config);
    const before = options.before?.configurable?.checkpoint_id;
    const beforeCheckpointId =
      before === undefined || before === null
        ? undefined
        : readThreadIdArgument(before, "options.before.configurable.checkpoint_id");
    const meter = this.operations.perRequestMeter("list");
    try {
      yield* listTuples(
        {
          container: this.container,
          codec: this.codec,
          meter,
          pageSize: this.listPageSize,
          finish: (reader, tuple) =>
            migratePendingSends(reader, tuple, (current) => this.getNextVersion(current)),
          onCorruptRecord: scope.threadId === undefined ? this.onCorruptRecord : undefined,
        },
        {
          partitionKey:
            scope.threadId === undefined ? undefined : this.partition(scope.threadId).partitionKey,
          tenantKey: tenantKeyOf(this.tenantId),
          checkpointNs: scope.checkpointNs,
          checkpointId: scope.checkpointId,
          beforeCheckpointId,
          filter: options.filter,
          limit: options.limit,
        },
      );
    } finally {
      this.operations.report(meter);
    }
  }

  async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    const { threadId, checkpointNs, checkpointId: parentCheckpointId } = readThreadConfig(config);
    assertCheckpointInput(checkpoint, metadata, newVersions);
    if (this.history === "latest") assertLatestHistoryCanHold(metadata);
    const partition = this.partition(threadId);
    const fence = readWriteFence(config, this.fenceOptions, threadId, "put");
    await this.operations.run("put", async (meter) => {
      const plan = await planPut({
        partition,
        checkpointNs,
        parentCheckpointId,
        checkpoint,
        metadata,
        newVersions,
        ttlSeconds: this.ttlSeconds,
        codec: this.codec,
        batchBudgetBytes: this.batchBudgetBytes,
        stateSize: this.stateSize,
      });
      const putFence: PutFence = {
        threadId,
        leaseOperation:
          fence.leaseToken === undefined ? undefined : leaseFenceOperation(fence.leaseToken),
        parentCheck: fence.checkParent ? { parentId: parentCheckpointId } : undefined,
      };
      if (this.history === "latest") {
        await executeLatestPut(this.container, partition.partitionKey, plan, meter, putFence);
      } else {
        await executePut(
          this.container,
          partition.partitionKey,
          plan,
          parentCheckpointId !== undefined,
          meter,
          putFence,
        );
      }
    });
    return {
      configurable: {
        thread_id: threadId,
        checkpoint_ns: checkpointNs,
        checkpoint_id: checkpoint.id,
      },
    };
  }

  /**
   * The size record the checkpoint's `put` stored: one point read. `undefined` when there is
   * no such checkpoint or it was written before sizes were recorded.
   */
  async getCheckpointSize(config: RunnableConfig): Promise<StoredCheckpointSize | undefined> {
    const { threadId, checkpointNs, checkpointId } = readCheckpointConfig(config);
    return this.operations.run("getCheckpointSize", (meter) =>
      readCheckpointSize(this.sizeSource(threadId, meter), checkpointNs, checkpointId),
    );
  }

  /**
   * Sizes of the thread's last N checkpoints (scope `lastN`), from their size records: one
   * query, nothing re-encoded. A thread with checkpoints in scope written before sizes were
   * recorded is measured from its history instead (see the README's "State size").
   */
  async threadSizeSummary(
    threadId: string,
    options: ThreadSizeSummaryOptions = {},
  ): Promise<ThreadSizeSummary> {
    const id = readThreadIdArgument(threadId, "threadId");
    const lastN = options.lastN ?? DEFAULT_SIZE_SUMMARY_LAST_N;
    requirePositiveInteger(lastN, "lastN");
    const recent = await this.operations.run("threadSizeSummary", (meter) =>
      readRecentSizes(this.sizeSource(id, meter), lastN),
    );
    if (recent === undefined) {
      return summarizeFromHistory(this, id, this.codec.compression, { lastN });
    }
    return summarizeRecordedSizes({ threadId: id, recent });
  }

  /**
   * Threads most recently written first, with their checkpoint count and stored bytes: one
   * cross-partition query over the per-thread items per page (see the README's "Listing
   * threads" for its cost and limits).
   */
  async listThreads(options?: ListThreadsOptions): Promise<ThreadListPage> {
    const read = readListThreadsOptions(options);
    return this.operations.run("listThreads", (meter) =>
      listThreadItems(
        { container: this.container, tenantKey: tenantKeyOf(this.tenantId), meter },
        read,
      ),
    );
  }

  /**
   * These threads as `listThreads` lists them (threads it does not list left out), at most
   * 1000 ids: one point read of each thread's item, in parallel (README, "Listing threads").
   */
  async threadTotals(threadIds: readonly string[]): Promise<Map<string, ThreadListing>> {
    const ids = readThreadTotalsIds(threadIds);
    if (ids.length === 0) return new Map();
    return this.operations.run("threadTotals", (meter) =>
      readThreadTotals({ container: this.container, tenantId: this.tenantId, meter }, ids),
    );
  }

  async putWrites(
    config: RunnableConfig,
    writes: PendingWrite[],
    taskId: string,
    taskPath = "",
  ): Promise<void> {
    const { threadId, checkpointNs, checkpointId } = readCheckpointConfig(config);
    const storedTaskPath = assertPendingWritesInput(writes, taskId, taskPath);
    if (writes.length === 0) return;
    const { leaseToken } = readWriteFence(config, this.fenceOptions, threadId, "putWrites");
    await this.operations.run("putWrites", (meter) =>
      putWriteItems(
        this.container,
        {
          partition: this.partition(threadId),
          checkpointNs,
          checkpointId,
          writes,
          taskId,
          taskPath: storedTaskPath,
          ttlSeconds: this.ttlSeconds,
          codec: this.codec,
          batchBudgetBytes: this.batchBudgetBytes,
          stateSize: this.stateSize,
          dropSuperseded: this.history === "latest",
          leaseOperation: leaseToken === undefined ? undefined : leaseFenceOperation(leaseToken),
        },
        meter,
      ),
    );
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

  async deleteThread(threadId: string): Promise<void> {
    const partition = this.partition(readThreadIdArgument(threadId, "threadId"));
    await this.operations.run("deleteThread", (meter) =>
      deletePartition(this.container, partition.partitionKey, meter),
    );
  }

  /**
   * Deletes old checkpoints per (thread, namespace): those outside the newest `keepLatest`
   * (default 1) and, with `olderThan`, written before it (the item's `_ts`); with neither,
   * older than `ttlSeconds` (a saver without a TTL refuses). The latest
   * checkpoint of a namespace always stays. Writes of deleted checkpoints and value items no
   * remaining checkpoint references go too, chunks included. Without `threadId`, visits every
   * thread (of the tenant) found by a cross-partition query, one after another.
   */
  async prune(options: PruneOptions = {}): Promise<PruneResult> {
    // The same reading as every saver: with neither criterion, older than `ttlSeconds`.
    const resolved = resolvePruneOptions(options, this.ttlSeconds);
    const criteria = pruneCriteriaOf(resolved);
    const threadId = resolved.threadId;
    const pruneOne = (id: string, meter: RequestMeter) =>
      pruneThread(
        { container: this.container, partitionKey: this.partition(id).partitionKey, meter },
        criteria,
      );
    if (threadId !== undefined) {
      return this.operations.run("prune", async (meter) => ({
        deletedCheckpoints: await pruneOne(threadId, meter),
      }));
    }
    // Every thread: as long as the data makes it, so each request has its own deadline.
    const meter = this.operations.perRequestMeter("prune");
    try {
      let deletedCheckpoints = 0;
      await forEachThread(this.container, tenantKeyOf(this.tenantId), meter, async (id) => {
        deletedCheckpoints += await pruneOne(id, meter);
      });
      return { deletedCheckpoints };
    } finally {
      this.operations.report(meter);
    }
  }

  /**
   * Copies every checkpoint, write and value of `fromThreadId` (all namespaces) to
   * `toThreadId`, which then reads back like the source. Items the target already holds under
   * the same ids are kept (insert-if-absent) and its head only moves forward, so a retried
   * copy is harmless.
   */
  async copyThread(fromThreadId: string, toThreadId: string): Promise<void> {
    const source = this.partition(readThreadIdArgument(fromThreadId, "fromThreadId"));
    const target = this.partition(readThreadIdArgument(toThreadId, "toThreadId"));
    if (source.threadId === target.threadId) return;
    await this.operations.run("copyThread", (meter) =>
      copyThreadItems({
        container: this.container,
        source,
        target,
        batchBudgetBytes: this.batchBudgetBytes,
        ttlSeconds: this.ttlSeconds,
        meter,
      }),
    );
  }

  override async getDeltaChannelHistory(options: {
    config: RunnableConfig;
    channels: string[];
  }): Promise<Record<string, DeltaChannelHistory>> {
    const { threadId, checkpointNs, checkpointId } = readThreadConfig(options.config);
    if (options.channels.length === 0) return {};
    return this.operations.run("getDeltaChannelHistory", async (meter) => {
      const reader = this.reader(this.partition(threadId), meter);
      return readDeltaChannelHistory(
        reader,
        threadId,
        checkpointNs,
        checkpointId,
        options.channels,
      );
    });
  }

  /** @internal For `@checkpointkit/cosmos/internal` only. */
  [COSMOS_SAVER_INTERNALS](): CosmosSaverInternals {
    return {
      container: this.container,
      codec: this.codec,
      tenantId: this.tenantId,
      ttlSeconds: this.ttlSeconds,
      history: this.history,
      batchBudgetBytes: this.batchBudgetBytes,
      operations: this.operations,
      partition: (threadId) => this.partition(threadId),
    };
  }

  /** Takes the thread's lease (a point read and one write; see core's README, "Thread leases"). */
  acquireThreadLease(threadId: string, options: AcquireThreadLeaseOptions): Promise<ThreadLease> {
    return this.leases.acquire(readThreadIdArgument(threadId, "threadId"), options);
  }

  renewThreadLease(lease: ThreadLease): Promise<void> {
    return this.leases.renew(lease);
  }

  releaseThreadLease(lease: ThreadLease): Promise<void> {
    return this.leases.release(lease);
  }

  private partition(threadId: string): ThreadPartition {
    return threadPartition(threadId, this.tenantId);
  }

  private sizeSource(threadId: string, meter: RequestMeter): SizeRecordSource {
    return {
      container: this.container,
      partitionKey: this.partition(threadId).partitionKey,
      threadId,
      meter,
    };
  }

  private reader(partition: ThreadPartition, meter: RequestMeter): PartitionReader {
    return {
      container: this.container,
      partitionKey: partition.partitionKey,
      codec: this.codec,
      meter,
    };
  }
}

// Spans and metrics for every public operation (optional: see core's README, "Telemetry").
traceCosmosSaver(CosmosSaver);
