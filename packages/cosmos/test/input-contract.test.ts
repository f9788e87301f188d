import type { CosmosClient } from "@azure/cosmos";
import { describeInputContract, type SaverHarness } from "@checkpointkit/conformance";
import type { CosmosSaver } from "../src/index.js";
import {
  dropContainer,
  newClient,
  saverInFreshContainer,
  sharedServer,
} from "./cosmos-test-saver.js";

let client: CosmosClient | undefined;

const harness: SaverHarness<CosmosSaver> = {
  name: "CosmosSaver",
  async beforeAll() {
    client = newClient(await sharedServer());
  },
  async afterAll() {
    client?.dispose();
  },
  async create() {
    if (client === undefined) throw new Error("CosmosSaver harness: no client yet");
    return saverInFreshContainer(client);
  },
  destroy: dropContainer,
};

describeInputContract(harness, { prune: true, copyThread: true });
