import type { StoredCheckpointSize } from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import { emptyCheckpoint, uuid6 } from "@langchain/langgraph-checkpoint";
import type { Redis } from "ioredis";
import type { TieredSaver } from "../src/index.js";
import { threadConfig } from "./support/checkpoints.js";
import { dropHotThreads } from "./support/redis-keys.js";
import {
  cosmosColdTier,
  freshKeyPrefix,
  newRedisClient,
  postgresColdTier,
  type TestColdTier,
  tieredSaver,
} from "./support/test-tiers.js";

/** A run's final checkpoint (nothing scheduled): the default `durableWhen` writes it through. */
const FINAL_STEP = { source: "loop" as const, step: 0, parents: {} };

async function putStep(
  saver: TieredSaver,
  parent: RunnableConfig,
  values: Record<string, string>,
  versions: Record<string, number>,
  newVersions: Record<string, number>,
): Promise<RunnableConfig> {
  return saver.put(
    parent,
    { ...emptyCheckpoint(), id: uuid6(-1), channel_values: values, channel_versions: versions },
    FINAL_STEP,
    newVersions,
  );
}

function channelsOf(size: StoredCheckpointSize | undefined): string[] {
  return (size?.channels ?? []).map(({ channel }) => channel).sort();
}

describe.each([
  ["PostgreSQL", () => postgresColdTier()],
  ["Cosmos DB", () => cosmosColdTier()],
] as const)(
  "the cold size record of a checkpoint shipped self-contained (%s)",
  (_name, makeTier) => {
    let redis: Redis;
    let tier: TestColdTier;
    const savers: TieredSaver[] = [];

    beforeEach(async () => {
      redis = newRedisClient();
      tier = await makeTier();
    });
    afterEach(async () => {
      for (const saver of savers.splice(0)) await saver.close();
      await redis.quit();
      await tier.drop();
    });

    it("lists the channels the put stored, as Redis's does, after a write-through and a flusher restart", async () => {
      const keyPrefix = freshKeyPrefix();
      const open = async () => {
        const saver = await tieredSaver(redis, tier.cold, { keyPrefix });
        savers.push(saver);
        return saver;
      };
      const before = await open();
      const tag = "t".repeat(2_000);
      const first = await putStep(
        before,
        threadConfig("introduced"),
        { notes: "n".repeat(300), tag },
        { notes: 1, tag: 1 },
        { notes: 1, tag: 1 },
      );
      await before.flush();
      await before.close();

      // A new flusher does not know the parent is in the cold tier: it ships every value.
      const saver = await open();
      const second = await putStep(
        saver,
        first,
        { notes: "m".repeat(600), tag },
        { notes: 2, tag: 1 },
        { notes: 2 },
      );
      // The next one follows a written-through checkpoint.
      const third = await putStep(
        saver,
        second,
        { notes: "o".repeat(900), tag },
        { notes: 3, tag: 1 },
        { notes: 3 },
      );
      const hot = [await saver.getCheckpointSize(second), await saver.getCheckpointSize(third)];
      expect(hot.map(channelsOf)).toEqual([["notes"], ["notes"]]);
      await saver.flush();
      await dropHotThreads(redis, keyPrefix);

      const cold = [await saver.getCheckpointSize(second), await saver.getCheckpointSize(third)];
      expect(cold.map(channelsOf)).toEqual([["notes"], ["notes"]]);
      // Measured as each backend stores them, from the same serde bytes.
      const serdeBytes = (size: StoredCheckpointSize | undefined) =>
        size?.channels.map(({ channel, bytes }) => [channel, bytes]);
      expect(cold.map(serdeBytes)).toEqual(hot.map(serdeBytes));
      // The checkpoint still reads back whole from the cold tier.
      const tuple = await saver.getTuple(third);
      expect(tuple?.checkpoint.channel_values).toEqual({ notes: "o".repeat(900), tag });
    }, 60_000);
  },
);
