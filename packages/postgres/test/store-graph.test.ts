import { describeStoreInGraph } from "@checkpointkit/conformance";
import { END, START, StateGraph } from "@langchain/langgraph";
import pg from "pg";
import { PostgresSaver } from "../src/index.js";
import { PostgresStore } from "../src/store/index.js";
import { countQueries, createTestPool, uniqueSchemaName } from "./support/test-database.js";

let pool: pg.Pool;
let schema: string;

beforeAll(() => {
  pool = createTestPool();
  schema = uniqueSchemaName("ck_store_graph");
});

afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
  await pool.end();
});

// The saver and the store share the schema: checkpoints and memories side by side.
describeStoreInGraph({
  name: "PostgresSaver + PostgresStore (one schema)",
  langGraph: { StateGraph, START, END },
  async create(index) {
    const checkpointer = new PostgresSaver({ pool, schema });
    const store = new PostgresStore({ pool, schema, index });
    await checkpointer.setup();
    await store.setup();
    return { checkpointer, store };
  },
  async destroy({ checkpointer, store }) {
    await store.close();
    await checkpointer.close();
  },
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
