import type { CosmosClient } from "@azure/cosmos";
import type { SaverHarness } from "@checkpointkit/conformance";
import type { CosmosSaver, CosmosSaverBehaviourOptions } from "../src/index.js";
import {
  dropContainer,
  newClient,
  saverInFreshContainer,
  sharedServer,
} from "./cosmos-test-saver.js";

/**
 * A conformance harness over one client of the shared test server: each saver gets a fresh
 * container, dropped when the spec is done. `saverOptions` maps what a spec asks for (a TTL)
 * to the saver's options.
 */
export function cosmosSaverHarness(
  saverOptions: (requested: { ttlSeconds?: number } | undefined) => CosmosSaverBehaviourOptions,
): SaverHarness<CosmosSaver> {
  let client: CosmosClient | undefined;
  return {
    name: "CosmosSaver",
    async beforeAll() {
      client = newClient(await sharedServer());
    },
    async afterAll() {
      client?.dispose();
    },
    async create(options) {
      if (client === undefined) throw new Error("cosmosSaverHarness: create before beforeAll");
      return saverInFreshContainer(client, saverOptions(options));
    },
    async destroy(saver) {
      await dropContainer(saver);
    },
  };
}
