import { join } from "node:path";
import type { CosmosClient } from "@azure/cosmos";
import {
  type CosmosTestServer,
  forkLeaseWorker,
  type SaverHarness,
  type WriteFenceSpecOptions,
} from "@checkpointkit/conformance";
import type { WriteFenceOptions } from "@checkpointkit/core";
import type { CosmosSaver } from "../src/index.js";
import {
  dropContainer,
  newClient,
  saverInFreshContainer,
  sharedServer,
  TEST_DATABASE_ID,
} from "./cosmos-test-saver.js";

type HistoryMode = "full" | "latest";

/**
 * What the lease and optimistic-concurrency specs need for a CosmosSaver in one history mode:
 * savers in fresh containers on the shared test server, and the race spec's worker processes
 * (with their own client, on the same container, in the same history mode).
 */
export function fencedCosmosHarness(history: HistoryMode): {
  harness: SaverHarness<CosmosSaver>;
  fenceOptions: WriteFenceSpecOptions<CosmosSaver>;
} {
  let server: CosmosTestServer;
  let client: CosmosClient;
  beforeAll(async () => {
    server = await sharedServer();
    client = newClient(server);
  });
  afterAll(() => client.dispose());

  const create = (fence: WriteFenceOptions = {}) =>
    saverInFreshContainer(client, { ...fence, history });
  return {
    harness: {
      name: history === "latest" ? 'CosmosSaver (history "latest")' : "CosmosSaver",
      create: () => create(),
      destroy: dropContainer,
    },
    fenceOptions: {
      createWithFence: create,
      history: history === "latest" ? "latest" : "full",
      forkWorker: (saver) =>
        forkLeaseWorker(
          join(__dirname, "workers", "lease-worker.ts"),
          {
            endpoint: server.endpoint,
            key: server.key,
            databaseId: TEST_DATABASE_ID,
            containerId: saver.container.id,
            history,
          },
          // The in-process server's certificate is self-signed, as the emulator's is.
          { NODE_TLS_REJECT_UNAUTHORIZED: "0" },
        ),
    },
  };
}
