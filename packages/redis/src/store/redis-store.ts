import { InvalidConfigError } from "@checkpointkit/core";
import { embedSearchQueries, StoreEmbedder } from "@checkpointkit/core/internal";
import {
  BaseStore,
  type Item,
  type Operation,
  type OperationResults,
  type PutOperation,
  type SearchItem,
  validateNamespace,
} from "@langchain/langgraph-checkpoint";
import { ConnectionSupervisor } from "../connection-supervisor.js";
import { openOwnedClusterClient, openOwnedUrlClient, ownedSupervisorOf } from "../owned-clients.js";
import { createRedisCall, type RedisCall } from "../redis-call.js";
import { closeOwnedClient } from "../redis-connection.js";
import { DEFAULT_COMMAND_TIMEOUT_MS } from "../redis-saver-options.js";
import { planBatch } from "./batch-plan.js";
import { finishListing } from "./namespace-listing.js";
import { prepareWrites } from "./prepared-writes.js";
import {
  type RedisClient,
  type RedisClusterNode,
  type RedisStoreFromClusterOptions,
  type RedisStoreFromUrlOptions,
  type RedisStoreOptions,
  type RedisStorePutOptions,
  validateRedisStoreOptions,
} from "./redis-store-options.js";
import { ShardRequest } from "./shard-request.js";
import { sendShardRequests } from "./shard-sender.js";
import { StoreKeyLayout } from "./store-key-layout.js";
import { addReads, addWrites, type ReadCollector } from "./store-operations.js";
import { hitsOf, itemOf, mergeHits, namespaceOfPath, type ShardHit } from "./store-replies.js";

/**
 * LangGraph store (`BaseStore`) on plain Redis ≥ 6.2, Valkey or Redis Cluster, without
 * modules: long-term memory next to the checkpoints. A batch costs one Lua script per shard
 * it touches, all in one pipeline (one round trip) on a single server; semantic search
 * ranks exactly, by cosine in the script, merged across shards. See the README's "Store".
 */
export class RedisStore extends BaseStore {
  readonly client: RedisClient;
  readonly keyLayout: StoreKeyLayout;
  readonly ttlSeconds: number | undefined;
  readonly refreshTtlOnRead: boolean;
  readonly #embedder: StoreEmbedder | undefined;
  readonly #call: RedisCall;
  readonly #timeoutMs: number;
  readonly #ownsClient: boolean;
  #closed = false;

  constructor(options: RedisStoreOptions) {
    super();
    const client: unknown = options?.client;
    if (
      typeof client !== "object" ||
      client === null ||
      typeof (client as RedisClient).isCluster !== "boolean"
    ) {
      throw new InvalidConfigError("RedisStore needs an ioredis client (Redis or Cluster)", {
        field: "client",
      });
    }
    validateRedisStoreOptions(options);
    this.client = options.client;
    this.keyLayout = new StoreKeyLayout(options);
    this.ttlSeconds = options.ttlSeconds;
    this.refreshTtlOnRead = options.refreshTtlOnRead ?? true;
    this.#embedder = options.index === undefined ? undefined : new StoreEmbedder(options.index);
    this.#timeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    const owned = ownedSupervisorOf(this.client);
    this.#ownsClient = owned !== undefined;
    const supervisor = owned ?? ConnectionSupervisor.forSharedClient(this.client);
    this.#call = createRedisCall(supervisor, this.#timeoutMs);
  }

  /** A store with its own client (`redis://` or `rediss://`), closed by `close()`. */
  static fromUrl(url: string, options: RedisStoreFromUrlOptions = {}): RedisStore {
    validateRedisStoreOptions(options);
    const { connectTimeoutMs, redisOptions, commandTimeoutMs, ...storeOptions } = options;
    const client = openOwnedUrlClient(url, { connectTimeoutMs, redisOptions, commandTimeoutMs });
    return new RedisStore({ ...storeOptions, commandTimeoutMs, client });
  }

  /** A store with its own Cluster client, closed by `close()`. */
  static fromCluster(
    nodes: readonly RedisClusterNode[],
    options: RedisStoreFromClusterOptions = {},
  ): RedisStore {
    validateRedisStoreOptions(options);
    const { connectTimeoutMs, clusterOptions, commandTimeoutMs, ...storeOptions } = options;
    const client = openOwnedClusterClient(nodes, {
      connectTimeoutMs,
      clusterOptions,
      commandTimeoutMs,
    });
    return new RedisStore({ ...storeOptions, commandTimeoutMs, client });
  }

  /** Nothing to create: keys appear with the first write. Kept for `BaseStore` symmetry. */
  async setup(): Promise<void> {}

  async batch<Op extends Operation[]>(operations: Op): Promise<OperationResults<Op>> {
    const plan = planBatch(operations);
    const results: unknown[] = operations.map(() => undefined);
    // Everything is validated and embedded before the first byte is sent, so a refused
    // operation or a failing embedding model leaves the store untouched.
    const writes = await prepareWrites(plan.writes, this.#embedder, this.ttlSeconds);
    const queryVectors = await embedSearchQueries(this.#embedder, plan.searches);
    const requests = new Map<number, ShardRequest>();
    const requestFor = (shard: number) => {
      let request = requests.get(shard);
      if (request === undefined) {
        request = new ShardRequest(shard, this.keyLayout.shardKeys(shard));
        requests.set(shard, request);
      }
      return request;
    };
    const collector: ReadCollector = {
      items: new Map<number, Item | null>(),
      hits: new Map<number, ShardHit[]>(),
      namespaces: new Map<number, string[][]>(),
    };
    addReads(plan, this.keyLayout, requestFor, queryVectors, this.#embedder?.dims ?? 0, {
      onItem: (resultIndex, member, fields) =>
        collector.items.set(resultIndex, fields === undefined ? null : itemOf(member, fields)),
      onHits: (resultIndex, reply) => collector.hits.get(resultIndex)?.push(...hitsOf(reply)),
      onNamespaces: (resultIndex, paths) =>
        collector.namespaces.get(resultIndex)?.push(...paths.map(namespaceOfPath)),
    });
    for (const search of plan.searches) collector.hits.set(search.resultIndex, []);
    for (const list of plan.lists) collector.namespaces.set(list.resultIndex, []);
    addWrites(writes, this.keyLayout, requestFor);
    await sendShardRequests(this.client, this.#call, [...requests.values()], this.refreshTtlOnRead);
    for (const get of plan.gets)
      results[get.resultIndex] = collector.items.get(get.resultIndex) ?? null;
    for (const search of plan.searches) {
      const hits = collector.hits.get(search.resultIndex) ?? [];
      results[search.resultIndex] = mergeHits(hits, search.offset, search.limit) as SearchItem[];
    }
    for (const list of plan.lists) {
      results[list.resultIndex] = finishListing(
        list,
        collector.namespaces.get(list.resultIndex) ?? [],
      );
    }
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
    options: RedisStorePutOptions = {},
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

  /** Closes the client if `fromUrl`/`fromCluster` created it, never one passed in. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsClient) await closeOwnedClient(this.client, this.#timeoutMs);
  }
}
