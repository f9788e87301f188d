import type { Checkpoint } from "@langchain/langgraph-checkpoint";
import { emptyCheckpoint, uuid6 } from "@langchain/langgraph-checkpoint";
import { Flusher, type TieredSaver } from "../src/index.js";
import { threadConfig } from "./support/checkpoints.js";
import {
  cosmosColdTier,
  newRedisClient,
  type TestColdTier,
  tieredSaver,
} from "./support/test-tiers.js";
import { waitUntil } from "./support/wait-until.js";

const TTL_SECONDS = 60;
const TWO_HOURS_MS = 2 * 60 * 60 * 1000;

function checkpointAt(step: number, createdAtMs: number): Checkpoint {
  return {
    ...emptyCheckpoint(),
    id: uuid6(-1),
    ts: new Date(createdAtMs).toISOString(),
    channel_values: { profile: "gold customer", step },
    channel_versions: { profile: 1, step: step + 1 },
  };
}

/**
 * `ttlSeconds` over a Cosmos DB cold tier means what it means over PostgreSQL: a thread with
 * no checkpoint or write newer than the TTL (by the checkpoint's own time) leaves both tiers;
 * a thread written within the TTL is kept whole, its older checkpoints included. The clock is
 * the checkpoints' `ts`, so a thread is made idle by writing it two hours in the past: no test
 * waits for a TTL to run out. Redis forgets both threads after `hotTtlSeconds: 1` of real idle
 * time; what is kept is then read back from Cosmos DB.
 */
describe("ttlSeconds with the Cosmos DB cold tier", () => {
  const redis = newRedisClient();
  let tier: TestColdTier;
  let saver: TieredSaver | undefined;
  let flusher: Flusher | undefined;

  beforeEach(async () => {
    tier = await cosmosColdTier();
  });
  afterEach(async () => {
    await flusher?.stop({ drainTimeoutMs: 1_000 });
    await saver?.close();
    await tier.drop();
  });
  afterAll(() => redis.quit());

  it("is accepted, and a thread idle past the TTL leaves both tiers while one written again stays", async () => {
    saver = await tieredSaver(redis, tier.cold, {
      ttlSeconds: TTL_SECONDS,
      flusher: false,
      durableWhen: () => false,
    });
    const metadata = { source: "loop" as const, step: 0, parents: {} };
    const longAgo = Date.now() - TWO_HOURS_MS;

    // "idle": one checkpoint two hours old.
    await saver.put(threadConfig("idle"), checkpointAt(0, longAgo), metadata, {
      profile: 1,
      step: 1,
    });
    // "resumed": the same old checkpoint, then a child written now.
    const resumedParent = await saver.put(
      threadConfig("resumed"),
      checkpointAt(0, longAgo),
      metadata,
      { profile: 1, step: 1 },
    );
    await saver.put(
      resumedParent,
      checkpointAt(1, Date.now()),
      { ...metadata, step: 1 },
      {
        step: 2,
      },
    );

    // Started after the writes, so its first flush carries both checkpoints of "resumed"
    // before its first sweep can look at the thread.
    flusher = new Flusher({
      client: redis,
      cold: tier.cold,
      keyLayout: saver.hot.keyLayout,
      ttlSeconds: TTL_SECONDS,
      hotTtlSeconds: 1,
      sweepIntervalMs: 200,
      pollIntervalMs: 20,
    });
    flusher.start();
    await saver.flush(undefined, { timeoutMs: 20_000 });

    await waitUntil(
      async () =>
        (await tier.cold.getTuple(threadConfig("idle"))) === undefined &&
        (await saver!.hot.getTuple(threadConfig("idle"))) === undefined,
      "the idle thread is gone from both tiers",
      { timeoutMs: 15_000 },
    );
    expect(await saver.getTuple(threadConfig("idle"))).toBeUndefined();
    const coldListing = [];
    for await (const tuple of tier.cold.list(threadConfig("idle"))) coldListing.push(tuple);
    expect(coldListing).toEqual([]);

    // Gone from Redis too (hotTtlSeconds: 1), so what follows is read from Cosmos DB: the whole
    // thread, its two-hour-old checkpoint included.
    await waitUntil(
      async () => (await saver!.hot.getTuple(threadConfig("resumed"))) === undefined,
      "Redis forgot the resumed thread",
      { timeoutMs: 15_000 },
    );
    const kept = [];
    for await (const tuple of tier.cold.list(threadConfig("resumed"))) kept.push(tuple);
    expect(kept.map((tuple) => tuple.checkpoint.channel_values)).toEqual([
      { profile: "gold customer", step: 1 },
      { profile: "gold customer", step: 0 },
    ]);
    expect((await saver.getTuple(threadConfig("resumed")))?.checkpoint.channel_values).toEqual({
      profile: "gold customer",
      step: 1,
    });
  }, 60_000);
});
