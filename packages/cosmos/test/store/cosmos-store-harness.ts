import { randomUUID } from "node:crypto";
import type { CosmosClient } from "@azure/cosmos";
import type { StoreCreateOptions, StoreHarness } from "@checkpointkit/conformance";
import {
  CosmosStore,
  type CosmosStoreOptions,
  type CosmosStoreVectorSearch,
} from "../../src/store/index.js";
import { newClient, sharedServer, TEST_DATABASE_ID } from "../cosmos-test-saver.js";

/** A store over a fresh container of the caller's client, created by `setup()`. */
export async function storeInFreshContainer(
  client: CosmosClient,
  options: Omit<CosmosStoreOptions, "container"> = {},
): Promise<CosmosStore> {
  const container = client.database(TEST_DATABASE_ID).container(`store-${randomUUID()}`);
  const store = new CosmosStore({ container, ...options });
  await store.setup({ createIfNotExists: true });
  return store;
}

function storeOptions(
  requested: StoreCreateOptions | undefined,
): Omit<CosmosStoreOptions, "container"> {
  return {
    ...(requested?.ttlSeconds === undefined ? {} : { ttlSeconds: requested.ttlSeconds }),
    ...(requested?.index === undefined
      ? {}
      : {
          index: {
            dims: requested.index.dims,
            embed: requested.index.embed,
            ...(requested.index.fields === undefined ? {} : { fields: requested.index.fields }),
          },
        }),
  };
}

/**
 * The store suite's harness: one client of the shared test server, a container per store,
 * namespaces partitioned by their first `partitionLabels` labels, semantic search on the
 * `vectorSearch` path ("service" fails setup unless the service path is taken).
 */
export function cosmosStoreHarness(
  partitionLabels = 1,
  vectorSearch: CosmosStoreVectorSearch = "exact",
): StoreHarness<CosmosStore> {
  let client: CosmosClient | undefined;
  return {
    name: `CosmosStore (${vectorSearch} search, partitionLabels ${partitionLabels})`,
    async beforeAll() {
      client = newClient(await sharedServer());
    },
    async afterAll() {
      client?.dispose();
    },
    async create(options) {
      if (client === undefined) throw new Error("cosmosStoreHarness: create before beforeAll");
      const requested = storeOptions(options);
      return storeInFreshContainer(client, {
        ...requested,
        partitionLabels,
        // "service" needs an index; stores of the specs without one stay exact.
        vectorSearch: requested.index === undefined ? "exact" : vectorSearch,
      });
    },
    async destroy(store) {
      await store.container.delete();
    },
  };
}
