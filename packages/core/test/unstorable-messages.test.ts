import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { findUnstorableValue } from "../src/input/unstorable-value.js";

describe("LangChain messages", () => {
  it("are storable, tool calls and metadata included", () => {
    const messages = [
      new HumanMessage({ content: "I was charged twice", id: "m1" }),
      new AIMessage({
        content: [{ type: "text", text: "Checking" }],
        tool_calls: [{ id: "call_1", name: "refund", args: { amount: 749 } }],
        response_metadata: { model: "x" },
      }),
      new ToolMessage({ content: "ok", tool_call_id: "call_1" }),
    ];
    expect(findUnstorableValue(messages, "messages")).toBeUndefined();
  });

  it("are refused when their content hides a function", () => {
    const message = new AIMessage({ content: "x", additional_kwargs: { callback: () => 1 } });
    expect(findUnstorableValue([message], "messages")?.reason).toBe("a function");
  });
});
