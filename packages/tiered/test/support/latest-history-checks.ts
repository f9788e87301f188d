import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import type { Redis } from "ioredis";
import type { ColdBatch } from "../../src/cold-tier.js";
import { type Flusher, startFlusher, type TieredSaver } from "../../src/index.js";
import { checkpointWith, collect, listedIds, threadConfig } from "./checkpoints.js";
import { freshKeyPrefix, type TestColdTier, tieredSaver } from "./test-tiers.js";
import { wrapColdTier } from "./wrapped-cold-tier.js";

/** A cold tier whose saver keeps `history: "latest"`, and that saver to inspect it through. */
export interface LatestTestColdTier extends TestColdTier {
  saver: Pick<BaseCheckpointSaver, "list" | "getTuple">;
}

/** Puts one checkpoint after `parentId`; `step` sets its value and version. */
async function putStep(saver: TieredSaver, threadId: string, step: number, parentId?: string) {
  const { checkpoint, metadata } = checkpointWith({ counter: step }, step);
  const config = {
    configurable: { thread_id: threadId, checkpoint_ns: "", checkpoint_id: parentId },
  };
  await saver.put(config, checkpoint, metadata, { counter: step + 1 });
  return checkpoint.id;
}

/**
 * What latest mode must hold across the flush, for any cold tier: reads never show a
 * checkpoint Redis superseded, entries trimmed before their flush are acknowledged, and a
 * flush held since before a trim never resurrects the older checkpoint in the cold tier.
 */
