import {
  type AcquireThreadLeaseOptions,
  type CorruptCheckpointError,
  type HistoryMode,
  InvalidConfigError,
  type ListThreadsOptions,
  measureCheckpointRecord,
  measureWritesRecord,
  type PruneOptions,
  type PruneResult,
  StateSizeGuard,
  type StateSizeReader,
  type StoredCheckpointSize,
  storedSizeOf,
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
  checkIdString,
  nextChannelVersion,
  readCheckpointConfig,
  readHistoryMode,
  readThreadConfig,
  readThreadIdArgument,
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
  type SerializerProtocol,
} from "@langchain/langgraph-checkpoint";
import type pg from "pg";
import { toSaverError } from "./backend-errors.js";
import { boundConnectionAttempts, validateConnectionString } from "./connection-settings.js";
import { decodeDeltaHistory } from "./delta-history-decoding.js";
import { runMigrations } from "./migrations/run-migrations.js";
import {
  constructorOptions,
  isPool,
  type PositionalPostgresSaverOptions,
  schemaOrOptions,
} from "./official-constructor.js";
import { validateCommonOptions, validateConnStringOptions } from "./option-validation.js";
import { createOwnedPool } from "./owned-pool.js";
import type { ConnectionDeadlines } from "./pooled-connection.js";
import { postgresCheckpointSize } from "./postgres-checkpoint-size.js";
import { listTuples } from "./postgres-list.js";
import { copyThread, deleteExpiredThreads, prune } from "./postgres-retention.js";
import {
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_LIST_PAGE_SIZE,
  DEFAULT_PRUNE_BATCH_SIZE,
  DEFAULT_QUERY_TIMEOUT_MS,
  DEFAULT_SCHEMA,
  type PostgresConnStringOptions,
  type PostgresSaverOptions,
} from "./postgres-saver-options.js";
import { tracePostgresSaver } from "./postgres-saver-tracing.js";
import { postgresThreadSizeSummary } from "./postgres-size-summary.js";
import { postgresListThreads } from "./postgres-thread-catalog.js";
import { PostgresThreadLeases } from "./postgres-thread-leases.js";
import { postgresThreadTotals } from "./postgres-thread-totals.js";
import { fenceTarget, throwIfFenced } from "./postgres-write-fence.js";
import { buildPutManyBatch } from "./put-many-batch.js";
import { checkpointRecordRows, writesRecordRows } from "./record-rows.js";
import { serializeCheckpointRecord, serializeWritesRecord } from "./record-serialization.js";
import { SchemaName } from "./schema-name.js";
import type { PutManyInput } from "./serialized-records.js";
import type { DeltaHistoryRow } from "./sql/delta-history-statement.js";
import { buildDeltaHistoryStatement } from "./sql/delta-history-statement.js";
import { buildGetTupleStatement } from "./sql/get-tuple-statement.js";
import { buildDeleteThreadsStatement } from "./sql/thread-statements.js";
import type { TupleRow } from "./sql/tuple-select.js";
import type { WriteRow } from "./sql/write-rows.js";
import { buildWriteBatchStatement } from "./sql/write-statements.js";
import { StatementRunner } from "./statement-runner.js";
import { toStoredText } from "./stored-text.js";
import { TtlSweeper } from "./ttl-sweeper.js";
import { decodeTupleRow } from "./tuple-decoding.js";

/**
 * LangGraph checkpoint saver for PostgreSQL: one statement per operation, channel values
 * deduplicated per version, a queryable audit view, versioned migrations and retention.
 */
