import { randomUUID } from "node:crypto";
import { join } from "node:path";
import {
  describeOptimisticConcurrency,
  describeThreadLeases,
  forkLeaseWorker,
  type SaverHarness,
  type WriteFenceSpecOptions,
} from "@checkpointkit/conformance";
import {
  ALLOW_FORK_KEY,
  CheckpointConflictError,
  type WriteFenceOptions,
  withThreadLease,
} from "@checkpointkit/core";
import { Annotation, END, Send, START, StateGraph } from "@langchain/langgraph";
import type { Redis } from "ioredis";
import { RedisSaver } from "../src/index.js";
import { CommandCounter } from "./command-counter.js";
import { LOOP_METADATA, makeCheckpoint, threadConfig } from "./fixtures.js";
import { freshKeyPrefix, newClient, sharedRedisUrl } from "./redis-test-saver.js";

let client: Redis;
beforeAll(() => {
  client = newClient();
});
afterAll(async () => {
  await client.quit();
});
const create = async (fence: WriteFenceOptions = {}) =>
  new RedisSaver({ client, keyPrefix: freshKeyPrefix("lease"), ...fence });

const harness: SaverHarness<RedisSaver> = {
  name: "RedisSaver",
  create: () => create(),
};

const fenceOptions: WriteFenceSpecOptions<RedisSaver> = {
  createWithFence: create,
  forkWorker: (saver) =>
    forkLeaseWorker(join(__dirname, "workers", "lease-worker.ts"), {
      url: sharedRedisUrl(),
      keyPrefix: saver.keyLayout.keyPrefix,
    }),
};

describeThreadLeases(harness, fenceOptions);
describeOptimisticConcurrency(harness, fenceOptions);

describe("RedisSaver write fence round trips", () => {
  it("a fenced put and putWrites are still one EVALSHA each", async () => {
    const saver = new RedisSaver({
      client,
      keyPrefix: freshKeyPrefix("lease-rt"),
      concurrency: "optimistic",
      requireLease: true,
    });
    const lease = await saver.acquireThreadLease("rt", { ttlMs: 60_000 });
    const leased = (config: ReturnType<typeof threadConfig>) => ({
      configurable: { ...config.configurable, checkpointkit_lease_token: lease.token },
    });
    const counter = await CommandCounter.watch(client);
    try {
      const checkpoint = makeCheckpoint({ counter: 1 });
      let stored: Awaited<ReturnType<RedisSaver["put"]>> | undefined;
      const put = await counter.count(async () => {
        stored = await saver.put(leased(threadConfig("rt")), checkpoint, LOOP_METADATA, {
          counter: 1,
        });
      });
      const writes = await counter.count(() =>
        saver.putWrites(leased(stored as ReturnType<typeof threadConfig>), [["counter", 2]], "t"),
      );
      expect(put.map((command) => command.name)).toEqual(["evalsha"]);
      expect(writes.map((command) => command.name)).toEqual(["evalsha"]);
    } finally {
      await counter.stop();
    }
  });
});

describe("RedisSaver leases under LangGraph", () => {
  const concat = (a: string[], b: string[]) => [...a, ...b];
  const State = Annotation.Root({
    items: Annotation<string[]>({ reducer: concat, default: () => [] }),
  });

  /** A root graph with a subgraph node and two `Send` tasks: every kind of write LangGraph makes. */
  function compileGraph(saver: RedisSaver) {
    const child = new StateGraph(State)
      .addNode("inner", () => ({ items: ["inner"] }))
      .addEdge(START, "inner")
      .addEdge("inner", END)
      .compile();
    return new StateGraph(State)
      .addNode("child", child)
      .addNode("worker", () => ({ items: ["sent"] }))
      .addEdge(START, "child")
      .addConditionalEdges("child", () => [new Send("worker", {}), new Send("worker", {})])
      .addEdge("worker", END)
      .compile({ checkpointer: saver });
  }

  it("with requireLease, every put/putWrites of a run (subgraph and Send tasks too) carries the token", async () => {
    const saver = new RedisSaver({
      client,
      keyPrefix: freshKeyPrefix("lease-graph"),
      requireLease: true,
    });
    const graph = compileGraph(saver);
    const threadId = `graph-${randomUUID()}`;
    const result = await withThreadLease(
      saver,
      threadId,
      (config) => graph.invoke({ items: [] }, config),
      {
        ttlMs: 30_000,
      },
    );
    expect(result.items).toEqual(["inner", "sent", "sent"]);
    const namespaces = new Set<string>();
    for await (const tuple of saver.list({ configurable: { thread_id: threadId } })) {
      namespaces.add(tuple.config.configurable?.checkpoint_ns as string);
    }
    expect([...namespaces].some((ns) => ns.startsWith("child:"))).toBe(true);
    // The same run without the lease: its first write is refused.
    const refused = await graph
      .invoke({ items: [] }, { configurable: { thread_id: `graph-${randomUUID()}` } })
      .catch((error: unknown) => error);
    expect(CheckpointConflictError.isInstance(refused)).toBe(true);
  });

  it("optimistic: runs one after another never conflict; time travel needs the fork key", async () => {
    const saver = new RedisSaver({
      client,
      keyPrefix: freshKeyPrefix("optimistic-graph"),
      concurrency: "optimistic",
    });
    const graph = compileGraph(saver);
    const config = { configurable: { thread_id: `graph-${randomUUID()}` } };
    const first = await graph.invoke({ items: [] }, config);
    // The second run continues from the first one's last checkpoint: no conflict.
    const second = await graph.invoke({ items: [] }, config);
    expect(second.items.length).toBeGreaterThan(first.items.length);
    const history = [];
    for await (const snapshot of graph.getStateHistory(config)) history.push(snapshot);
    const old = history.at(-2)?.config as { configurable: Record<string, unknown> };
    const travel = { configurable: { ...old.configurable } };
    const refused = await graph.invoke(null, travel).catch((error: unknown) => error);
    expect(CheckpointConflictError.isInstance(refused)).toBe(true);
    const forked = { configurable: { ...old.configurable, [ALLOW_FORK_KEY]: true } };
    await expect(graph.invoke(null, forked)).resolves.toBeDefined();
  });
});
