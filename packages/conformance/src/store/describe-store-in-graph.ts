import type { BaseCheckpointSaver, BaseStore } from "@langchain/langgraph-checkpoint";
import { createFakeEmbedding } from "./fake-embedding.js";
import { STORE_SPEC_TIMEOUT_MS } from "./store-fixtures.js";
import type {
  CompiledMemoryGraph,
  LangGraphBuilders,
  MemoryNode,
  SaverAndStore,
  StoreInGraphHarness,
} from "./store-in-graph-harness.js";

const DIMS = 16;
const DEFAULT_CREATE_TIMEOUT_MS = 60_000;

/** Remembers each case's request under the customer, and recalls earlier ones by meaning. */
const rememberCase: MemoryNode = async (state, config) => {
  const namespace = ["customers", state.customer, "cases"];
  const earlier = (await config.store?.search(namespace, { query: state.request, limit: 3 })) ?? [];
  await config.store?.put(namespace, config.configurable?.thread_id as string, {
    text: state.request,
  });
  return { recalled: earlier.map((item) => String(item.value.text)) };
};

function compileMemoryGraph(
  { StateGraph, START, END }: LangGraphBuilders,
  parts: SaverAndStore,
): CompiledMemoryGraph {
  return new StateGraph({ channels: { customer: null, request: null, recalled: null } })
    .addNode("remember", rememberCase)
    .addEdge(START, "remember")
    .addEdge("remember", END)
    .compile(parts);
}

/**
 * Registers the spec of a store used as users use it: a graph compiled with
 * `{ checkpointer, store }` whose node reads and writes the store through its config, with the
 * checkpoints going to the saver. Call it at the top level of a jest test file.
 */
export function describeStoreInGraph<C extends BaseCheckpointSaver, S extends BaseStore>(
  harness: StoreInGraphHarness<C, S>,
): void {
  describe(`store in a graph: ${harness.name}`, () => {
    let parts: SaverAndStore<C, S> | undefined;
    beforeAll(async () => {
      const embedding = createFakeEmbedding(DIMS);
      parts = await harness.create({
        dims: DIMS,
        embed: (texts) => embedding.embed(texts),
        fields: ["text"],
      });
    }, harness.createTimeoutMs ?? DEFAULT_CREATE_TIMEOUT_MS);
    afterAll(async () => {
      if (parts !== undefined) await harness.destroy?.(parts);
    }, STORE_SPEC_TIMEOUT_MS);

    it(
      "graph.compile({ checkpointer, store }): a second case of the customer recalls the first",
      async () => {
        if (parts === undefined) throw new Error("the saver and store were not created");
        const { checkpointer, store } = parts;
        const graph = compileMemoryGraph(harness.langGraph, parts);
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
        // The memories went to the store, the checkpoints to the saver.
        expect((await store.get(["customers", "cust_8842", "cases"], "case_1"))?.value).toEqual({
          text: "refund the duplicate invoice charge",
        });
        expect(
          (await checkpointer.getTuple({ configurable: { thread_id: "case_2" } }))?.checkpoint,
        ).toBeDefined();
      },
      STORE_SPEC_TIMEOUT_MS,
    );
  });
}
