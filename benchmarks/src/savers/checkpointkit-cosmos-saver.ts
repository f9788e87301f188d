import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { cosmosRequestCounterPlugins } from "../measure/count-cosmos-requests.js";
import { RoundTripCounter } from "../measure/round-trip-counter.js";
import {
  type CosmosTestClientOptions,
  createCosmosTestClient,
} from "../servers/conformance-servers.js";
import { loadSaverClass } from "./checkpointkit-package.js";
import {
  type SaverPlugin,
  SaverUnavailableError,
  type SaverVariantOptions,
} from "./saver-plugin.js";
import { uniqueStorageName } from "./unique-name.js";

// The container is typed loosely: the conformance package (CommonJS) and this one (ESM)
// see the SDK's two builds, whose `Container` declarations TypeScript keeps apart.
type CosmosSaverClass = new (
  options: {
    container: unknown;
  } & SaverVariantOptions,
) => BaseCheckpointSaver & { setup(options: { createIfNotExists: boolean }): Promise<void> };

/**
 * `@checkpointkit/cosmos`. Against the in-process server its latency says little about the
 * real service; its request count (every HTTP request, counted by an SDK plugin) is the
 * figure that carries over, since requests are what cost request units and round trips.
 */
export const checkpointkitCosmosSaverPlugin: SaverPlugin = {
  id: "checkpointkit-cosmos",
  label: "checkpointkit CosmosSaver",
  floorBackend: "cosmos",
  prepare: async (servers) => {
    const CosmosSaver = (await loadSaverClass("cosmos", "CosmosSaver")) as CosmosSaverClass;
    const server = servers.cosmos;
    if (server === undefined)
      throw new SaverUnavailableError(servers.unavailable.cosmos ?? "no Cosmos DB server");
    return {
      create: async (variantOptions = {}) => {
        const counter = new RoundTripCounter();
        // The SDK's CommonJS and ESM typings of a plugin differ; the runtime shape is the same.
        const plugins = cosmosRequestCounterPlugins(
          counter,
        ) as unknown as CosmosTestClientOptions["plugins"];
        const client = createCosmosTestClient(server, { plugins });
        const database = client.database(uniqueStorageName());
        const saver = new CosmosSaver({
          container: database.container("checkpoints"),
          ...variantOptions,
        });
        await saver.setup({ createIfNotExists: true });
        return {
          saver,
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
