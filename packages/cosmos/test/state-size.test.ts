import type { CosmosClient } from "@azure/cosmos";
import {
  type CosmosTestServer,
  describeStateSizeLimits,
  type SaverHarness,
} from "@checkpointkit/conformance";
import type { StateSizeOptions } from "@checkpointkit/core";
import type { CosmosSaver } from "../src/index.js";
import {
  dropContainer,
  newClient,
  saverInFreshContainer,
  sharedServer,
} from "./cosmos-test-saver.js";

let server: CosmosTestServer;
let client: CosmosClient;
beforeAll(async () => {
  server = await sharedServer();
  client = newClient(server);
});
afterAll(() => client.dispose());

const create = (sizeOptions: StateSizeOptions = {}) => saverInFreshContainer(client, sizeOptions);

const harness: SaverHarness<CosmosSaver> = {
  name: "CosmosSaver",
  create: () => create(),
  destroy: dropContainer,
};

describeStateSizeLimits(harness, {
  createWithStateSize: create,
  createCompressing: (sizeOptions) =>
    saverInFreshContainer(client, { ...sizeOptions, compression: { algorithm: "gzip" } }),
});
