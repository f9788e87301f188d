import type { RunnableConfig } from "@langchain/core/runnables";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";

/** The state of the graph: the nodes that ran, in order. */
export interface StepsState {
  steps: string[];
}

/** What the telemetry tests need of a compiled graph: a run gives the saver's operations. */
export interface CompiledStepsGraph {
  invoke(input: StepsState, config: RunnableConfig): Promise<Record<string, unknown>>;
}

/** What building the graph needs of a `StateGraph`. */
export interface StepsGraphBuilder {
  addNode(name: string, node: () => StepsState): StepsGraphBuilder;
  addEdge(from: string, to: string): StepsGraphBuilder;
  compile(parts: { checkpointer: BaseCheckpointSaver }): CompiledStepsGraph;
}

/**
 * The parts of `@langchain/langgraph` the graph is built with, passed in by the backend's test
 * file (`{ StateGraph, START, END }`): the conformance package does not depend on LangGraph.
 */
export interface StepsGraphBuilders {
  StateGraph: new (definition: {
    channels: {
      steps: {
        reducer: (current: string[], update: string[]) => string[];
        default: () => string[];
      };
    };
  }) => StepsGraphBuilder;
  START: string;
  END: string;
}

/**
 * A two-node graph (billing, then respond) on `saver`: one run puts the input checkpoint and
 * one per node, with their writes, and reads the thread once: every common saver operation.
 */
export function compileOperationsGraph(
  { StateGraph, START, END }: StepsGraphBuilders,
  saver: BaseCheckpointSaver,
): CompiledStepsGraph {
  return new StateGraph({
    channels: {
      steps: { reducer: (current, update) => [...current, ...update], default: () => [] },
    },
  })
    .addNode("billing", () => ({ steps: ["billing"] }))
    .addNode("respond", () => ({ steps: ["respond"] }))
    .addEdge(START, "billing")
    .addEdge("billing", "respond")
    .addEdge("respond", END)
    .compile({ checkpointer: saver });
}
