import { CorruptCheckpointError } from "@checkpointkit/core";
import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";
import type { Redis } from "ioredis";
import { RedisSaver, type RedisSaverCommonOptions } from "../src/index.js";
import { LOOP_METADATA, makeCheckpoint, threadConfig, versionsOf } from "./fixtures.js";
import { freshKeyPrefix, newClient } from "./redis-test-saver.js";

/**
 * One corrupt thread among healthy ones: listing or pruning every thread still reaches the
 * healthy ones, and the corrupt one is reported (`onCorruptRecord`), or thrown at the end.
 */
describe("a corrupt thread does not block list() or prune() of all threads", () => {
  let client: Redis;
  beforeAll(() => {
    client = newClient();
  });
  afterAll(async () => {
    await client.quit();
  });

  /** Two healthy threads of two checkpoints each, then the damaged thread, most recent. */
  async function threads(corrupt: "record" | "key type", options: RedisSaverCommonOptions = {}) {
    const saver = new RedisSaver({
      client,
      keyPrefix: freshKeyPrefix("corrupt-thread"),
      ...options,
    });
    const healthy: string[] = [];
    for (const name of ["healthy-a", "healthy-b"]) {
      let config = threadConfig(`${name}-${Math.random()}`);
      for (const step of [1, 2]) {
        const checkpoint = makeCheckpoint({ step });
        config = await saver.put(config, checkpoint, LOOP_METADATA, versionsOf(checkpoint));
        healthy.push(checkpoint.id);
      }
    }
    const damaged = threadConfig(`damaged-${Math.random()}`);
    const checkpoint = makeCheckpoint({ step: 1 });
    await saver.put(damaged, checkpoint, LOOP_METADATA, versionsOf(checkpoint));
    const damagedId = String(damaged.configurable?.thread_id);
    const keys = saver.keyLayout.threadKeys(damagedId);
    if (corrupt === "record") {
      const [field] = (await client.hkeys(keys.checkpoints)).filter(
        (f) => f.split(":").length === 2,
      );
      await client.hset(keys.checkpoints, field!, "garbage:not a frame");
    } else {
      await client.del(keys.writes);
      await client.set(keys.writes, "a string where a hash belongs");
    }
    return { saver, healthy, damagedId };
  }

  async function drain(list: AsyncGenerator<CheckpointTuple>) {
    const ids: string[] = [];
    try {
      for await (const tuple of list) ids.push(tuple.checkpoint.id);
    } catch (error) {
      return { ids, error };
    }
    return { ids, error: undefined };
  }

  it.each(["record", "key type"] as const)(
    "list(): a corrupt %s is skipped and thrown at the end, after every healthy checkpoint",
    async (corrupt) => {
      const { saver, healthy, damagedId } = await threads(corrupt);
      const { ids, error } = await drain(saver.list({}));
      expect(ids.sort()).toEqual([...healthy].sort());
      expect(CorruptCheckpointError.isInstance(error)).toBe(true);
      expect((error as CorruptCheckpointError).message).toContain(damagedId);
    },
  );

  it.each(["record", "key type"] as const)(
    "list() with onCorruptRecord: a corrupt %s is reported there and the listing completes",
    async (corrupt) => {
      const reported: CorruptCheckpointError[] = [];
      const { saver, healthy, damagedId } = await threads(corrupt, {
        onCorruptRecord: (error) => reported.push(error),
      });
      const { ids, error } = await drain(saver.list({}));
      expect(error).toBeUndefined();
      expect(ids.sort()).toEqual([...healthy].sort());
      expect(reported).toHaveLength(1);
      expect(reported[0]?.message).toContain(damagedId);
    },
  );

  it("prune() of all threads prunes the healthy ones; the corrupt one is reported, or thrown at the end", async () => {
    const reported: CorruptCheckpointError[] = [];
    const { saver } = await threads("key type", {
      onCorruptRecord: (error) => reported.push(error),
    });
    expect(await saver.prune({ keepLatest: 1 })).toEqual({ deletedCheckpoints: 2 });
    expect(reported).toHaveLength(1);

    const unhooked = await threads("key type");
    const error = await unhooked.saver.prune({ keepLatest: 1 }).catch((caught: unknown) => caught);
    expect(CorruptCheckpointError.isInstance(error)).toBe(true);
    const { ids } = await drain(unhooked.saver.list({}));
    expect(ids).toHaveLength(2);
  });

  it("getTuple of the corrupt thread still throws CorruptCheckpointError naming the thread", async () => {
    const { saver, damagedId } = await threads("record", { onCorruptRecord: () => {} });
    const error = await saver
      .getTuple(threadConfig(damagedId))
      .catch((caught: unknown) => caught as Error);
    expect(CorruptCheckpointError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(damagedId);
  });
});
