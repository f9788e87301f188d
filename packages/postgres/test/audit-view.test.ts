import { Command } from "@langchain/langgraph";
import { compileRefundGraph } from "./support/refund-graph.js";
import { createSchemaSaver, type SchemaSaver } from "./support/test-database.js";

let context: SchemaSaver;
let schema: string;

beforeAll(async () => {
  context = await createSchemaSaver();
  schema = context.saver.schema.quoted;
  const graph = compileRefundGraph(context.saver);
  const config = { configurable: { thread_id: "case_8842" } };
  await graph.invoke({ request: "I was charged three times" }, config);
  await graph.invoke(new Command({ resume: "supervisor-7" }), config);
});

afterAll(async () => {
  await context.dispose();
});

it("checkpoint_history has one row per checkpoint with its step and source", async () => {
  const { rows } = await context.pool.query(
    `SELECT step, source FROM ${schema}.checkpoint_history
     WHERE thread_id = $1 AND kind = 'checkpoint' ORDER BY checkpoint_id`,
    ["case_8842"],
  );
  expect(rows).toEqual([
    { step: "-1", source: "input" },
    { step: "0", source: "loop" },
    { step: "1", source: "loop" },
    { step: "2", source: "loop" },
    { step: "3", source: "loop" },
    { step: "4", source: "loop" },
  ]);
});

it("checkpoint_history says which node wrote which channel, in which step", async () => {
  const { rows } = await context.pool.query(
    `SELECT step, node, channel, value FROM ${schema}.checkpoint_history
     WHERE thread_id = $1 AND kind = 'write' AND node IS NOT NULL
       AND channel IN ('accountRecord', 'decision', 'approvedBy', 'reply')
     ORDER BY step, channel`,
    ["case_8842"],
  );
  expect(rows).toEqual([
    { step: "1", node: "account", channel: "accountRecord", value: "premium, 3 duplicate charges" },
    { step: "2", node: "billing", channel: "decision", value: "refund" },
    { step: "3", node: "approval", channel: "approvedBy", value: "supervisor-7" },
    { step: "4", node: "response", channel: "reply", value: "refund approved by supervisor-7" },
  ]);
});

it("'which node decided the refund, and what did it see' is one query (the README's example)", async () => {
  const { rows } = await context.pool.query(
    `SELECT w.node, w.step, s.channel, s.value AS seen
     FROM ${schema}.checkpoint_history w
     JOIN ${schema}.checkpoint_state s
       ON s.thread_id = w.thread_id AND s.checkpoint_ns = w.checkpoint_ns
      AND s.checkpoint_id = w.checkpoint_id
     WHERE w.thread_id = $1 AND w.kind = 'write'
       AND w.channel = 'decision' AND w.value = to_jsonb('refund'::text)
     ORDER BY s.channel`,
    ["case_8842"],
  );
  expect(rows.filter((row) => ["request", "accountRecord"].includes(row.channel))).toEqual([
    { node: "billing", step: "2", channel: "accountRecord", seen: "premium, 3 duplicate charges" },
    { node: "billing", step: "2", channel: "request", seen: "I was charged three times" },
  ]);
  // It did not see its own decision yet: that is written by its step.
  expect(rows.map((row) => row.channel)).not.toContain("decision");
});

it("the interrupt and its resume value are visible as writes", async () => {
  const { rows } = await context.pool.query(
    `SELECT channel, node FROM ${schema}.checkpoint_history
     WHERE thread_id = $1 AND kind = 'write' AND channel IN ('__interrupt__', '__resume__')
     ORDER BY created_at`,
    ["case_8842"],
  );
  expect(rows.map((row) => row.channel)).toEqual(
    expect.arrayContaining(["__interrupt__", "__resume__"]),
  );
  expect(rows.find((row) => row.channel === "__interrupt__")?.node).toBe("approval");
});
