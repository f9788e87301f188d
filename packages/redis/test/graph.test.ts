import { AIMessage, HumanMessage } from "@langchain/core/messages";
import {
  Annotation,
  Command,
  END,
  interrupt,
  MessagesAnnotation,
  START,
  StateGraph,
} from "@langchain/langgraph";
import { MemorySaver } from "@langchain/langgraph-checkpoint";
import type { Redis } from "ioredis";
import { RedisSaver } from "../src/index.js";
import { freshKeyPrefix, newClient } from "./redis-test-saver.js";

const State = Annotation.Root({
  ...MessagesAnnotation.spec,
  refundApproved: Annotation<boolean | undefined>(),
  attachments: Annotation<Map<string, Uint8Array>>({
    reducer: (_left, right) => right,
    default: () => new Map(),
  }),
});

function buildGraph() {
  return new StateGraph(State)
    .addNode("triage", (state) => ({
      messages: [new AIMessage(`triaging: ${String(state.messages.at(-1)?.content)}`)],
      attachments: new Map([["invoice.pdf", new Uint8Array([37, 80, 68, 70, 0, 255])]]),
    }))
    .addNode("approve", () => {
      const decision = interrupt({ question: "approve the refund?" }) as { approved: boolean };
      return { refundApproved: decision.approved };
    })
    .addNode("respond", (state) => ({
      messages: [new AIMessage(state.refundApproved ? "refund issued" : "refund declined")],
    }))
    .addEdge(START, "triage")
    .addEdge("triage", "approve")
    .addEdge("approve", "respond")
    .addEdge("respond", END);
}

describe("a LangGraph graph compiled with the RedisSaver", () => {
  let client: Redis;
  beforeAll(() => {
    client = newClient();
  });
  afterAll(async () => {
    await client.quit();
  });

  it("runs to an interrupt, resumes from another saver instance, and matches MemorySaver", async () => {
    const keyPrefix = freshKeyPrefix("graph");
    const config = { configurable: { thread_id: "case_8842" } };
    const input = { messages: [new HumanMessage("I was billed twice")] };

    const first = buildGraph().compile({ checkpointer: new RedisSaver({ client, keyPrefix }) });
    const interrupted = await first.invoke(input, config);
    expect((interrupted as Record<string, any>).__interrupt__?.[0]?.value).toEqual({
      question: "approve the refund?",
    });
    expect((await first.getState(config)).next).toEqual(["approve"]);

    // A new process would start with a new saver: everything it needs is in Redis.
    const second = buildGraph().compile({ checkpointer: new RedisSaver({ client, keyPrefix }) });
    const final = await second.invoke(new Command({ resume: { approved: true } }), config);
    expect(final.messages.map((message: { content: unknown }) => message.content)).toEqual([
      "I was billed twice",
      "triaging: I was billed twice",
      "refund issued",
    ]);
    expect(final.refundApproved).toBe(true);
    expect(final.attachments.get("invoice.pdf")).toEqual(new Uint8Array([37, 80, 68, 70, 0, 255]));

    const history = [];
    for await (const snapshot of second.getStateHistory(config)) history.push(snapshot);

    const memory = buildGraph().compile({ checkpointer: new MemorySaver() });
    await memory.invoke(input, config);
    await memory.invoke(new Command({ resume: { approved: true } }), config);
    const memoryHistory = [];
    for await (const snapshot of memory.getStateHistory(config)) memoryHistory.push(snapshot);
    expect(history.map((snapshot) => snapshot.next)).toEqual(
      memoryHistory.map((snapshot) => snapshot.next),
    );
    expect(history.map((snapshot) => snapshot.metadata?.step)).toEqual(
      memoryHistory.map((snapshot) => snapshot.metadata?.step),
    );
  });
});
