import { InvalidConfigError } from "@checkpointkit/core";
import { embedSearchQueries, StoreEmbedder } from "@checkpointkit/core/internal";
import {
  BaseStore,
  type Operation,
  type OperationResults,
  type PutOperation,
  type SearchItem,
  validateNamespace,
} from "@langchain/langgraph-checkpoint";
import type pg from "pg";
import { toSaverError } from "../backend-errors.js";
import { boundConnectionAttempts, validateConnectionString } from "../connection-settings.js";
import { runMigrations } from "../migrations/run-migrations.js";
import { isPool } from "../official-constructor.js";
import { createOwnedPool } from "../owned-pool.js";
import type { ConnectionDeadlines } from "../pooled-connection.js";
import {
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_QUERY_TIMEOUT_MS,
  DEFAULT_SCHEMA,
} from "../postgres-saver-options.js";
import { SchemaName } from "../schema-name.js";
import type { BuiltStatement } from "../sql/write-statements.js";
import { StatementRunner } from "../statement-runner.js";
import { TtlSweeper } from "../ttl-sweeper.js";
import { type BatchPlan, planBatch } from "./batch-plan.js";
import { buildGetStatement } from "./get-statement.js";
import { buildListNamespacesStatement } from "./list-namespaces-statement.js";
import type {
  PostgresStoreConnStringOptions,
  PostgresStoreOptions,
  PostgresStorePutOptions,
} from "./postgres-store-options.js";
import { prepareWrites } from "./prepared-writes.js";
import { buildSearchStatement, type PlannedSearch } from "./search-statement.js";
import { STORE_LEDGER } from "./store-migrations.js";
import { validateStoreOptions } from "./store-option-validation.js";
import { preparePgvector, type VectorSupport } from "./store-pgvector.js";
import { type ItemRow, itemOf, searchItemOf } from "./store-rows.js";
import { StoreTables } from "./store-tables.js";
import { buildSweepStatement, SWEEP_BATCH_SIZE } from "./sweep-statement.js";
import { buildWriteStatement } from "./write-statement.js";

/**
 * LangGraph store (`BaseStore`) on PostgreSQL: long-term memory next to the checkpoints, in
 * the saver's schema. A batch costs one statement per kind of operation it holds (gets,
 * searches, namespace listings, writes), reads first; semantic search ranks exactly, with
 * pgvector where the server has it.
 */
export class PostgresStore extends BaseStore {
  readonly pool: pg.Pool;
  readonly schema: SchemaName;
  readonly ttlSeconds: number | undefined;
  readonly refreshTtlOnRead: boolean;
  readonly deadlines: ConnectionDeadlines;
  private readonly tables: StoreTables;
  private readonly runner: StatementRunner;
  private readonly embedder: StoreEmbedder | undefined;
  private readonly sweeper: TtlSweeper | undefined;
  private support: VectorSupport;
  private ownsPool = false;
  private closed = false;

  constructor(private readonly options: PostgresStoreOptions) {
    super();
    if (!isPool(options?.pool)) {
      throw new InvalidConfigError("pool must be a pg.Pool", { field: "pool" });
    }
    validateStoreOptions(options);
    this.pool = options.pool;
    this.schema = new SchemaName(options.schema ?? DEFAULT_SCHEMA);
    this.tables = new StoreTables(this.schema);
    this.ttlSeconds = options.ttlSeconds;
    this.refreshTtlOnRead = options.refreshTtlOnRead ?? true;
    const connectionTimeoutMs = options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS;
    this.deadlines = {
      connectionTimeoutMs,
      queryTimeoutMs: options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
    };
    boundConnectionAttempts(this.pool, connectionTimeoutMs);
    this.runner = new StatementRunner(this.pool, this.deadlines, this.schema.name);
    this.embedder = options.index === undefined ? undefined : new StoreEmbedder(options.index);
    this.support = { scoring: "exact", reason: "setup() has not looked for pgvector yet" };
    if (options.ttlSweepIntervalMs !== undefined) {
      this.sweeper = new TtlSweeper(
        () => this.sweepExpiredItems(),
        options.ttlSweepIntervalMs,
        options.onBackgroundError ?? (() => {}),
      );
      this.sweeper.start();
    }
  }

  /** A store with its own pool, ended by `close()`. TLS follows the URL, as for the saver. */
  static fromConnString(
    connectionString: string,
    options: PostgresStoreConnStringOptions = {},
  ): PostgresStore {
    validateStoreOptions(options);
    validateConnectionString(connectionString);
    const { poolOptions, ...storeOptions } = options;
    const pool = createOwnedPool({
      connectionString,
      poolOptions,
      connectionTimeoutMs: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    });
    const store = new PostgresStore({ ...storeOptions, pool });
    store.ownsPool = true;
    return store;
  }

  /** How semantic search scores: `pgvector` once `setup()` found it, `exact` otherwise. */
  get vectorSupport(): VectorSupport {
    return this.support;
  }

