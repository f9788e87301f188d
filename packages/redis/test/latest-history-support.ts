import type { SaverHarness } from "@checkpointkit/conformance";
import { Annotation, END, interrupt, START, StateGraph } from "@langchain/langgraph";
import type { Redis } from "ioredis";
import type { RedisSaver } from "../src/index.js";
import { newClient } from "./redis-test-saver.js";

/**
 * A `describeLatestHistory` harness over one shared client; `create` makes each spec's saver
 * (with history "latest" and a fresh key prefix) on it.
 */
export function latestHistoryHarness(
  name: string,
  create: (client: Redis) => RedisSaver,
): SaverHarness<RedisSaver> {
  let sharedClient: Redis | undefined;
  return {
    name,
    async beforeAll() {
      sharedClient = newClient();
    },
    async afterAll() {
      await sharedClient?.quit();
    },
    async create() {
      if (sharedClient === undefined) throw new Error("not connected");
      return create(sharedClient);
    },
  };
}

const ApprovalState = Annotation.Root({
  log: Annotation<string[]>({ reducer: (left, right) => left.concat(right), default: () => [] }),
  approvedBy: Annotation<string>(),
});

/** draft → approve (interrupts for the approver) → send: the smallest graph that resumes. */
export function approvalGraph() {
  return new StateGraph(ApprovalState)
    .addNode("draft", () => ({ log: ["refund of 30 EUR"] }))
    .addNode("approve", () => ({ approvedBy: interrupt("approve?") as string }))
    .addNode("send", (state) => ({ log: [`sent, approved by ${state.approvedBy}`] }))
    .addEdge(START, "draft")
    .addEdge("draft", "approve")
    .addEdge("approve", "send")
    .addEdge("send", END);
}
