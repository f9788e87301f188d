import { compareChannelVersions } from "@langchain/langgraph-checkpoint";
import { channelVersionCounter } from "../src/channel-version.js";
import { nextChannelVersion } from "../src/internal.js";

describe("nextChannelVersion", () => {
  it("increases in LangGraph's order across many steps", () => {
    let version: string | undefined;
    for (let step = 0; step < 1200; step += 1) {
      const next = nextChannelVersion(version);
      if (version !== undefined) expect(compareChannelVersions(next, version)).toBeGreaterThan(0);
      version = next;
    }
    expect(channelVersionCounter(version)).toBe(1200);
  });

  it("continues the counter of a plain integer version", () => {
    expect(channelVersionCounter(nextChannelVersion(41))).toBe(42);
  });

  it("gives a fork's version N a different identity than the original branch's version N", () => {
    const base = nextChannelVersion(undefined);
    const original = nextChannelVersion(base);
    const fork = nextChannelVersion(base);
    expect(channelVersionCounter(original)).toBe(channelVersionCounter(fork));
    expect(fork).not.toBe(original);
  });
});
