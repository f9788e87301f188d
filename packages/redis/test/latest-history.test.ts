import { describeLatestHistory } from "@checkpointkit/conformance";
import type { RunnableConfig } from "@langchain/core/runnables";
import { Command } from "@langchain/langgraph";
import { uuid6 } from "@langchain/langgraph-checkpoint";
import type { Redis } from "ioredis";
import { RedisSaver } from "../src/index.js";
import { readSerializedRecords } from "../src/internal.js";
import { CommandCounter } from "./command-counter.js";
import { LOOP_METADATA, makeCheckpoint, threadConfig } from "./fixtures.js";
import { approvalGraph, latestHistoryHarness } from "./latest-history-support.js";
import { freshKeyPrefix, newClient, saverOnSharedServer } from "./redis-test-saver.js";

describeLatestHistory(
  latestHistoryHarness(
    "RedisSaver",
    (client) => new RedisSaver({ client, keyPrefix: freshKeyPrefix(), history: "latest" }),
  ),
  {
    constructWithHistory: (history) =>
      new RedisSaver({ client: {} as Redis, history: history as "full" }),
  },
);

describe('RedisSaver history "latest"', () => {
  let client: Redis;
  let saver: RedisSaver;

  beforeAll(() => {
    client = newClient();
    saver = saverOnSharedServer(client, { history: "latest" });
  });

  afterAll(async () => {
    await client.quit();
  });

  /** Entries of each of the thread's keys, read from Redis directly. */
  async function entryCounts(threadId: string): Promise<Record<string, number>> {
    const keys = saver.keyLayout.threadKeys(threadId);
    return {
      namespaces: await client.hlen(keys.namespaces),
      index: await client.zcard(keys.checkpointIndex),
      // The checkpoints hash holds each record ("<ns>:<id>") and, beside it, its size record
      // ("<ns>:<id>:size"), plus the thread's total of those ("stored-bytes").
      checkpoints: (await client.hkeys(keys.checkpoints)).filter((f) => f.split(":").length === 2)
        .length,
      sizeRecords: (await client.hkeys(keys.checkpoints)).filter((f) => f.split(":").length === 3)
        .length,
      values: await client.hlen(keys.channelValues),
      writes: await client.hlen(keys.writes),
    };
  }

  /** `count` steps in each of two namespaces, each with a pending write before the next put. */
  async function runSteps(threadId: string, count: number): Promise<void> {
    for (const checkpointNs of ["", "child"]) {
      let config = threadConfig(threadId, checkpointNs);
      for (let step = 0; step < count; step++) {
        const checkpoint = makeCheckpoint({ counter: step, constant: "kept" });
        checkpoint.channel_versions = { counter: step + 1, constant: 1 };
        const newVersions = step === 0 ? checkpoint.channel_versions : { counter: step + 1 };
        config = await saver.put(config, checkpoint, LOOP_METADATA, newVersions);
        await saver.putWrites(config, [["counter", step + 1]], `task-${step}`);
      }
    }
  }

  it("holds as many entries after 40 puts as after 3: one checkpoint, its values and writes", async () => {
    const few = `growth-few-${uuid6(-1)}`;
    const many = `growth-many-${uuid6(-1)}`;
    await runSteps(few, 3);
    await runSteps(many, 40);
    // Per namespace: 1 checkpoint and its size record, 2 values, 1 write + the write list.
    const expected = {
      namespaces: 2,
      index: 2,
      checkpoints: 2,
      sizeRecords: 2,
      values: 4,
      writes: 4,
    };
    expect(await entryCounts(few)).toEqual(expected);
    expect(await entryCounts(many)).toEqual(expected);
  });

  it("a late write to a superseded checkpoint, a stale put and prune add or remove nothing", async () => {
    const threadId = `late-${uuid6(-1)}`;
    const older = makeCheckpoint({ counter: 0 });
    const olderConfig = await saver.put(threadConfig(threadId), older, LOOP_METADATA, {
      counter: 1,
    });
    const newer = makeCheckpoint({ counter: 1 });
    newer.channel_versions = { counter: 2 };
    await saver.put(olderConfig, newer, LOOP_METADATA, { counter: 2 });
    const before = await entryCounts(threadId);
    expect(before).toEqual({
      namespaces: 1,
      index: 1,
      checkpoints: 1,
      sizeRecords: 1,
      values: 1,
      writes: 0,
    });
    await saver.putWrites(olderConfig, [["counter", "late"]], "late-task");
    await saver.putWrites(olderConfig, [["__interrupt__", "late"]], "late-task");
    const stale = { ...makeCheckpoint({ counter: "stale" }), id: older.id };
    stale.channel_versions = { counter: 7 };
    await saver.put(threadConfig(threadId), stale, LOOP_METADATA, { counter: 7 });
    expect(await saver.prune({ threadId, keepLatest: 1 })).toEqual({ deletedCheckpoints: 0 });
    expect(await entryCounts(threadId)).toEqual(before);
  });

  it("put and putWrites are still one EVALSHA each", async () => {
    const counter = await CommandCounter.watch(client);
    try {
      const threadId = `rt-latest-${uuid6(-1)}`;
      let config: RunnableConfig = threadConfig(threadId);
      for (let step = 0; step < 3; step++) {
        const checkpoint = makeCheckpoint({ counter: step });
        checkpoint.channel_versions = { counter: step + 1 };
        config = await saver.put(config, checkpoint, LOOP_METADATA, checkpoint.channel_versions);
      }
      const next = makeCheckpoint({ counter: "next" });
      next.channel_versions = { counter: 9 };
      const put = await counter.count(async () => {
        config = await saver.put(config, next, LOOP_METADATA, { counter: 9 });
      });
      const putWrites = await counter.count(() =>
        saver.putWrites(config, [["counter", "pending"]], "task"),
      );
      expect(put.map((command) => command.name)).toEqual(["evalsha"]);
      expect(putWrites.map((command) => command.name)).toEqual(["evalsha"]);
      expect(await entryCounts(threadId)).toEqual({
        namespaces: 1,
        index: 1,
        checkpoints: 1,
        sizeRecords: 1,
        values: 1,
        writes: 2,
      });
    } finally {
      await counter.stop();
    }
  });

  it("with the outbox, one script stores, trims and appends; a trimmed record reads back as superseded", async () => {
    const withOutbox = saverOnSharedServer(client, { history: "latest", outbox: {} });
    const threadId = `outbox-${uuid6(-1)}`;
    const counter = await CommandCounter.watch(client);
    try {
      const first = makeCheckpoint({ counter: 1 });
      const firstPut = await withOutbox.putWithOutboxEntry(
        threadConfig(threadId),
        first,
        LOOP_METADATA,
        { counter: 1 },
      );
      const firstWrites = await withOutbox.putWritesWithOutboxEntry(
        firstPut.config,
        [["counter", "pending"]],
        "task",
      );
      const second = makeCheckpoint({ counter: 2 });
      second.channel_versions = { counter: 2 };
      const trimmed = await counter.count(async () => {
        await withOutbox.putWithOutboxEntry(firstPut.config, second, LOOP_METADATA, {
          counter: 2,
        });
      });
      expect(trimmed.map((command) => command.name)).toEqual(["evalsha"]);
      const request = (kind: "put" | "writes", checkpointId: string, taskId = "") => ({
        kind,
        checkpointNs: "",
        checkpointId,
        taskId,
      });
      const reads = await readSerializedRecords(client, withOutbox.keyLayout, threadId, [
        request("put", first.id),
        request("writes", first.id, "task"),
        request("put", second.id),
      ]);
      expect(firstPut.outboxEntry?.kind).toBe("put");
      expect(firstWrites.outboxEntry?.kind).toBe("writes");
      expect(reads.map((read) => read?.kind)).toEqual(["superseded", "superseded", "checkpoint"]);
      const keys = withOutbox.keyLayout.threadKeys(threadId);
      // The newest checkpoint's record and size record, and the thread's total.
      expect(await client.hlen(keys.checkpoints)).toBe(3);
      expect(await client.hlen(keys.writes)).toBe(0);
    } finally {
      await counter.stop();
    }
  });

  it("a record gone without a newer checkpoint reads back as absent, not superseded", async () => {
    const withOutbox = saverOnSharedServer(client, { history: "latest", outbox: {} });
    const only = makeCheckpoint({ counter: 1 });
    await withOutbox.put(threadConfig("gone"), only, LOOP_METADATA, { counter: 1 });
    await client.del(withOutbox.keyLayout.threadKeys("gone").checkpoints);
    const [read] = await readSerializedRecords(client, withOutbox.keyLayout, "gone", [
      { kind: "put", checkpointNs: "", checkpointId: only.id, taskId: "" },
    ]);
    expect(read).toBeUndefined();
  });

  it("runs a graph to an interrupt and resumes it, keeping one checkpoint", async () => {
    const graph = approvalGraph().compile({ checkpointer: saver });
    const threadId = `graph-${uuid6(-1)}`;
    const config = { configurable: { thread_id: threadId } };
    await graph.invoke({ log: ["charged twice"] }, config);
    expect((await graph.getState(config)).next).toEqual(["approve"]);
    expect((await entryCounts(threadId)).checkpoints).toBe(1);

    const done = await graph.invoke(new Command({ resume: "agent-7" }), config);
    expect(done.log).toEqual(["charged twice", "refund of 30 EUR", "sent, approved by agent-7"]);
    expect((await entryCounts(threadId)).checkpoints).toBe(1);
  });
});
