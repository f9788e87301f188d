import { join } from "node:path";
import type { CosmosClient } from "@azure/cosmos";
import {
  type CosmosTestServer,
  describeOptimisticConcurrency,
  describeThreadLeases,
  forkLeaseWorker,
  type SaverHarness,
  type WriteFenceSpecOptions,
} from "@checkpointkit/conformance";
import { InvalidConfigError, type WriteFenceOptions } from "@checkpointkit/core";
import { CosmosSaver } from "../src/index.js";
import {
  dropContainer,
  newClient,
  saverInFreshContainer,
  sharedServer,
  TEST_DATABASE_ID,
} from "./cosmos-test-saver.js";

let server: CosmosTestServer;
let client: CosmosClient;
beforeAll(async () => {
  server = await sharedServer();
  client = newClient(server);
});
afterAll(() => client.dispose());

const create = (fence: WriteFenceOptions = {}) => saverInFreshContainer(client, fence);

const harness: SaverHarness<CosmosSaver> = {
  name: "CosmosSaver",
  create: () => create(),
  destroy: dropContainer,
};

const fenceOptions: WriteFenceSpecOptions<CosmosSaver> = {
  createWithFence: create,
  forkWorker: (saver) =>
    forkLeaseWorker(
      join(__dirname, "workers", "lease-worker.ts"),
      {
        endpoint: server.endpoint,
        key: server.key,
        databaseId: TEST_DATABASE_ID,
        containerId: saver.container.id,
      },
      // The in-process server's certificate is self-signed, as the emulator's is.
      { NODE_TLS_REJECT_UNAUTHORIZED: "0" },
    ),
};

describeThreadLeases(harness, fenceOptions);
describeOptimisticConcurrency(harness, fenceOptions);

describe("CosmosSaver fences with history latest", () => {
  it("refuses requireLease and optimistic concurrency, which it does not enforce there yet", () => {
    const container = client.database("d").container("c");
    for (const options of [{ requireLease: true }, { concurrency: "optimistic" as const }]) {
      expect(() => new CosmosSaver({ container, history: "latest", ...options })).toThrow(
        InvalidConfigError,
      );
    }
  });
});
