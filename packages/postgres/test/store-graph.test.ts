import { createFakeEmbedding } from "@checkpointkit/conformance";
import {
  Annotation,
  END,
  type LangGraphRunnableConfig,
  START,
  StateGraph,
} from "@langchain/langgraph";
import pg from "pg";
import { PostgresSaver } from "../src/index.js";
import { PostgresStore } from "../src/store/index.js";
import { countQueries, createTestPool, uniqueSchemaName } from "./support/test-database.js";

const State = Annotation.Root({
  customer: Annotation<string>,
  request: Annotation<string>,
  recalled: Annotation<string[]>,
});

/** Remembers each case's request under the customer, and recalls earlier ones by meaning. */
function compileMemoryGraph(checkpointer: PostgresSaver, store: PostgresStore) {
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

let pool: pg.Pool;
let schema: string;
let checkpointer: PostgresSaver;
let store: PostgresStore;

beforeAll(async () => {
  pool = createTestPool();
  schema = uniqueSchemaName("ck_store_graph");
  checkpointer = new PostgresSaver({ pool, schema });
  const embedding = createFakeEmbedding(16);
  store = new PostgresStore({
    pool,
    schema,
    index: { dims: 16, embed: (texts) => embedding.embed(texts), fields: ["text"] },
  });
  await checkpointer.setup();
  await store.setup();
});

afterAll(async () => {
  await store.close();
  await checkpointer.close();
  await pool.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
  await pool.end();
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
  // The saver and the store share the schema: checkpoints and memories side by side.
  expect((await store.get(["customers", "cust_8842", "cases"], "case_1"))?.value).toEqual({
    text: "refund the duplicate invoice charge",
  });
});

it("a batch costs one statement per kind of operation it holds", async () => {
  const counted = createTestPool();
  const queries = countQueries(counted);
  const counting = new PostgresStore({ pool: counted, schema });
  const namespace = ["round-trips"];
  const before = queries();
  await counting.batch([
    { namespace, key: "a", value: { n: 1 } },
    { namespace, key: "b", value: { n: 2 } },
    { namespace, key: "c", value: null },
  ]);
  expect(queries() - before).toBe(1);
  const reads = queries();
  await counting.batch([
    { namespace, key: "a" },
    { namespace, key: "b" },
    { namespacePrefix: namespace, filter: { n: { $gt: 1 } }, limit: 5, offset: 0 },
    { namespacePrefix: [], limit: 5, offset: 0 },
    { matchConditions: [{ matchType: "prefix", path: namespace }], limit: 5, offset: 0 },
    { namespace, key: "d", value: { n: 4 } },
  ]);
  expect(queries() - reads).toBe(4);
  const single = queries();
  expect((await counting.get(namespace, "a"))?.value).toEqual({ n: 1 });
  expect(queries() - single).toBe(1);
  await counting.close();
  await counted.end();
});
