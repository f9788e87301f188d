import type { CosmosClient } from "@azure/cosmos";
import { createFakeEmbedding } from "@checkpointkit/conformance";
import {
  Annotation,
  END,
  type LangGraphRunnableConfig,
  START,
  StateGraph,
} from "@langchain/langgraph";
import type { CosmosSaver } from "../../src/index.js";
import type { CosmosStore } from "../../src/store/index.js";
import {
  dropContainer,
  newClient,
  saverInFreshContainer,
  sharedServer,
} from "../cosmos-test-saver.js";
import { storeInFreshContainer } from "./cosmos-store-harness.js";

const State = Annotation.Root({
  customer: Annotation<string>,
  request: Annotation<string>,
  recalled: Annotation<string[]>,
});

/** Remembers each case's request under the customer, and recalls earlier ones by meaning. */
function compileMemoryGraph(checkpointer: CosmosSaver, store: CosmosStore) {
  return new StateGraph(State)
    .addNode("remember", async (state, config: LangGraphRunnableConfig) => {
      const namespace = ["customers", state.customer, "cases"];
      const earlier =
        (await config.store?.search(namespace, { query: state.request, limit: 3 })) ?? [];
      await config.store?.put(namespace, config.configurable?.thread_id as string, {
        text: state.request,
      });
      return { recalled: earlier.map((item) => String(item.value.text)) };
    })
    .addEdge(START, "remember")
    .addEdge("remember", END)
    .compile({ checkpointer, store });
}

let client: CosmosClient;
let checkpointer: CosmosSaver;
let store: CosmosStore;

beforeAll(async () => {
  client = newClient(await sharedServer());
  checkpointer = await saverInFreshContainer(client);
  const embedding = createFakeEmbedding(16);
  store = await storeInFreshContainer(client, {
    // ["customers", customerId, ...]: one partition per customer.
    partitionLabels: 2,
    index: { dims: 16, embed: (texts) => embedding.embed(texts), fields: ["text"] },
  });
}, 60_000);

afterAll(async () => {
  await dropContainer(checkpointer);
  await store.container.delete();
  client.dispose();
});

it("graph.compile({ checkpointer, store }): a second case of the customer recalls the first", async () => {
  const graph = compileMemoryGraph(checkpointer, store);
  const first = await graph.invoke(
    { customer: "cust_8842", request: "refund the duplicate invoice charge" },
    { configurable: { thread_id: "case_1" } },
  );
  expect(first.recalled).toEqual([]);
  const second = await graph.invoke(
    { customer: "cust_8842", request: "duplicate charge on my invoice again" },
    { configurable: { thread_id: "case_2" } },
  );
  expect(second.recalled).toEqual(["refund the duplicate invoice charge"]);
  const other = await graph.invoke(
    { customer: "cust_1", request: "duplicate charge" },
    { configurable: { thread_id: "case_3" } },
  );
  expect(other.recalled).toEqual([]);
  expect((await store.get(["customers", "cust_8842", "cases"], "case_1"))?.value).toEqual({
    text: "refund the duplicate invoice charge",
  });
  // The checkpoints went to the saver's container, the memories to the store's.
  expect(
    (await checkpointer.getTuple({ configurable: { thread_id: "case_2" } }))?.checkpoint,
  ).toBeDefined();
});
