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

/**
 * The conformance package is CommonJS and types savers against the CJS typings of
 * @langchain/langgraph-checkpoint; this package compiles against the ESM ones. Same classes at
 * runtime, so the harness is handed over through `unknown`.
 */
const harness: unknown = {
  name: "CosmosSaver",
  async beforeAll() {
    client = newClient(await sharedServer());
  },
  async afterAll() {
    client.dispose();
  },
  async create(options?: { ttlSeconds?: number }) {
    return saverInFreshContainer(client, { ttlSeconds: options?.ttlSeconds });
  },
  async destroy(saver: CosmosSaver) {
    await dropContainer(saver);
  },
};

describeCheckpointSaver(harness as SaverHarness, { ttl: true, largeValueBytes: 10_000_000 });
