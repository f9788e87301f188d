import { Annotation, END, interrupt, START, StateGraph } from "@langchain/langgraph";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";

const CaseState = Annotation.Root({
  request: Annotation<string>(),
  notes: Annotation<string[]>({ reducer: (left, right) => left.concat(right), default: () => [] }),
  draft: Annotation<string>(),
  approvedBy: Annotation<string>(),
  reply: Annotation<string>(),
});

/** The subgraph's own state: only last-value channels, so its output merges cleanly. */
const ApprovalState = Annotation.Root({
  request: Annotation<string>(),
  draft: Annotation<string>(),
  approvedBy: Annotation<string>(),
});

/** Runs in its own checkpoint namespace and pauses there for a human decision. */
function compileApprovalSubgraph() {
  return new StateGraph(ApprovalState)
    .addNode("write_draft", (state) => ({ draft: `refund ${state.request}` }))
    .addNode("approve", () => ({ approvedBy: interrupt("approve the refund?") as string }))
    .addEdge(START, "write_draft")
    .addEdge("write_draft", "approve")
    .addEdge("approve", END)
    .compile();
}

/**
 * A support case: two parallel lookups (so one superstep has several tasks and pending
 * writes), an approval subgraph that interrupts (a subgraph namespace, interrupt writes),
 * and a reply once resumed.
 */
export function compileCaseGraph(checkpointer: BaseCheckpointSaver) {
  return new StateGraph(CaseState)
    .addNode("account", () => ({ notes: ["account: premium"] }))
    .addNode("billing", () => ({ notes: ["billing: 3 duplicate charges"] }))
    .addNode("approval", compileApprovalSubgraph())
    .addNode("respond", (state) => ({
      reply: `${state.draft} approved by ${state.approvedBy} (${state.notes.length} notes)`,
    }))
    .addEdge(START, "account")
    .addEdge(START, "billing")
    .addEdge("account", "approval")
    .addEdge("billing", "approval")
    .addEdge("approval", "respond")
    .addEdge("respond", END)
    .compile({ checkpointer });
}
