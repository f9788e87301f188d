import { Command } from "@langchain/langgraph";
import { collect } from "./support/fixtures.js";
import { compileRefundGraph } from "./support/refund-graph.js";
import { createSchemaSaver, type SchemaSaver } from "./support/test-database.js";

let context: SchemaSaver;

beforeAll(async () => {
  context = await createSchemaSaver();
});

afterAll(async () => {
  await context.dispose();
});

it("runs a compiled graph to an interrupt, resumes it from the database, and keeps its history", async () => {
  const graph = compileRefundGraph(context.saver);
  const config = { configurable: { thread_id: "case_8842" } };

  const paused = await graph.invoke({ request: "I was charged three times" }, config);
  expect(paused.decision).toBe("refund");
  expect(paused.reply).toBeUndefined();
  const state = await graph.getState(config);
  expect(state.next).toEqual(["approval"]);
  expect(state.tasks[0]?.interrupts[0]?.value).toBe("approve the refund?");

  // A second graph instance over the same saver: the run continues from what is stored.
  const resumed = await compileRefundGraph(context.saver).invoke(
    new Command({ resume: "supervisor-7" }),
    config,
  );
  expect(resumed.reply).toBe("refund approved by supervisor-7");

  const history = await collect(graph.getStateHistory(config));
  expect(history[0]?.values).toMatchObject({ reply: "refund approved by supervisor-7" });
  expect(history.map((snapshot) => snapshot.metadata?.step)).toEqual([4, 3, 2, 1, 0, -1]);
});

it("time travel: a fork from an earlier checkpoint does not read the original branch's values", async () => {
  const graph = compileRefundGraph(context.saver);
  const config = { configurable: { thread_id: "fork-thread" } };
  await graph.invoke({ request: "charged twice" }, config);
  await graph.invoke(new Command({ resume: "agent-1" }), config);
  const history = await collect(graph.getStateHistory(config));
  const beforeApproval = history.find((snapshot) => snapshot.next[0] === "approval");
  expect(beforeApproval).toBeDefined();

  await graph.invoke(null, beforeApproval!.config);
  const forked = await graph.invoke(new Command({ resume: "agent-2" }), config);
  expect(forked.reply).toBe("refund approved by agent-2");
  expect((await graph.getState(config)).values.approvedBy).toBe("agent-2");
});
