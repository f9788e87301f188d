import type { CosmosClient } from "@azure/cosmos";
import { describeStoreInGraph } from "@checkpointkit/conformance";
import { END, START, StateGraph } from "@langchain/langgraph";
import {
  dropContainer,
  newClient,
  saverInFreshContainer,
  sharedServer,
} from "../cosmos-test-saver.js";
import { storeInFreshContainer } from "./cosmos-store-harness.js";

let client: CosmosClient;

beforeAll(async () => {
  client = newClient(await sharedServer());
}, 60_000);

afterAll(() => {
  client.dispose();
});

// The checkpoints go to the saver's container, the memories to the store's.
describeStoreInGraph({
  name: "CosmosSaver + CosmosStore (a container each)",
  langGraph: { StateGraph, START, END },
  async create(index) {
    return {
      checkpointer: await saverInFreshContainer(client),
      // ["customers", customerId, ...]: one partition per customer.
      store: await storeInFreshContainer(client, { partitionLabels: 2, index }),
    };
  },
  async destroy({ checkpointer, store }) {
    await dropContainer(checkpointer);
    await store.container.delete();
  },
});
