import { startRedisServer } from "@checkpointkit/conformance";
import { encodeStoredSize } from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import { uuid6 } from "@langchain/langgraph-checkpoint";
import type { Redis } from "ioredis";
import type { RedisSaver } from "../src/index.js";
import { CommandCounter } from "./command-counter.js";
import { newClient, saverOnSharedServer } from "./redis-test-saver.js";

function checkpoint(values: Record<string, unknown>, id = uuid6(-1)) {
  const versions = Object.fromEntries(Object.keys(values).map((channel) => [channel, 1]));
  return {
    v: 4,
    id,
    ts: new Date().toISOString(),
    channel_values: values,
    channel_versions: versions,
    versions_seen: {},
  };
}

const META = { source: "loop" as const, step: 0, parents: {} };

describe("round trips per operation (counted with MONITOR)", () => {
  let client: Redis;
  let saver: RedisSaver;
  let counter: CommandCounter;

  beforeAll(async () => {
    client = newClient();
    saver = saverOnSharedServer(client, { listPageSize: 50 });
    counter = await CommandCounter.watch(client);
    // Load every script once, so the counts below are the steady state.
    const config = await saver.put(
      { configurable: { thread_id: "warm-up" } },
      checkpoint({ a: 1 }),
      META,
      { a: 1 },
    );
    await saver.putWrites(config, [["a", 2]], "task");
    await saver.getTuple(config);
    await saver.getDeltaChannelHistory({ config, channels: ["a"] });
    await saver.getCheckpointSize(config);
    await saver.threadSizeSummary("warm-up");
    for await (const _tuple of saver.list(config)) {
      // drain
    }
  });

  afterAll(async () => {
    await counter.stop();
    await client.quit();
  });

  it("put, putWrites and getTuple (latest and by id) take exactly one EVALSHA each", async () => {
    const thread = { configurable: { thread_id: `rt-${uuid6(-1)}`, checkpoint_ns: "" } };
    const values = { messages: Array.from({ length: 20 }, (_u, i) => `message ${i}`), n: 1 };
    let config: RunnableConfig = thread;
    const put = await counter.count(async () => {
      config = await saver.put(thread, checkpoint(values), META, { messages: 1, n: 1 });
    });
    const putWrites = await counter.count(() =>
      saver.putWrites(
        config,
        [
          ["messages", "x"],
          ["n", 2],
        ],
        "task-1",
        "path",
      ),
    );
    const latest = await counter.count(async () => {
      expect((await saver.getTuple(thread))?.pendingWrites).toHaveLength(2);
    });
    const byId = await counter.count(async () => {
      expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual(values);
    });
    for (const commands of [put, putWrites, latest, byId]) {
      expect(commands.map((command) => command.name)).toEqual(["evalsha"]);
    }
  });

  it("getDeltaChannelHistory takes one round trip however long the parent chain", async () => {
    let config: RunnableConfig = {
      configurable: { thread_id: `rt-${uuid6(-1)}`, checkpoint_ns: "" },
    };
    for (let step = 0; step < 30; step++) {
      config = await saver.put(
        config,
        checkpoint(step === 0 ? { log: [0] } : {}),
        META,
        step === 0 ? { log: 1 } : {},
      );
      await saver.putWrites(config, [["log", [step + 1]]], `task-${step}`);
    }
    let history: Awaited<ReturnType<RedisSaver["getDeltaChannelHistory"]>> = {};
    const commands = await counter.count(async () => {
      history = await saver.getDeltaChannelHistory({ config, channels: ["log"] });
    });
    expect(commands.map((command) => command.name)).toEqual(["evalsha"]);
    expect(history.log?.seed).toEqual([0]);
    expect(history.log?.writes).toHaveLength(29);
  });

  it("list takes two round trips per page (ids, then tuples) and pages lazily", async () => {
    const threadId = `rt-${uuid6(-1)}`;
    let config: RunnableConfig = { configurable: { thread_id: threadId, checkpoint_ns: "" } };
    for (let index = 0; index < 120; index++) {
      config = await saver.put(config, checkpoint({}), META, {});
    }
    const thread = { configurable: { thread_id: threadId, checkpoint_ns: "" } };
    let listed = 0;
    const all = await counter.count(async () => {
      for await (const _tuple of saver.list(thread)) listed++;
    });
    expect(listed).toBe(120);
    // 50 + 50 + 20: three pages, each one id fetch and one tuple fetch.
    expect(all.map((command) => command.name)).toEqual(Array(6).fill("evalsha"));

    const firstPageOnly = await counter.count(async () => {
      for await (const _tuple of saver.list(thread)) break;
    });
    expect(firstPageOnly).toHaveLength(2);
    const limited = await counter.count(async () => {
      for await (const _tuple of saver.list(thread, { limit: 3 })) {
        // drain
      }
    });
    expect(limited).toHaveLength(2);
  });

  it("the put carries its checkpoint's size record in its one EVALSHA", async () => {
    const thread = { configurable: { thread_id: `rt-${uuid6(-1)}`, checkpoint_ns: "" } };
    let config: RunnableConfig = thread;
    const put = await counter.count(async () => {
      config = await saver.put(thread, checkpoint({ a: "x".repeat(500), b: 2 }), META, {
        a: 1,
        b: 1,
      });
    });
    expect(put.map((command) => command.name)).toEqual(["evalsha"]);
    const size = await saver.getCheckpointSize(config);
    expect(size?.channels.map(({ channel }) => channel)).toEqual(["a", "b"]);
    expect(put[0]?.args.slice(-2)).toEqual([encodeStoredSize(size!), String(size!.storedBytes)]);
  });

  it("getCheckpointSize and threadSizeSummary take one EVALSHA each", async () => {
    let config: RunnableConfig = {
      configurable: { thread_id: `rt-${uuid6(-1)}`, checkpoint_ns: "" },
    };
    for (let step = 0; step < 15; step++) {
      config = await saver.put(config, checkpoint({ a: step }), META, { a: step + 1 });
    }
    const threadId = String(config.configurable?.thread_id);
    const size = await counter.count(() => saver.getCheckpointSize(config));
    const summary = await counter.count(() => saver.threadSizeSummary(threadId, { lastN: 10 }));
    for (const commands of [size, summary]) {
      expect(commands.map((command) => command.name)).toEqual(["evalsha"]);
    }
  });

  it("a retried put is one round trip too", async () => {
    const thread = { configurable: { thread_id: `rt-${uuid6(-1)}`, checkpoint_ns: "" } };
    const same = checkpoint({ a: 1 });
    await saver.put(thread, same, META, { a: 1 });
    const again = await counter.count(() => saver.put(thread, same, META, { a: 1 }));
    expect(again.map((command) => command.name)).toEqual(["evalsha"]);
  });
});

describe("script cache loss (own server: SCRIPT FLUSH would disturb others)", () => {
  it("after the server lost its script cache, the next call reloads with one EVAL", async () => {
    const server = await startRedisServer();
    const client = newClient(server.url);
    const saver = saverOnSharedServer(client);
    const counter = await CommandCounter.watch(client);
    try {
      const thread = { configurable: { thread_id: `rt-${uuid6(-1)}`, checkpoint_ns: "" } };
      await saver.put(thread, checkpoint({ a: 1 }), META, { a: 1 });
      await saver.getTuple(thread);
      await client.script("FLUSH");
      let tuple: unknown;
      const commands = await counter.count(async () => {
        tuple = await saver.getTuple(thread);
      });
      expect(commands.map((command) => command.name)).toEqual(["evalsha", "eval"]);
      expect(tuple).toBeDefined();
      const next = await counter.count(() => saver.getTuple(thread));
      expect(next.map((command) => command.name)).toEqual(["evalsha"]);
    } finally {
      await counter.stop();
      await client.quit();
      await server.stop();
    }
  });
});
