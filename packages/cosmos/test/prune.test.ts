import { randomBytes, randomUUID } from "node:crypto";
import {
  collect,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  threadConfig,
  waitUntil,
} from "@checkpointkit/conformance";
import { BackendUnavailableError, InvalidConfigError } from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { ChannelVersions } from "@langchain/langgraph-checkpoint";
import { countByKind, danglingReferences, partitionItems } from "./cosmos-test-saver.js";
import { errorOf } from "./error-of.js";
import {
  SMALL_CHUNK_SIZE_BYTES,
  useInterruptibleCosmosSaver,
} from "./interruptible-cosmos-saver.js";

const cosmos = useInterruptibleCosmosSaver();
const { injector, batchHook } = cosmos;

/** How long the server's clock may take to reach the next whole second before the test fails. */
const SERVER_CLOCK_TIMEOUT_MS = 10_000;
const SERVER_CLOCK_POLL_INTERVAL_MS = 100;

/**
 * Polls until an item written now gets a `_ts` later than `second`, the server's own proof that
 * its clock has moved on. The probe lives in a partition of its own and is removed afterwards.
 */
async function waitForServerSecondAfter(second: number): Promise<void> {
  const probeId = `clock-probe-${randomUUID()}`;
  const moved = await waitUntil(
    async () => {
      const { resource } = await cosmos.saver.container.items.upsert({
        id: probeId,
        thread_key: probeId,
      });
      return (resource?._ts ?? 0) > second;
    },
    SERVER_CLOCK_TIMEOUT_MS,
    SERVER_CLOCK_POLL_INTERVAL_MS,
  );
  await cosmos.saver.container.item(probeId, probeId).delete();
  expect(moved).toBe(true);
}

/**
 * `count` checkpoints: `stable` written once, `step` changed by every checkpoint, each with one
 * pending write. Returns the checkpoint ids, oldest first.
 */
async function seedHistory(threadId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  let config: RunnableConfig = threadConfig(threadId);
  for (let step = 0; step < count; step += 1) {
    const checkpoint = makeCheckpoint(step === 0 ? { stable: "kept", step } : { step }, {
      stable: 1,
      step: step + 1,
    });
    const newVersions: ChannelVersions = step === 0 ? { stable: 1, step: 1 } : { step: step + 1 };
    config = await cosmos.saver.put(config, checkpoint, makeMetadata({ step }), newVersions);
    await cosmos.saver.putWrites(config, [["step", step + 1]], `task-${step}`);
    ids.push(checkpoint.id);
  }
  return ids;
}

