import { Annotation, END, interrupt, START, StateGraph } from "@langchain/langgraph";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";

const RefundState = Annotation.Root({
  request: Annotation<string>(),
  accountRecord: Annotation<string>(),
  decision: Annotation<string>(),
  approvedBy: Annotation<string>(),
  reply: Annotation<string>(),
});

/**
 * A small support graph: `account` looks the customer up, `billing` decides, a human
 * approves through an interrupt, `response` answers. Used to check what the audit view
 * reports for a real run.
 */
export function compileRefundGraph(checkpointer: BaseCheckpointSaver) {
  return new StateGraph(RefundState)
    .addNode("account", () => ({ accountRecord: "premium, 3 duplicate charges" }))
    .addNode("billing", (state) => ({
      decision: state.accountRecord.includes("duplicate") ? "refund" : "deny",
    }))
    .addNode("approval", () => ({ approvedBy: interrupt("approve the refund?") as string }))
    .addNode("response", (state) => ({
      reply: `${state.decision} approved by ${state.approvedBy}`,
    }))
    .addEdge(START, "account")
    .addEdge("account", "billing")
    .addEdge("billing", "approval")
    .addEdge("approval", "response")
    .addEdge("response", END)
    .compile({ checkpointer });
}
