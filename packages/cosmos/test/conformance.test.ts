import type { CosmosClient } from "@azure/cosmos";
import { describeCheckpointSaver, type SaverHarness } from "@checkpointkit/conformance";
import type { CosmosSaver } from "../src/index.js";
import {
  dropContainer,
  newClient,
  saverInFreshContainer,
  sharedServer,
} from "./cosmos-test-saver.js";

let client: CosmosClient;

const harness: SaverHarness<CosmosSaver> = {
  name: "CosmosSaver",
  async beforeAll() {
    client = newClient(await sharedServer());
  },
  async afterAll() {
    client.dispose();
  },
  async create(options) {
    return saverInFreshContainer(client, { ttlSeconds: options?.ttlSeconds });
  },
  async destroy(saver) {
    await dropContainer(saver);
  },
};

describeCheckpointSaver(harness, {
  ttl: true,
  prune: true,
  copyThread: true,
  largeValueBytes: 10_000_000,
});