describe("CosmosSaver.prune", () => {
  it("deletes the writes, values and chunks only pruned checkpoints used, nothing a kept one reads", async () => {
    const threadId = freshThreadId();
    const big = () => randomBytes(3 * SMALL_CHUNK_SIZE_BYTES).toString("hex"); // chunked
    let config: RunnableConfig = threadConfig(threadId);
    const ids: string[] = [];
    for (let step = 0; step < 6; step += 1) {
      const checkpoint = makeCheckpoint(
        step === 0 ? { stable: "kept", big: big() } : { big: big() },
        { stable: 1, big: step + 1 },
      );
      const newVersions: ChannelVersions = step === 0 ? { stable: 1, big: 1 } : { big: step + 1 };
      // The first checkpoint's metadata is chunked too.
      const note = step === 0 ? "m".repeat(3 * SMALL_CHUNK_SIZE_BYTES) : "short";
      config = await cosmos.saver.put(
        config,
        checkpoint,
        makeMetadata({ step, note }),
        newVersions,
      );
      await cosmos.saver.putWrites(
        config,
        [
          ["big", big()],
          ["small", step],
        ],
        `task-${step}`,
      );
      ids.push(checkpoint.id);
    }
    const latestBefore = await cosmos.saver.getTuple(threadConfig(threadId));
    const before = await partitionItems(cosmos.saver, threadId);
    expect(countByKind(before).chunk).toBeGreaterThan(6 * 2 * 3);

    expect(await cosmos.saver.prune({ threadId, keepLatest: 2 })).toEqual({
      deletedCheckpoints: 4,
    });

    const after = await partitionItems(cosmos.saver, threadId);
    expect(danglingReferences(after)).toEqual([]);
    const { chunk, ...kinds } = countByKind(after);
    // Kept: 2 checkpoints, their writes items (4 writes), `stable` and the 2 `big` values they
    // reference.
    expect(kinds).toEqual({ head: 1, checkpoint: 2, writes: 2, value: 3, thread: 1 });
    // Chunks remain only for the 2 kept `big` writes (owned by their writes items) and the 2
    // kept `big` values (and
    // `danglingReferences` checked each has exactly the chunks its payload names).
    const chunkOwners = new Set(
      after.filter((item) => item.kind === "chunk").map((item) => item.owner_id),
    );
    expect(chunkOwners.size).toBe(4);
    expect(chunk).toBeGreaterThanOrEqual(4 * 3);
    const listed = await collect(cosmos.saver.list(threadConfig(threadId)));
    expect(listed.map((tuple) => tuple.checkpoint.id)).toEqual([ids[5], ids[4]]);
    for (const tuple of listed) {
      expect(tuple.checkpoint.channel_values.stable).toBe("kept");
      expect(tuple.pendingWrites).toHaveLength(2);
    }
    expect(await cosmos.saver.getTuple(threadConfig(threadId))).toEqual(latestBefore);
  });

  it("deletes a long history in transactional batches of at most 100 operations", async () => {
    // The test server refuses batches of more than 100 operations, as the service does.
    const threadId = freshThreadId();
    const ids = await seedHistory(threadId, 130);
    injector.reset();

    expect((await cosmos.saver.prune({ threadId, keepLatest: 1 })).deletedCheckpoints).toBe(129);

    // 129 checkpoints + 129 writes + 128 `step` values: at least 4 batches.
    expect(injector.countRequests({ operationType: "batch" })).toBeGreaterThanOrEqual(4);
    const after = await partitionItems(cosmos.saver, threadId);
    expect(danglingReferences(after)).toEqual([]);
    expect(countByKind(after)).toEqual({ head: 1, checkpoint: 1, writes: 1, value: 2, thread: 1 });
    const latest = await cosmos.saver.getTuple(threadConfig(threadId));
    expect(latest?.checkpoint.id).toBe(ids[129]);
    expect(latest?.checkpoint.channel_values).toEqual({ stable: "kept", step: 129 });
  });

  it("an interrupted prune leaves every remaining checkpoint readable, and a rerun finishes it", async () => {
    const threadId = freshThreadId();
    const ids = await seedHistory(threadId, 120);
    batchHook.beforeBatch = async (number) => {
      // The first round lands (batch 1: 50 victims and their writes; batch 2: the 50 values
      // only they referenced); the service then fails.
      if (number === 3) injector.inject503(10, { operationType: "batch" });
    };
    const error = await errorOf(() => cosmos.saver.prune({ threadId, keepLatest: 1 }));
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    batchHook.beforeBatch = undefined;
    injector.clear();

    const interrupted = await partitionItems(cosmos.saver, threadId);
    expect(danglingReferences(interrupted)).toEqual([]);
    const listed = await collect(cosmos.saver.list(threadConfig(threadId)));
    expect(listed).toHaveLength(70);
    expect(listed.every((tuple) => tuple.pendingWrites?.length === 1)).toBe(true);

    expect((await cosmos.saver.prune({ threadId, keepLatest: 1 })).deletedCheckpoints).toBe(69);
    const after = await partitionItems(cosmos.saver, threadId);
    expect(countByKind(after)).toEqual({ head: 1, checkpoint: 1, writes: 1, value: 2, thread: 1 });
    expect((await cosmos.saver.getTuple(threadConfig(threadId)))?.checkpoint.id).toBe(ids[119]);
  });

  it("items deleted by someone else meanwhile are skipped and not counted", async () => {
    const threadId = freshThreadId();
    const ids = await seedHistory(threadId, 5);
    const items = await partitionItems(cosmos.saver, threadId);
    const oldest = items.find(
      (item) => item.kind === "checkpoint" && item.checkpoint_id === ids[0],
    );
    const oldestWrite = items.find(
      (item) => item.kind === "writes" && item.checkpoint_id === ids[1],
    );
    batchHook.beforeBatch = async (number) => {
      if (number !== 1) return;
      // A concurrent prune (or TTL) removes a checkpoint and a write after this one read them.
      await cosmos.saver.container.item(String(oldest?.id), threadId).delete();
      await cosmos.saver.container.item(String(oldestWrite?.id), threadId).delete();
    };

    expect((await cosmos.saver.prune({ threadId, keepLatest: 1 })).deletedCheckpoints).toBe(3);

    const after = await partitionItems(cosmos.saver, threadId);
    expect(danglingReferences(after)).toEqual([]);
    expect(countByKind(after)).toEqual({ head: 1, checkpoint: 1, writes: 1, value: 2, thread: 1 });
  });

  it("olderThan compares the item's write time: nothing written after the instant goes", async () => {
    const threadId = freshThreadId();
    await seedHistory(threadId, 3);
    // `_ts` has whole seconds: take the instant only once the server has left the seed's second.
    const seededSecond = Math.max(
      ...(await partitionItems(cosmos.saver, threadId)).map((item) => item._ts ?? 0),
    );
    await waitForServerSecondAfter(seededSecond);
    const cutoff = new Date();
    const later = await seedHistory(threadId, 2);
    const result = await cosmos.saver.prune({ threadId, olderThan: cutoff });
    expect(result.deletedCheckpoints).toBe(3);
    const listed = await collect(cosmos.saver.list(threadConfig(threadId)));
    expect(listed.map((tuple) => tuple.checkpoint.id)).toEqual([...later].reverse());
  });

  it("keepLatest and olderThan together delete only checkpoints matching both", async () => {
    const threadId = freshThreadId();
    const ids = await seedHistory(threadId, 4);
    const longAgo = Date.now() - 60_000;
    expect(
      (await cosmos.saver.prune({ threadId, keepLatest: 1, olderThan: longAgo }))
        .deletedCheckpoints,
    ).toBe(0);
    const inAMinute = Date.now() + 60_000;
    expect(
      (await cosmos.saver.prune({ threadId, keepLatest: 3, olderThan: inAMinute }))
        .deletedCheckpoints,
    ).toBe(1);
    const listed = await collect(cosmos.saver.list(threadConfig(threadId)));
    expect(listed.map((tuple) => tuple.checkpoint.id)).toEqual(ids.slice(1).reverse());
  });

  it("rejects a thread id that is not a string with InvalidConfigError", async () => {
    const error = await errorOf(() =>
      cosmos.saver.prune({ threadId: { not: "a string" } as unknown as string, keepLatest: 1 }),
    );
    expect(InvalidConfigError.isInstance(error)).toBe(true);
  });
});
