import type { RunnableConfig } from "@langchain/core/runnables";
import { uuid6 } from "@langchain/langgraph-checkpoint";
import type { Redis } from "ioredis";
import type { RedisSaver } from "../src/index.js";
import { CommandCounter } from "./command-counter.js";
import { newClient, saverOnSharedServer } from "./redis-test-saver.js";

const META = { source: "loop" as const, step: 0, parents: {} };

function checkpoint(values: Record<string, unknown>) {
  const versions = Object.fromEntries(Object.keys(values).map((channel) => [channel, 1]));
  return {
    v: 4,
    id: uuid6(-1),
    ts: new Date().toISOString(),
    channel_values: values,
    channel_versions: versions,
    versions_seen: {},
  };
}

/** `count` checkpoints, each the parent of the next and followed by one write to `log`. */
async function putLogChain(
  saver: RedisSaver,
  threadId: string,
  count: number,
  seeded: boolean,
): Promise<RunnableConfig> {
  let config: RunnableConfig = { configurable: { thread_id: threadId, checkpoint_ns: "n:s" } };
  for (let step = 0; step < count; step++) {
    const first = step === 0 && seeded;
    config = await saver.put(config, checkpoint(first ? { log: [0] } : {}), META, {
      ...(first ? { log: 1 } : {}),
    });
    await saver.putWrites(config, [["log", [step + 1]]], `task-${step}`);
  }
  return config;
}

function writes(from: number, to: number) {
  return Array.from({ length: to - from }, (_unused, index) => {
    const step = from + index;
    return [`task-${step}`, "log", [step + 1]];
  });
}

describe("getDeltaChannelHistoryWithWalkEnd", () => {
  let client: Redis;
  let saver: RedisSaver;
  let counter: CommandCounter;

  beforeAll(async () => {
    client = newClient();
    saver = saverOnSharedServer(client);
    // Load the script once, so the counts below are the steady state.
    const warm = await putLogChain(saver, "warm-up", 1, true);
    await saver.getDeltaChannelHistory({ config: warm, channels: ["log"] });
    counter = await CommandCounter.watch(client);
  });
  afterAll(async () => {
    await counter.stop();
    await client.quit();
  });

  it("says 'seeded' when every channel found its seed, in one round trip", async () => {
    const target = await putLogChain(saver, `seeded-${uuid6(-1)}`, 6, true);
    let result: Awaited<ReturnType<RedisSaver["getDeltaChannelHistoryWithWalkEnd"]>> | undefined;
    const commands = await counter.count(async () => {
      result = await saver.getDeltaChannelHistoryWithWalkEnd({ config: target, channels: ["log"] });
    });
    expect(commands.map((command) => command.name)).toEqual(["evalsha"]);
    expect(result).toEqual({
      walkEnd: "seeded",
      history: { log: { seed: [0], writes: writes(0, 5) } },
    });
    expect(await saver.getDeltaChannelHistory({ config: target, channels: ["log"] })).toEqual(
      result?.history,
    );
  });

  it("says 'root' when the walk reached a checkpoint without a parent before every seed", async () => {
    const threadId = `root-${uuid6(-1)}`;
    const target = await putLogChain(saver, threadId, 6, false);
    expect(
      await saver.getDeltaChannelHistoryWithWalkEnd({ config: target, channels: ["log"] }),
    ).toEqual({ walkEnd: "root", history: { log: { writes: writes(0, 5) } } });
    // One channel seeded and one never stored: the walk still ends at the root.
    const seededTarget = await putLogChain(saver, `mixed-${uuid6(-1)}`, 3, true);
    const mixed = await saver.getDeltaChannelHistoryWithWalkEnd({
      config: seededTarget,
      channels: ["log", "other"],
    });
    expect(mixed.walkEnd).toBe("root");
    expect(mixed.history.log).toEqual({ seed: [0], writes: writes(0, 2) });
    // The latest checkpoint, without an id, is the same walk.
    const latest = { configurable: { thread_id: threadId, checkpoint_ns: "n:s" } };
    expect(
      (await saver.getDeltaChannelHistoryWithWalkEnd({ config: latest, channels: ["log"] }))
        .walkEnd,
    ).toBe("root");
  });

  it("says 'missing-ancestor' when Redis no longer holds a parent on the way", async () => {
    const threadId = `pruned-${uuid6(-1)}`;
    const target = await putLogChain(saver, threadId, 6, true);
    await saver.prune({ threadId, keepLatest: 2 });
    expect(
      await saver.getDeltaChannelHistoryWithWalkEnd({ config: target, channels: ["log"] }),
    ).toEqual({ walkEnd: "missing-ancestor", history: { log: { writes: writes(4, 5) } } });
  });

  it("says 'missing-target' when Redis does not hold the checkpoint", async () => {
    const config = {
      configurable: {
        thread_id: `absent-${uuid6(-1)}`,
        checkpoint_ns: "",
        checkpoint_id: uuid6(-1),
      },
    };
    expect(await saver.getDeltaChannelHistoryWithWalkEnd({ config, channels: ["log"] })).toEqual({
      walkEnd: "missing-target",
      history: { log: { writes: [] } },
    });
  });
});