export class PostgresSaver
  extends BaseCheckpointSaver
  implements ThreadLeaseSaver, StateSizeReader, ThreadCatalog, ThreadTotalsLookup
{
  readonly pool: pg.Pool;
  readonly schema: SchemaName;
  readonly ttlSeconds: number | undefined;
  /** `"latest"` keeps one checkpoint per (thread, namespace); see the `history` option. */
  readonly history: HistoryMode;
  readonly listPageSize: number;
  readonly pruneBatchSize: number;
  /** Client-side bounds of every call; see `connectionTimeoutMs` and `queryTimeoutMs`. */
  readonly deadlines: ConnectionDeadlines;
  /** Where `list` reports the checkpoints it cannot decode and skips; see the option. */
  readonly onCorruptRecord: ((error: CorruptCheckpointError) => void) | undefined;
  /** @internal */
  readonly runner: StatementRunner;
  private readonly fenceOptions: WriteFenceOptions;
  /** `maxCheckpointBytes`, `largeStateWarningBytes`, `onLargeState`. */
  readonly stateSize: StateSizeGuard;
  private readonly leases: PostgresThreadLeases;
  private ownsPool = false;
  private closed = false;
  private readonly ttlSweeper: TtlSweeper | undefined;

  constructor(options: PostgresSaverOptions);
  /** The official saver's form: `new PostgresSaver(pool, serde, { schema })`. */
  constructor(
    pool: pg.Pool,
    serde?: SerializerProtocol,
    options?: PositionalPostgresSaverOptions | string,
  );
  constructor(
    first: PostgresSaverOptions | pg.Pool,
    serde?: SerializerProtocol,
    rest?: PositionalPostgresSaverOptions | string,
  ) {
    const options = constructorOptions(first, serde, rest);
    super(options.serde);
    if (!isPool(options.pool)) {
      throw new InvalidConfigError("pool must be a pg.Pool", { field: "pool" });
    }
    validateCommonOptions(options);
    this.pool = options.pool;
    this.schema = new SchemaName(options.schema ?? DEFAULT_SCHEMA);
    this.ttlSeconds = options.ttlSeconds;
    this.history = readHistoryMode(options);
    this.listPageSize = options.listPageSize ?? DEFAULT_LIST_PAGE_SIZE;
    this.pruneBatchSize = options.pruneBatchSize ?? DEFAULT_PRUNE_BATCH_SIZE;
    const connectionTimeoutMs = options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS;
    this.deadlines = {
      connectionTimeoutMs,
      queryTimeoutMs: options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
    };
    boundConnectionAttempts(this.pool, connectionTimeoutMs);
    this.runner = new StatementRunner(this.pool, this.deadlines, this.schema.name);
    this.onCorruptRecord = options.onCorruptRecord;
    this.fenceOptions = { requireLease: options.requireLease, concurrency: options.concurrency };
    this.stateSize = new StateSizeGuard(options);
    this.leases = new PostgresThreadLeases(this.schema, this.runner);
    if (options.ttlSweepIntervalMs !== undefined) {
      this.ttlSweeper = new TtlSweeper(
        () => this.deleteExpiredThreads(),
        options.ttlSweepIntervalMs,
        options.onBackgroundError ?? (() => {}),
      );
      this.ttlSweeper.start();
    }
  }

  /**
   * A saver with its own pool, ended by `close()`. TLS follows the URL (`sslmode=...`,
   * parsed by `pg`). Call `setup()` before first use.
   */
  static fromConnString(
    connectionString: string,
    schemaOrConnStringOptions: PostgresConnStringOptions | string = {},
  ): PostgresSaver {
    // The older official form passes the schema name itself.
    const options: PostgresConnStringOptions = schemaOrOptions(schemaOrConnStringOptions) ?? {};
    validateConnStringOptions(options);
    validateConnectionString(connectionString);
    const { poolOptions, statementTimeoutMs, ...saverOptions } = options;
    const pool = createOwnedPool({
      connectionString,
      poolOptions,
      connectionTimeoutMs: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
      statementTimeoutMs,
    });
    const saver = new PostgresSaver({ ...saverOptions, pool });
    saver.ownsPool = true;
    return saver;
  }

  /** Creates or upgrades the schema; safe to call from any number of processes at once. */
  async setup(): Promise<void> {
    try {
      await runMigrations(this.pool, this.schema, this.deadlines);
    } catch (error) {
      throw toSaverError(error, "setup", this.schema.name);
    }
  }

  /** `close()`, under the official saver's name. */
  end(): Promise<void> {
    return this.close();
  }

  /** Stops the TTL sweeper; ends the pool if `fromConnString` created it, never a pool passed in. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.ttlSweeper?.stop();
    if (this.ownsPool) await this.pool.end();
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    // No thread means nothing to find (the official specs require `undefined`, not an error).
    if (config?.configurable?.thread_id == null) return undefined;
    const { threadId, checkpointNs, checkpointId } = readThreadConfig(config);
    const rows = await this.runner.run<TupleRow>(
      "getTuple",
      buildGetTupleStatement(
        this.schema,
        toStoredText(threadId),
        toStoredText(checkpointNs),
        checkpointId === undefined || checkpointId === "" ? undefined : toStoredText(checkpointId),
      ),
    );
    const row = rows[0];
    return row === undefined ? undefined : this.decodeRow(row);
  }

  async *list(
    config: RunnableConfig,
    options: CheckpointListOptions = {},
  ): AsyncGenerator<CheckpointTuple> {
    yield* listTuples(this, config, options);
  }

  async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    const { threadId, checkpointNs, checkpointId: parentCheckpointId } = readThreadConfig(config);
    assertCheckpointInput(checkpoint, metadata, newVersions);
    const latestOnly = this.history === "latest";
    if (latestOnly) assertLatestHistoryCanHold(metadata);
    const record = await serializeCheckpointRecord(
      this.serde,
      { threadId, checkpointNs, parentCheckpointId },
      checkpoint,
      metadata,
      newVersions,
    );
    const measured = measureCheckpointRecord(record);
    this.stateSize.check(measured);
    const rows = checkpointRecordRows(record, checkpoint, metadata, storedSizeOf(measured));
    const statement = buildWriteBatchStatement(this.schema, {
      blobs: rows.blobs,
      checkpoints: [rows.checkpoint],
      writes: [],
      latestOnly,
      fence: fenceTarget(config, this.fenceOptions, "put", rows.checkpoint),
    });
    if (statement !== undefined)
      throwIfFenced(await this.runner.run("put", statement), "put", threadId);
    return {
      configurable: {
        thread_id: threadId,
        checkpoint_ns: checkpointNs,
        checkpoint_id: checkpoint.id,
      },
    };
  }

  async putWrites(
    config: RunnableConfig,
    writes: PendingWrite[],
    taskId: string,
    taskPath?: string,
  ): Promise<void> {
    const address = readCheckpointConfig(config);
    const storedTaskPath = assertPendingWritesInput(writes, taskId, taskPath);
    if (writes.length === 0) return;
    const record = await serializeWritesRecord(this.serde, address, writes, taskId, storedTaskPath);
    this.stateSize.check(measureWritesRecord(record));
    const writeRows = writesRecordRows(record);
    const statement = buildWriteBatchStatement(this.schema, {
      blobs: [],
      checkpoints: [],
      writes: writeRows,
      latestOnly: this.history === "latest",
      fence: fenceTarget(config, this.fenceOptions, "putWrites", writeRows[0] as WriteRow),
    });
    if (statement !== undefined) {
      throwIfFenced(await this.runner.run("putWrites", statement), "putWrites", address.threadId);
    }
  }

  /**
   * Stores many already-serialized checkpoints and writes, of any threads, in ONE
   * statement: the flush path of a write-behind tier. Idempotent: checkpoints are upserted,
   * blobs and regular writes are insert-if-absent, special writes upserted, so replaying a
   * batch (at-least-once delivery) leaves the tables as they were.
   */
  async putMany(input: PutManyInput): Promise<void> {
    const batch = await buildPutManyBatch(this.serde, input);
    const statement = buildWriteBatchStatement(this.schema, batch);
    if (statement !== undefined) await this.runner.run("putMany", statement);
  }

  /** Takes the thread's lease (one statement; see core's README, "Thread leases"). */
  acquireThreadLease(threadId: string, options: AcquireThreadLeaseOptions): Promise<ThreadLease> {
    return this.leases.acquire(toStoredText(readThreadIdArgument(threadId, "threadId")), options);
  }

  renewThreadLease(lease: ThreadLease): Promise<void> {
    return this.leases.renew(lease);
  }

  releaseThreadLease(lease: ThreadLease): Promise<void> {
    return this.leases.release(lease);
  }

  /** The size record the checkpoint's put stored (one statement); see `StateSizeReader`. */
  getCheckpointSize(config: RunnableConfig): Promise<StoredCheckpointSize | undefined> {
    return postgresCheckpointSize(this.schema, this.runner, config);
  }

  /** Threads, most recently written first: one statement per page (README, "Thread catalog"). */
  listThreads(options?: ListThreadsOptions): Promise<ThreadListPage> {
    return postgresListThreads(this.schema, this.runner, options);
  }

  /**
   * These threads as `listThreads` lists them (threads without checkpoints left out), at most
   * 1000 ids: one statement reading `thread_summaries` by key (README, "Thread catalog").
   */
  threadTotals(threadIds: readonly string[]): Promise<Map<string, ThreadListing>> {
    return postgresThreadTotals(this.schema, this.runner, threadIds);
  }

  /** Whole-thread stored bytes from the size records, largest channels, growth: one statement. */
  threadSizeSummary(
    threadId: string,
    options?: ThreadSizeSummaryOptions,
  ): Promise<ThreadSizeSummary> {
    return postgresThreadSizeSummary(this.schema, this.runner, threadId, options);
  }

  /** Deletes every checkpoint, blob and write of the thread, in one statement. */
  async deleteThread(threadId: string): Promise<void> {
    const id = readThreadIdArgument(threadId, "threadId");
    await this.runner.run(
      "deleteThread",
      buildDeleteThreadsStatement(this.schema, [toStoredText(id)]),
    );
  }

  /** Copies a thread's whole history to another thread id, in one statement. */
  async copyThread(fromThreadId: string, toThreadId: string): Promise<void> {
    await copyThread(
      this,
      readThreadIdArgument(fromThreadId, "fromThreadId"),
      readThreadIdArgument(toThreadId, "toThreadId"),
    );
  }

  /**
   * Deletes old checkpoints (with their writes and no longer referenced channel values) in
   * batches of `pruneBatchSize`; never the latest checkpoint of a (thread, namespace).
   * Without `keepLatest`/`olderThan`, a saver with `ttlSeconds` prunes checkpoints older
   * than the TTL.
   */
  async prune(options: PruneOptions = {}): Promise<PruneResult> {
    return prune(this, options);
  }

  /**
   * Deletes whole threads with no checkpoint or write newer than `ttlSeconds`, in batches.
   * PostgreSQL has no native TTL: call this periodically (a timer, a cron job).
   */
  async deleteExpiredThreads(): Promise<{ deletedThreads: number }> {
    return deleteExpiredThreads(this);
  }

  override async getDeltaChannelHistory(options: {
    config: RunnableConfig;
    channels: string[];
  }): Promise<Record<string, DeltaChannelHistory>> {
    const { config, channels } = options;
    const { threadId, checkpointNs, checkpointId } = readThreadConfig(config);
    for (const channel of channels) checkIdString(channel, "channels");
    if (channels.length === 0) return {};
    const rows = await this.runner.run<DeltaHistoryRow>(
      "getDeltaChannelHistory",
      buildDeltaHistoryStatement(
        this.schema,
        toStoredText(threadId),
        toStoredText(checkpointNs),
        checkpointId === undefined || checkpointId === "" ? undefined : toStoredText(checkpointId),
        [...new Set(channels)].map(toStoredText),
      ),
    );
    return decodeDeltaHistory(this.serde, channels, rows);
  }

  /**
   * String versions (`<counter>.<random>`) instead of integers, so a fork never reuses the
   * blob of another branch; see `nextChannelVersion`. LangGraph accepts string versions;
   * the declared type is the base class's.
   */
  override getNextVersion(current: number | undefined): number {
    return nextChannelVersion(current) as unknown as number;
  }

  /** @internal */
  decodeRow(row: TupleRow): Promise<CheckpointTuple> {
    return decodeTupleRow(this.serde, row, (current) => this.getNextVersion(current));
  }
}

// Spans and metrics for every public operation (optional: see core's README, "Telemetry").
tracePostgresSaver(PostgresSaver);
