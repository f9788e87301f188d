import { RedisSaver } from "@checkpointkit/redis";
import { type DeadLetterEvent, Flusher, type TieredSaver } from "../src/index.js";
import { checkpointWith, listedIds, putChain, threadConfig } from "./support/checkpoints.js";
import { usePerTestColdTier } from "./support/per-test-cold-tier.js";
import { tieredSaver } from "./support/test-tiers.js";
import { waitUntil } from "./support/wait-until.js";
import { wrapColdTier } from "./support/wrapped-cold-tier.js";

/** A promise and what settles it: a barrier a test opens when the interleaving needs it. */
function barrier(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/**
 * `deleteThread` racing puts. The promise: a put overlapping a delete is ordered entirely
 * before it (gone from both tiers) or entirely after it (in both tiers), never in one.
 * The interleavings are forced with barriers in the cold tier's delete, not with timing.
 */
describe("deleteThread racing puts", () => {
  const fixture = usePerTestColdTier();

  /** A saver whose first cold delete waits at `held` until the test opens it. */
  async function saverWithHeldDelete(options: Parameters<typeof tieredSaver>[2] = {}) {
    const deleteReached = barrier();
    const releaseDelete = barrier();
    let deletes = 0;
    const held = wrapColdTier(fixture.tier.cold, {
      async beforeDelete() {
        deletes += 1;
        if (deletes > 1) return;
        deleteReached.open();
        await releaseDelete.promise;
      },
    });
    const saver = await tieredSaver(fixture.redis, held, { durableWhen: () => false, ...options });
    fixture.onCleanup(() => saver.close());
    return { saver, deleteReached, releaseDelete };
  }

  async function inBothTiers(saver: TieredSaver, threadId: string): Promise<string[][]> {
    await saver.flush(undefined, { timeoutMs: 20_000 });
    const hot = (await saver.hot.getTuple(threadConfig(threadId)))?.checkpoint.id;
    const cold = (await saver.cold.getTuple(threadConfig(threadId)))?.checkpoint.id;
    return [[hot ?? "none"], [cold ?? "none"]];
  }

  it.each([
    ["write-behind", false],
    ["durable", true],
  ])(
    "a %s put between the Redis delete and the cold delete ends in both tiers",
    async (_name, durable) => {
      const { saver, deleteReached, releaseDelete } = await saverWithHeldDelete({
        durableWhen: () => durable,
      });
      await putChain(saver, "racing", 2);
      await saver.flush(undefined, { timeoutMs: 20_000 });
      const deleting = saver.deleteThread("racing");
      await deleteReached.promise;
      // Redis no longer has the thread; the cold tier still has it, its fence not yet moved.
      const after = checkpointWith({ counter: 100 }, 0);
      const putting = saver.put(threadConfig("racing"), after.checkpoint, after.metadata, {
        counter: 1,
      });
      await waitUntil(
        async () => (await saver.hot.getTuple(threadConfig("racing"))) !== undefined,
        "the put reached Redis",
      );
      releaseDelete.open();
      await deleting;
      await putting;
      const id = after.checkpoint.id;
      expect(await inBothTiers(saver, "racing")).toEqual([[id], [id]]);
      expect(await listedIds(saver.cold, "racing")).toEqual([id]);
    },
    60_000,
  );

  it("an entry newer than the delete fence whose data vanished from Redis is dead-lettered, not acknowledged", async () => {
    const saver = await tieredSaver(fixture.redis, fixture.tier.cold, {
      flusher: false,
      durableWhen: () => false,
    });
    fixture.onCleanup(() => saver.close());
    await putChain(saver, "vanished", 1);
    // The data goes, its outbox entry stays, and no deleteThread explains it.
    const withoutOutbox = new RedisSaver({
      client: fixture.redis,
      keyPrefix: saver.hot.keyLayout.keyPrefix,
      shardCount: saver.hot.keyLayout.shardCount,
    });
    await withoutOutbox.deleteThread("vanished");
    const flusher = new Flusher({
      client: fixture.redis,
      keyLayout: saver.hot.keyLayout,
      cold: fixture.tier.cold,
      pollIntervalMs: 10,
      retryBaseDelayMs: 10,
      retryMaxDelayMs: 20,
      maxAttempts: 2,
    });
    const deadLetters: DeadLetterEvent[] = [];
    flusher.on("deadLetter", (event) => deadLetters.push(event));
    flusher.start();
    fixture.onCleanup(() => flusher.stop());
    await saver.flush(undefined, { timeoutMs: 20_000 });
    expect(deadLetters).toMatchObject([{ threadId: "vanished" }]);
    expect(flusher.counters.flushedEntries).toBe(0);
  }, 60_000);
});
