import { PostgresSaver } from "@checkpointkit/postgres";
import { type Checkpoint, emptyCheckpoint, uuid6 } from "@langchain/langgraph-checkpoint";
import type { TieredSaver } from "../src/index.js";
import { PostgresColdTier } from "../src/postgres.js";
import { threadConfig } from "./support/checkpoints.js";
import {
  newRedisClient,
  postgresColdTier,
  type TestPostgresColdTier,
  tieredSaver,
} from "./support/test-tiers.js";

const BIG = "b".repeat(1_000);
const TWO_HOURS_MS = 2 * 60 * 60 * 1000;

/** A checkpoint of `{ big, counter }` created at `createdAtMs` (its `ts`). */
function checkpointAt(counter: number, createdAtMs: number): Checkpoint {
  return {
    ...emptyCheckpoint(),
    id: uuid6(-1),
    ts: new Date(createdAtMs).toISOString(),
    channel_values: { big: BIG, counter },
    channel_versions: { big: 1, counter: counter + 1 },
  };
}

/**
 * A child checkpoint ships only the values that changed since its parent when the parent is
 * in the cold tier. When the cold tier may no longer hold the parent, the child must ship
 * everything, or its unchanged values are missing from the cold tier.
 */
describe("unchanged values are not shipped again, unless the parent may be gone", () => {
  const redis = newRedisClient();
  let tier: TestPostgresColdTier;
  let saver: TieredSaver | undefined;

  beforeEach(async () => {
    tier = await postgresColdTier();
  });
  afterEach(async () => {
    await saver?.close();
    await tier.drop();
  });
  afterAll(() => redis.quit());

  it("a thread the cold tier expired (ttlSeconds) while Redis holds it: the next child ships whole", async () => {
    const coldSaver = new PostgresSaver({ pool: tier.pool, schema: tier.schema, ttlSeconds: 60 });
    const cold = new PostgresColdTier({ saver: coldSaver });
    saver = await tieredSaver(redis, cold, { durableWhen: () => false });
    const threadId = "expired-in-cold";
    const parent = checkpointAt(0, Date.now() - TWO_HOURS_MS);
    const metadata = { source: "loop" as const, step: 0, parents: {} };
    const parentConfig = await saver.put(threadConfig(threadId), parent, metadata, {
      big: 1,
      counter: 1,
    });
    await saver.flush(undefined, { timeoutMs: 20_000 });

    // The cold tier's retention removes the thread: its newest checkpoint is two hours old.
    expect((await coldSaver.deleteExpiredThreads()).deletedThreads).toBe(1);
    expect(await cold.getTuple(threadConfig(threadId))).toBeUndefined();

    // The graph goes on from Redis, which still holds the parent; `big` does not change.
    const child = checkpointAt(1, Date.now());
    await saver.put(parentConfig, child, { ...metadata, step: 1 }, { counter: 2 });
    await saver.flush(undefined, { timeoutMs: 20_000 });

    const stored = await cold.getTuple({
      configurable: { thread_id: threadId, checkpoint_ns: "", checkpoint_id: child.id },
    });
    expect(stored?.checkpoint.channel_values).toEqual({ big: BIG, counter: 1 });
  }, 60_000);
});
