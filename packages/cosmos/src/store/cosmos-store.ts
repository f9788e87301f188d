import type { Container, CosmosClient } from "@azure/cosmos";
import { embedSearchQueries, StoreEmbedder } from "@checkpointkit/core/internal";
import {
  BaseStore,
  type Operation,
  type OperationResults,
  type PutOperation,
  type SearchItem,
  validateNamespace,
} from "@langchain/langgraph-checkpoint";
import { createOwnedClient } from "../cosmos-owned-client.js";
import type { RequestMeter } from "../cosmos-requests.js";
import {
  type CosmosStoreConnectionOptions,
  type CosmosStoreOptions,
  type CosmosStorePutOptions,
  type CosmosStoreSearchMode,
  type CosmosStoreSetupOptions,
  DEFAULT_PARTITION_LABELS,
  DEFAULT_STORE_OPERATION_TIMEOUT_MS,
} from "./cosmos-store-options.js";
import { type BatchPlan, planBatch } from "./store-batch-plan.js";
import { readItems } from "./store-gets.js";
import { itemOf, type StoreItemDocument } from "./store-items.js";
import { listNamespaces } from "./store-list-namespaces.js";
import { validateCosmosStoreOptions } from "./store-option-validation.js";
import { StoreRunner } from "./store-runner.js";
import { runSearch } from "./store-search.js";
import { refreshTtls } from "./store-ttl-refresh.js";
import { searchByVectorDistance } from "./store-vector-search.js";
import { setupWithVectorSearch } from "./store-vector-setup.js";
import { applyWrites, embedWrites } from "./store-writes.js";

/**
 * LangGraph store (`BaseStore`) on Azure Cosmos DB for NoSQL: long-term memory in a container
 * partitioned by the namespace's leading labels (`partitionLabels`). Gets are point reads, each search one query,
 * each listing one query, writes one transactional batch per partition (after point reads
 * that keep `createdAt`); TTL is Cosmos DB's own, started again by reads.
 */
export class CosmosStore extends BaseStore {
  readonly container: Container;
  readonly ttlSeconds: number | undefined;
  readonly refreshTtlOnRead: boolean;
  readonly partitionLabels: number;
  private readonly embedder: StoreEmbedder | undefined;
  private readonly runner: StoreRunner;
  private ownedClient: CosmosClient | undefined;
  private readonly vectorOptions: Pick<
    CosmosStoreOptions,
    "vectorSearch" | "vectorIndexType" | "onVectorSearchFallback"
  > & { dims: number | undefined };
  private currentSearchMode: CosmosStoreSearchMode = "exact";
  private fallbackAnnounced = false;

  constructor(options: CosmosStoreOptions) {
    super();
    validateCosmosStoreOptions(options);
    this.container = options.container;
    this.ttlSeconds = options.ttlSeconds;
    this.refreshTtlOnRead = options.refreshTtlOnRead ?? true;
    this.partitionLabels = options.partitionLabels ?? DEFAULT_PARTITION_LABELS;
    this.embedder = options.index === undefined ? undefined : new StoreEmbedder(options.index);
    this.vectorOptions = {
      vectorSearch: options.vectorSearch ?? "auto",
      vectorIndexType: options.vectorIndexType,
      onVectorSearchFallback: options.onVectorSearchFallback,
      dims: options.index?.dims,
    };
    this.runner = new StoreRunner(
      options.operationTimeoutMs ?? DEFAULT_STORE_OPERATION_TIMEOUT_MS,
      options.onRequestCharge,
    );
  }

  /**
   * A store with its own client from an account connection string
   * (`AccountEndpoint=…;AccountKey=…;`), disposed by `close()`.
   */
  static fromConnectionString(
    connectionString: string,
    options: CosmosStoreConnectionOptions,
  ): CosmosStore {
    const {
      databaseId,
      containerId,
      requestTimeoutMs,
      consistencyLevel,
      retryOptions,
      clientOptions,
      ...storeOptions
    } = options;
    // The saver's client builder: same defaults, same secret-free error for a bad string.
    const { owned, container } = createOwnedClient(
      { connectionString },
      { databaseId, containerId, requestTimeoutMs, consistencyLevel, retryOptions, clientOptions },
    );
    const store = new CosmosStore({ ...storeOptions, container });
    store.ownedClient = owned.client;
    return store;
  }

  /**
   * The path semantic searches take: `"exact"` until `setup()` finds the container fit for
   * Cosmos DB's vector search (see the `vectorSearch` option), then `"service"`.
   */
  get searchMode(): CosmosStoreSearchMode {
    return this.currentSearchMode;
  }

