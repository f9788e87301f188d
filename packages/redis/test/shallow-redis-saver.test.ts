import { describeLatestHistory } from "@checkpointkit/conformance";
import { InvalidConfigError } from "@checkpointkit/core";
import { Command } from "@langchain/langgraph";
import { uuid6 } from "@langchain/langgraph-checkpoint";
import type { Redis } from "ioredis";
import { RedisSaver, ShallowRedisSaver } from "../src/index.js";
import { approvalGraph, latestHistoryHarness } from "./latest-history-support.js";
import { freshKeyPrefix, newClient, sharedRedisUrl } from "./redis-test-saver.js";

// The official name for RedisSaver with history "latest": the same contract must hold.
describeLatestHistory(
  latestHistoryHarness(
    "ShallowRedisSaver",
    (client) => new ShallowRedisSaver({ client, keyPrefix: freshKeyPrefix("shallow") }),
  ),
  {
    constructWithHistory: (history) =>
      new ShallowRedisSaver({ client: {} as Redis, history } as never),
  },
);

describe("ShallowRedisSaver", () => {
  let client: Redis;
  beforeAll(() => {
    client = newClient();
  });
  afterAll(async () => {
    await client.quit();
  });

  it("fromUrl: a graph runs to an interrupt and resumes from a new saver, one checkpoint kept; close() ends the client", async () => {
    const keyPrefix = freshKeyPrefix("shallow-graph");
    const config = { configurable: { thread_id: `case-${uuid6(-1)}` } };
    const first = ShallowRedisSaver.fromUrl(sharedRedisUrl(), { keyPrefix });
    expect(first).toBeInstanceOf(ShallowRedisSaver);
    expect(first.history).toBe("latest");
    await first.setup();
    await approvalGraph()
      .compile({ checkpointer: first })
      .invoke({ log: ["charged twice"] }, config);
    await first.close();
    expect(first.client.status).toBe("end");

    // A new process: the official positional form, over your own client (left open by close()).
    const second = new ShallowRedisSaver(client, { keyPrefix });
    const graph = approvalGraph().compile({ checkpointer: second });
    expect((await graph.getState(config)).next).toEqual(["approve"]);
    const done = await graph.invoke(new Command({ resume: "agent-7" }), config);
    expect(done.log).toEqual(["charged twice", "refund of 30 EUR", "sent, approved by agent-7"]);
    const history = [];
    for await (const snapshot of graph.getStateHistory(config)) history.push(snapshot);
    expect(history).toHaveLength(1);
    await second.end();
    expect(client.status).toBe("ready");

    // Same keys as RedisSaver's: a full-history saver reads the shallow thread.
    const full = new RedisSaver({ client, keyPrefix });
    expect((await full.getTuple(config))?.checkpoint.channel_values).toEqual(
      expect.objectContaining({ approvedBy: "agent-7" }),
    );
  });

  it("refuses any history but latest, in the constructor and in fromUrl", () => {
    expect(() => new ShallowRedisSaver(client, { history: "full" } as never)).toThrow(
      expect.objectContaining({ name: "InvalidConfigError", field: "history" }),
    );
    expect(() => ShallowRedisSaver.fromUrl(sharedRedisUrl(), { history: "full" } as never)).toThrow(
      InvalidConfigError,
    );
  });
});
