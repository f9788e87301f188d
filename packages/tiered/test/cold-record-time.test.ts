import { emptyCheckpoint, uuid6 } from "@langchain/langgraph-checkpoint";
import type { Redis } from "ioredis";
import pg from "pg";
import type { TieredSaver } from "../src/index.js";
import {
  newRedisClient,
  postgresColdTier,
  type TestPostgresColdTier,
  tieredSaver,
} from "./support/test-tiers.js";

/** `created_at` in PostgreSQL is the checkpoint's own time, not when the flusher wrote it. */
describe("the time the cold tier records", () => {
  let redis: Redis;
  let tier: TestPostgresColdTier;
  let saver: TieredSaver | undefined;

  beforeAll(() => {
    redis = newRedisClient();
  });
  beforeEach(async () => {
    tier = await postgresColdTier();
  });
  afterEach(async () => {
    await saver?.close();
    saver = undefined;
    await tier.drop();
  });
  afterAll(async () => {
    await redis.quit();
  });

  async function createdAt(table: string, threadId: string): Promise<Date[]> {
    const { rows } = await tier.pool.query<{ created_at: Date }>(
      `SELECT created_at FROM ${pg.escapeIdentifier(tier.schema)}.${table} WHERE thread_id = $1 ORDER BY created_at`,
      [threadId],
    );
    return rows.map((row) => row.created_at);
  }

  it.each([
    ["flushed write-behind", false],
    ["written through (durable)", true],
  ])("%s: created_at is checkpoint.ts", async (_name, durable) => {
    saver = await tieredSaver(redis, tier.cold, { durableWhen: () => durable });
    const times = ["2021-03-04T05:06:07.008Z", "2022-09-10T11:12:13.014Z"];
    let parentId: string | undefined;
    for (const [step, ts] of times.entries()) {
      const checkpoint = { ...emptyCheckpoint(), id: uuid6(-1), ts };
      await saver.put(
        { configurable: { thread_id: "dated", checkpoint_ns: "", checkpoint_id: parentId } },
        checkpoint,
        { source: "loop", step, parents: {} },
        {},
      );
      parentId = checkpoint.id;
    }
    await saver.flush();
    const stored = await createdAt("checkpoints", "dated");
    expect(stored.map((date) => date.toISOString())).toEqual(times);
  });
});
