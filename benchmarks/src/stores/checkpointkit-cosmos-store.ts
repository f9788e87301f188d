import type { BaseStore } from "@langchain/langgraph-checkpoint";
import { cosmosRequestCounterPlugins } from "../measure/count-cosmos-requests.js";
import { RoundTripCounter } from "../measure/round-trip-counter.js";
import { loadPackageExports } from "../savers/checkpointkit-package.js";
import { SaverUnavailableError } from "../savers/saver-plugin.js";
import { uniqueStorageName } from "../savers/unique-name.js";
import {
  type CosmosTestClientOptions,
  createCosmosTestClient,
} from "../servers/conformance-servers.js";
import type { BenchStoreIndex, StorePlugin } from "./store-plugin.js";

// The container is typed loosely, as for the saver (the SDK's two builds' typings differ).
type CosmosStoreClass = new (options: {
  container: unknown;
  index?: BenchStoreIndex;
}) => BaseStore & { setup(options: { createIfNotExists: boolean }): Promise<void> };

/**
 * `@checkpointkit/cosmos/store` against the in-process Cosmos DB server: read its request
 * count (every HTTP request, counted by an SDK plugin), not its latency.
 */
export const checkpointkitCosmosStorePlugin: StorePlugin = {
  id: "checkpointkit-cosmos",
  label: "checkpointkit CosmosStore",
  prepare: async (servers) => {
    const { CosmosStore } = (await loadPackageExports("cosmos", ["CosmosStore"], "store")) as {
      CosmosStore: CosmosStoreClass;
    };
    const server = servers.cosmos;
    if (server === undefined)
      throw new SaverUnavailableError(servers.unavailable.cosmos ?? "no Cosmos DB server");
    return {
      create: async (index) => {
        const counter = new RoundTripCounter();
        const plugins = cosmosRequestCounterPlugins(
          counter,
        ) as unknown as CosmosTestClientOptions["plugins"];
        const client = createCosmosTestClient(server, { plugins });
        const database = client.database(uniqueStorageName());
        const store = new CosmosStore({ container: database.container("store"), index });
        await store.setup({ createIfNotExists: true });
        return {
          store,
          counter,
          dispose: async () => {
            try {
              await database.delete();
            } finally {
              client.dispose();
            }
          },
        };
      },
    };
  },
};
