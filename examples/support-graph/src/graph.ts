import { END, START, StateGraph } from "@langchain/langgraph";
import type { BaseCheckpointSaver, BaseStore } from "@langchain/langgraph-checkpoint";
import { createAccountNode } from "./nodes/account-node.js";
import { createBillingNode } from "./nodes/billing-node.js";
import { createPolicyNode } from "./nodes/policy-node.js";
import { DEFAULT_POLICY_RULES, type PolicyRules } from "./nodes/policy-rules.js";
import { createResponseNode } from "./nodes/response-node.js";
import type { SupportServices } from "./services/support-services.js";
import { SupportState } from "./state.js";

/**
 * billing and account both start from START, so they run in the same superstep; policy
 * waits for both (an edge from a list of nodes is a join), then response ends the run.
 */
export function buildSupportGraph(
  services: SupportServices,
  rules: PolicyRules = DEFAULT_POLICY_RULES,
) {
  return new StateGraph(SupportState)
    .addNode("billing", createBillingNode(services))
    .addNode("account", createAccountNode(services))
    .addNode("policy", createPolicyNode(services, rules))
    .addNode("response", createResponseNode(services))
    .addEdge(START, "billing")
    .addEdge(START, "account")
    .addEdge(["billing", "account"], "policy")
    .addEdge("policy", "response")
    .addEdge("response", END);
}

export interface CompileSupportGraphOptions {
  checkpointer: BaseCheckpointSaver;
  /**
   * Long-term memory across cases (LangGraph's `store`): the policy node remembers refunds
   * under the customer and does not refund a charge an earlier case refunded.
   * @default undefined (each case on its own)
   */
  store?: BaseStore;
  services: SupportServices;
  /** @default DEFAULT_POLICY_RULES */
  rules?: PolicyRules;
}

export function compileSupportGraph(options: CompileSupportGraphOptions) {
  return buildSupportGraph(options.services, options.rules).compile({
    checkpointer: options.checkpointer,
    ...(options.store === undefined ? {} : { store: options.store }),
  });
}

export type SupportGraph = ReturnType<typeof compileSupportGraph>;
