import { freshThreadId } from "@checkpointkit/conformance";
import {
  Annotation,
  Command,
  END,
  INTERRUPT,
  interrupt,
  START,
  StateGraph,
} from "@langchain/langgraph";
import { useCosmosSaver } from "./use-cosmos-saver.js";

const cosmos = useCosmosSaver();

const RefundState = Annotation.Root({
  caseId: Annotation<string>,
  log: Annotation<string[]>({ reducer: (left, right) => [...left, ...right], default: () => [] }),
  approved: Annotation<boolean | undefined>,
});

/** A refund that needs a human's approval between looking up the bill and paying out. */
function refundGraph() {
  return new StateGraph(RefundState)
    .addNode("billing", (state) => ({ log: [`billing looked up ${state.caseId}`] }))
    .addNode("approval", () => {
      const approved = interrupt<string, boolean>("approve the refund?");
      return { approved, log: [approved ? "approved" : "rejected"] };
    })
    .addNode("payout", (state) => ({
      log: [state.approved ? "paid out" : "closed without payout"],
    }))
    .addEdge(START, "billing")
    .addEdge("billing", "approval")
    .addEdge("approval", "payout")
    .addEdge("payout", END)
    .compile({ checkpointer: cosmos.saver });
}

describe("CosmosSaver in a compiled graph", () => {
  it("interrupts, survives a new graph instance (another process), and resumes", async () => {
    const config = { configurable: { thread_id: freshThreadId("case_8842") } };
    const first = await refundGraph().invoke({ caseId: "case_8842" }, config);
    const interrupts = (first as unknown as Record<string, { value: unknown }[]>)[INTERRUPT];
    expect(interrupts?.[0]?.value).toBe("approve the refund?");

    // A fresh graph over the same saver, as a second process would build it.
    const resumedGraph = refundGraph();
    const paused = await resumedGraph.getState(config);
    expect(paused.next).toEqual(["approval"]);
    expect(paused.values.log).toEqual(["billing looked up case_8842"]);

    const final = await resumedGraph.invoke(new Command({ resume: true }), config);
    expect(final.log).toEqual(["billing looked up case_8842", "approved", "paid out"]);
    expect((await resumedGraph.getState(config)).next).toEqual([]);

    const history = [];
    for await (const snapshot of resumedGraph.getStateHistory(config)) history.push(snapshot);
    expect(history.length).toBeGreaterThanOrEqual(5);
    expect(history[0]?.values.log).toEqual(final.log);
  });

  it("keeps threads apart and forgets a deleted one", async () => {
    const graph = refundGraph();
    const kept = { configurable: { thread_id: freshThreadId("kept") } };
    const deleted = { configurable: { thread_id: freshThreadId("deleted") } };
    await graph.invoke({ caseId: "kept" }, kept);
    await graph.invoke({ caseId: "deleted" }, deleted);
    await cosmos.saver.deleteThread(deleted.configurable.thread_id);
    expect((await graph.getState(deleted)).values).toEqual({});
    const resumed = await graph.invoke(new Command({ resume: false }), kept);
    expect(resumed.log).toEqual(["billing looked up kept", "rejected", "closed without payout"]);
  });
});
