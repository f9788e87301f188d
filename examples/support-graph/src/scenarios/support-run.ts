import { HumanMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { BaseStore } from "@langchain/langgraph-checkpoint";
import { compileSupportGraph, type SupportGraph } from "../graph.js";
import type { SaverEnvironment } from "../savers/saver-factory.js";
import type { SupportServices } from "../services/support-services.js";
import type { SupportStateUpdate } from "../state.js";
import type { SupportCase } from "../support-cases.js";

/** A compiled graph on a freshly opened checkpointer of the environment. */
export interface SupportRun {
  graph: SupportGraph;
  services: SupportServices;
  close(): Promise<void>;
}

export async function openSupportRun(
  environment: SaverEnvironment,
  services: SupportServices,
  store?: BaseStore,
): Promise<SupportRun> {
  const opened = await environment.open();
  return {
    graph: compileSupportGraph({
      checkpointer: opened.checkpointer,
      services,
      ...(store === undefined ? {} : { store }),
    }),
    services,
    close: () => opened.close(),
  };
}

/** The graph input for a customer request. */
export function caseInput(supportCase: SupportCase): SupportStateUpdate {
  return {
    customerId: supportCase.customerId,
    requestText: supportCase.requestText,
    messages: [new HumanMessage(supportCase.requestText)],
  };
}

export function threadConfig(threadId: string): RunnableConfig {
  return { configurable: { thread_id: threadId } };
}
