import { createCosmosTestClient } from "@checkpointkit/conformance/servers";
import { CosmosStore } from "@checkpointkit/cosmos/store";
import { PostgresStore } from "@checkpointkit/postgres/store";
import { RedisStore } from "@checkpointkit/redis/store";
import { InMemoryStore } from "@langchain/langgraph";
import type { BaseStore } from "@langchain/langgraph-checkpoint";
import { isCosmosConnection } from "../savers/cosmos-connection.js";
import { isPostgresConnection } from "../savers/postgres-connection.js";
import type { SaverName } from "../savers/saver-factory.js";
import { isTieredConnection } from "../savers/tiered-connection.js";

/** A store for the demo's long-term memory, and what it takes to release it. */
export interface OpenedMemoryStore {
  store: BaseStore;
  /** Shown in the output, e.g. `CosmosStore (container "memories")`. */
  label: string;
  /** Said when the store does not match the saver (LangGraph's InMemoryStore stands in). */
  note?: string;
  close(): Promise<void>;
}

/** Container of the demo's CosmosStore, next to the saver's "checkpoints" container. */
export const COSMOS_MEMORY_CONTAINER = "memories";
/** Key prefix of the demo's RedisStore, apart from the saver's keys. */
export const REDIS_MEMORY_KEY_PREFIX = "support-graph-memory";

function inMemory(saverName: SaverName): OpenedMemoryStore {
  return {
    store: new InMemoryStore(),
    label: "InMemoryStore (LangGraph)",
    note: `no checkpointkit store matches the ${saverName} saver: memories live in this process only (LangGraph's InMemoryStore)`,
    close: async () => {},
  };
}

/**
 * The store matching the saver, over the same storage the environment's `childConnection`
 * names: PostgresStore in the saver's schema, CosmosStore in a container of the saver's
 * database, RedisStore on the saver's Redis; the tiered saver's cold tier's store. The
 * memory saver gets LangGraph's InMemoryStore.
 */
export async function openMemoryStore(
  saverName: SaverName,
  connection: Record<string, unknown>,
): Promise<OpenedMemoryStore> {
  if (saverName === "tiered" && isTieredConnection(connection)) {
    // Memories are durable facts, not hot session state: they go to the cold tier's store.
    const cold = connection.coldTier === "postgres" ? connection.postgres : connection.cosmos;
    if (cold !== undefined) {
      const opened = await openMemoryStore(connection.coldTier, { ...cold });
      return { ...opened, label: `${opened.label}, the tiered saver's cold tier` };
    }
  }
  if (saverName === "postgres" && isPostgresConnection(connection)) {
    const store = PostgresStore.fromConnString(connection.url, {
      schema: connection.schema,
      poolOptions: { max: 2 },
    });
    await setUp(store, () => store.close());
    return {
      store,
      label: `PostgresStore (schema ${connection.schema})`,
      close: () => store.close(),
    };
  }
  if (saverName === "cosmos" && isCosmosConnection(connection)) {
    // As for the saver: the in-process server's self-signed certificate is accepted on
    // loopback endpoints only.
    const client = createCosmosTestClient({
      endpoint: connection.endpoint,
      key: connection.key,
      external: true,
      stop: async () => {},
    });
    const store = new CosmosStore({
      container: client.database(connection.databaseId).container(COSMOS_MEMORY_CONTAINER),
      // ["customers", customerId, ...]: one logical partition per customer.
      partitionLabels: 2,
    });
    const close = async () => client.dispose();
    await setUp(store, close, { createIfNotExists: true });
    return { store, label: `CosmosStore (container "${COSMOS_MEMORY_CONTAINER}")`, close };
  }
  if (saverName === "redis" && typeof connection.url === "string") {
    const store = RedisStore.fromUrl(connection.url, { keyPrefix: REDIS_MEMORY_KEY_PREFIX });
    await setUp(store, () => store.close());
    return { store, label: "RedisStore (plain Redis)", close: () => store.close() };
  }
  return inMemory(saverName);
}

async function setUp<Options>(
  store: { setup(options?: Options): Promise<void> },
  close: () => Promise<void>,
  options?: Options,
): Promise<void> {
  try {
    await store.setup(options);
  } catch (error) {
    await close();
    throw error;
  }
}