export function describeLatestHistoryFlushChecks(
  coldLabel: string,
  sharedRedis: () => Redis,
  newCold: () => Promise<LatestTestColdTier>,
): void {
  describe(`TieredSaver history "latest" over ${coldLabel}: flushes`, () => {
    const tiers: TestColdTier[] = [];
    const savers: TieredSaver[] = [];
    const flushers: Flusher[] = [];
    afterAll(async () => {
      for (const flusher of flushers) await flusher.stop({ drainTimeoutMs: 1_000 });
      for (const saver of savers) await saver.close();
      for (const tier of tiers) await tier.drop();
    });

    it("reads never show a checkpoint Redis superseded that the cold tier still holds", async () => {
      const cold = await newCold();
      tiers.push(cold);
      let durableId = "";
      const saver = await tieredSaver(sharedRedis(), cold.cold, {
        history: "latest",
        flusher: false,
        durableWhen: (checkpoint) => checkpoint.id === durableId,
      });
      savers.push(saver);
      const threadId = "cold-behind";
      const older = checkpointWith({ counter: "older" }, 0);
      durableId = older.checkpoint.id;
      await saver.put(threadConfig(threadId), older.checkpoint, older.metadata, { counter: 1 });
      const newerId = await putStep(saver, threadId, 1, older.checkpoint.id);
      // No flusher: the cold tier still holds the older checkpoint, Redis only the newer one.
      expect(await listedIds(cold.saver, threadId)).toEqual([older.checkpoint.id]);
      expect(await listedIds(saver, threadId)).toEqual([newerId]);
      expect(
        await saver.getTuple({
          configurable: {
            ...threadConfig(threadId).configurable,
            checkpoint_id: older.checkpoint.id,
          },
        }),
      ).toBeUndefined();
      expect((await saver.getTuple(threadConfig(threadId)))?.checkpoint.id).toBe(newerId);
      const limited = await collect(saver.list(threadConfig(threadId), { limit: 1 }));
      expect(limited.map((tuple) => tuple.checkpoint.id)).toEqual([newerId]);
      // Asked in ways the newer checkpoint does not match, the older one must not stand in.
      const before = {
        configurable: { ...threadConfig(threadId).configurable, checkpoint_id: newerId },
      };
      expect(await collect(saver.list(threadConfig(threadId), { before }))).toEqual([]);
      expect(await collect(saver.list(threadConfig(threadId), { filter: { step: 0 } }))).toEqual(
        [],
      );
    });

    it("entries of checkpoints trimmed before their flush are acknowledged, never dead-lettered", async () => {
      const cold = await newCold();
      tiers.push(cold);
      const keyPrefix = freshKeyPrefix("latest");
      const saver = await tieredSaver(sharedRedis(), cold.cold, {
        history: "latest",
        flusher: false,
        keyPrefix,
        durableWhen: () => false,
      });
      savers.push(saver);
      const threadId = "trimmed-before-flush";
      let parentId: string | undefined;
      const ids: string[] = [];
      for (let step = 0; step < 5; step++) {
        parentId = await putStep(saver, threadId, step, parentId);
        await saver.putWrites(
          { configurable: { thread_id: threadId, checkpoint_ns: "", checkpoint_id: parentId } },
          [["counter", `pending ${step}`]],
          `task-${step}`,
        );
        ids.push(parentId);
      }
      expect((await saver.metrics()).backlog).toBe(10);
      const flusher = await startFlusher({
        redis: sharedRedis(),
        cold: cold.cold,
        keyPrefix,
        shardCount: 8,
        pollIntervalMs: 20,
      });
      flushers.push(flusher);
      const deadLetters: unknown[] = [];
      flusher.on("deadLetter", (event) => deadLetters.push(event));
      await saver.flush(threadId);
      expect(deadLetters).toEqual([]);
      expect(await listedIds(cold.saver, threadId)).toEqual([ids[4]]);
      const tuple = await cold.saver.getTuple(threadConfig(threadId));
      expect(tuple?.checkpoint.channel_values).toEqual({ counter: 4 });
      expect(tuple?.pendingWrites).toEqual([["task-4", "counter", "pending 4"]]);
      expect(await listedIds(saver, threadId)).toEqual([ids[4]]);
    });

    it("a flush held since before a trim, written after the newer checkpoint, never resurrects the older one", async () => {
      const cold = await newCold();
      tiers.push(cold);
      const threadId = "held-flush";
      let olderId = "";
      let release: () => void = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let heldStarted: () => void = () => {};
      const holding = new Promise<void>((resolve) => {
        heldStarted = resolve;
      });
      const holds = (batch: ColdBatch) =>
        batch.checkpoints.some((record) => record.checkpointId === olderId);
      let newerId = "";
      const saver = await tieredSaver(
        sharedRedis(),
        wrapColdTier(cold.cold, async (batch) => {
          if (olderId !== "" && holds(batch)) {
            heldStarted();
            await released;
          }
        }),
        {
          history: "latest",
          // The newer checkpoint goes to the cold tier at once, past the held flusher.
          durableWhen: (checkpoint) => checkpoint.id === newerId,
        },
      );
      savers.push(saver);
      const older = checkpointWith({ counter: "older" }, 0);
      olderId = older.checkpoint.id;
      await saver.put(threadConfig(threadId), older.checkpoint, older.metadata, { counter: 1 });
      await holding;
      // The flusher has read the older checkpoint and waits to write it. The newer one trims
      // it in Redis and is written through to the cold tier meanwhile.
      const newer = checkpointWith({ counter: "newer" }, 1);
      newerId = newer.checkpoint.id;
      const parent = {
        configurable: { thread_id: threadId, checkpoint_ns: "", checkpoint_id: olderId },
      };
      await saver.put(parent, newer.checkpoint, newer.metadata, { counter: 2 });
      expect(await listedIds(cold.saver, threadId)).toEqual([newerId]);
      release();
      await saver.flush(threadId);
      await saver.flusher?.settled();
      expect(await listedIds(cold.saver, threadId)).toEqual([newerId]);
      expect(
        await cold.saver.getTuple({
          configurable: { ...threadConfig(threadId).configurable, checkpoint_id: olderId },
        }),
      ).toBeUndefined();
      expect(await listedIds(saver, threadId)).toEqual([newerId]);
      expect((await saver.metrics()).deadLetters ?? 0).toBe(0);
    });
  });
}