  /**
   * Creates or upgrades the store's tables (safe from many processes at once) and, with an
   * `index`, turns pgvector on where the server offers it (see `index.vectorSearch`).
   */
  async setup(): Promise<void> {
    try {
      await runMigrations(this.pool, this.schema, this.deadlines, STORE_LEDGER);
      const index = this.options.index;
      if (this.embedder !== undefined && index?.vectorSearch !== "exact") {
        this.support = await preparePgvector(
          this.pool,
          this.schema,
          this.deadlines,
          this.embedder.dims,
          index?.hnsw,
          index?.vectorSearch === "approximate",
        );
      } else if (this.embedder !== undefined) {
        this.support = { scoring: "exact", reason: 'index.vectorSearch is "exact"' };
      }
    } catch (error) {
      if (InvalidConfigError.isInstance(error)) throw error;
      throw toSaverError(error, "store setup", this.schema.name);
    }
  }

  async batch<Op extends Operation[]>(operations: Op): Promise<OperationResults<Op>> {
    const plan = planBatch(operations);
    const results: unknown[] = operations.map(() => undefined);
    // Everything is validated, embedded and built before the first statement runs, so a
    // refused operation or a failing embedding model leaves the store untouched.
    const writes = await prepareWrites(plan.writes, this.embedder, this.ttlSeconds);
    const reads = await this.buildReads(plan);
    const writeStatement =
      plan.writes.length === 0
        ? undefined
        : buildWriteStatement(
            this.tables,
            writes.upserts,
            writes.deletions,
            this.embedder?.dims ?? 0,
          );
    for (const get of plan.gets) results[get.resultIndex] = null;
    for (const search of plan.searches) results[search.resultIndex] = [];
    for (const list of plan.lists) results[list.resultIndex] = [];
    const [gets, searches, lists] = await Promise.all([
      this.rows<ItemRow>("store.get", reads.get),
      this.rows<ItemRow>("store.search", reads.search),
      this.rows<{ result_index: number; namespace: string[] }>("store.listNamespaces", reads.list),
    ]);
    for (const row of gets) results[row.result_index] = itemOf(row);
    for (const row of searches) (results[row.result_index] as SearchItem[]).push(searchItemOf(row));
    for (const row of lists) (results[row.result_index] as string[][]).push(row.namespace);
    if (writeStatement !== undefined) await this.runner.run("store.put", writeStatement);
    return results as OperationResults<Op>;
  }

  /**
   * `BaseStore.put` plus a per-item TTL: `{ ttlSeconds }` overrides the store's, `null`
   * keeps the item forever. The namespace is checked as LangGraph's stores check it.
   */
  override async put(
    namespace: string[],
    key: string,
    value: Record<string, unknown>,
    index?: false | string[],
    options: PostgresStorePutOptions = {},
  ): Promise<void> {
    validateNamespace(namespace);
    const operation = { namespace, key, value, index, ttlSeconds: options.ttlSeconds };
    // `ttlSeconds` is this store's extension of PutOperation; planBatch reads it.
    await this.batch([operation as PutOperation]);
  }

  /** Deletes expired items (their vectors by cascade), in batches; returns how many. */
  async sweepExpiredItems(): Promise<{ deletedItems: number }> {
    let deletedItems = 0;
    for (;;) {
      const rows = await this.runner.run<{ deleted: number }>(
        "store.sweepExpiredItems",
        buildSweepStatement(this.tables),
      );
      const deleted = Number(rows[0]?.deleted ?? 0);
      deletedItems += deleted;
      if (deleted < SWEEP_BATCH_SIZE) return { deletedItems };
    }
  }

  /** `close()`, under BaseStore's name. */
  override async stop(): Promise<void> {
    await this.close();
  }

  /** Stops the sweeper; ends the pool if `fromConnString` created it, never one passed in. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.sweeper?.stop();
    if (this.ownsPool) await this.pool.end();
  }

  private async buildReads(
    plan: BatchPlan,
  ): Promise<Record<"get" | "search" | "list", BuiltStatement | undefined>> {
    const vectorOf = await embedSearchQueries(this.embedder, plan.searches);
    const searches: PlannedSearch[] = plan.searches.map((request) => ({
      request,
      queryVector: request.query === undefined ? undefined : vectorOf.get(request.query),
    }));
    return {
      get:
        plan.gets.length === 0
          ? undefined
          : buildGetStatement(this.tables, plan.gets, this.refreshTtlOnRead),
      search:
        searches.length === 0
          ? undefined
          : buildSearchStatement(
              this.tables,
              searches,
              this.support.scoring,
              this.refreshTtlOnRead,
            ),
      list:
        plan.lists.length === 0 ? undefined : buildListNamespacesStatement(this.tables, plan.lists),
    };
  }

  private async rows<Row extends pg.QueryResultRow>(
    operation: string,
    statement: BuiltStatement | undefined,
  ): Promise<Row[]> {
    return statement === undefined ? [] : this.runner.run<Row>(operation, statement);
  }
}