  /**
   * Creates (when asked) and checks the container, and decides `searchMode`; idempotent,
   * safe from many processes.
   */
  async setup(options: CosmosStoreSetupOptions = {}): Promise<void> {
    const { vectorSearch = "auto", vectorIndexType, dims } = this.vectorOptions;
    const outcome = await this.runner.run("store.setup", (meter) =>
      setupWithVectorSearch(
        {
          container: this.container,
          options,
          usesTtl: this.ttlSeconds !== undefined,
          vectorSearch,
          dims,
          indexType: vectorIndexType,
        },
        meter,
      ),
    );
    this.currentSearchMode = outcome.searchMode;
    if (outcome.fallbackReason !== undefined) this.announceFallback(outcome.fallbackReason);
  }

  async batch<Op extends Operation[]>(operations: Op): Promise<OperationResults<Op>> {
    const plan = planBatch(operations, this.partitionLabels);
    const results: unknown[] = operations.map(() => undefined);
    if (operations.length === 0) return results as OperationResults<Op>;
    // Validated and embedded before the first request: a refused operation or a failing
    // embedding model leaves the store untouched.
    const vectors = await embedWrites(plan.writes, this.embedder);
    const queryVectors = await embedSearchQueries(this.embedder, plan.searches);
    await this.runner.run("store.batch", async (meter) => {
      const read: StoreItemDocument[] = [];
      const [gets, searches, lists] = await Promise.all([
        readItems(this.container, plan.gets, meter),
        Promise.all(plan.searches.map((search) => this.runOneSearch(search, queryVectors, meter))),
        Promise.all(
          plan.lists.map((list) =>
            listNamespaces(this.container, list, this.partitionLabels, meter),
          ),
        ),
      ]);
      plan.gets.forEach((get, index) => {
        const document = gets[index];
        results[get.resultIndex] = document === undefined ? null : itemOf(document);
        if (document !== undefined) read.push(document);
      });
      plan.searches.forEach((search, index) => {
        const outcome = searches[index] ?? { documents: [], items: [] as SearchItem[] };
        results[search.resultIndex] = outcome.items;
        read.push(...outcome.documents);
      });
      plan.lists.forEach((list, index) => {
        results[list.resultIndex] = lists[index] ?? [];
      });
      await this.afterReads(read, meter);
      if (plan.writes.length > 0) {
        await applyWrites(
          this.container,
          plan.writes,
          vectors,
          this.ttlSeconds,
          meter,
          this.vectorOptions.vectorSearch !== "exact",
        );
      }
    });
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
    options: CosmosStorePutOptions = {},
  ): Promise<void> {
    validateNamespace(namespace);
    const operation = { namespace, key, value, index, ttlSeconds: options.ttlSeconds };
    // `ttlSeconds` is this store's extension of PutOperation; planBatch reads it.
    await this.batch([operation as PutOperation]);
  }

  /** `close()`, under BaseStore's name. */
  override async stop(): Promise<void> {
    await this.close();
  }

  /** Disposes the client `fromConnectionString` created; never a client passed in. */
  async close(): Promise<void> {
    const client = this.ownedClient;
    this.ownedClient = undefined;
    client?.dispose();
  }

  private runOneSearch(
    search: BatchPlan["searches"][number],
    queryVectors: Map<string, number[]>,
    meter: RequestMeter,
  ) {
    const queryVector = search.query === undefined ? undefined : queryVectors.get(search.query);
    return queryVector !== undefined && this.currentSearchMode === "service"
      ? searchByVectorDistance(this.container, search, queryVector, this.partitionLabels, meter)
      : runSearch(this.container, search, queryVector, this.partitionLabels, meter);
  }

  /** Says once per store why `vectorSearch: "auto"` took the exact path. */
  private announceFallback(reason: string): void {
    if (this.fallbackAnnounced) return;
    this.fallbackAnnounced = true;
    const message = `CosmosStore semantic search is exact (client-side): ${reason}`;
    const hook = this.vectorOptions.onVectorSearchFallback;
    if (hook === undefined) {
      process.emitWarning(message, { type: "CosmosStoreVectorSearchWarning" });
      return;
    }
    try {
      hook(message);
    } catch {
      // A failing hook must not fail a setup that succeeded.
    }
  }

  private async afterReads(read: StoreItemDocument[], meter: RequestMeter): Promise<void> {
    if (this.refreshTtlOnRead && read.length > 0) await refreshTtls(this.container, read, meter);
  }
}
