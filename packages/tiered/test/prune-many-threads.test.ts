import { PostgresSaver } from "@checkpointkit/postgres";
import type { Redis } from "ioredis";
import type { TieredSaver } from "../src/index.js";
import { PostgresColdTier } from "../src/postgres.js";
import { listedIds, putChain } from "./support/checkpoints.js";
import { CommandCounter } from "./support/command-counter.js";
import {
  freshKeyPrefix,
  newRedisClient,
  postgresColdTier,
  type TestPostgresColdTier,
  tieredSaver,
} from "./support/test-tiers.js";

const THREADS = 300;
const CHECKPOINTS_PER_THREAD = 3;
const SHARDS = 8;
/** The cold saver's batch: below the store's checkpoints and orphaned values. */
const PRUNE_BATCH_SIZE = 100;
/** Threads the Redis saver prunes per script (its PRUNE_THREADS_PER_SCRIPT). */
const HOT_THREADS_PER_SCRIPT = 100;
const FILL_CONCURRENCY = 8;
/** The test fills and flushes about a thousand checkpoints first; a busy machine takes a while. */
const FILL_HEAVY_TEST_TIMEOUT_MS = 180_000;

/** Statements sent on any connection of `tier`'s pool from now on. */
function countStatements(tier: TestPostgresColdTier): () => number {
  let statements = 0;
  tier.pool.on("acquire", (client) => {
    const marked = client as unknown as {
      countedForPrune?: true;
      query: (...args: never[]) => unknown;
    };
    if (marked.countedForPrune) return;
    marked.countedForPrune = true;
    const query = marked.query.bind(client);
    marked.query = (...args: never[]) => {
      statements += 1;
      return query(...args);
    };
  });
  return () => statements;
}

describe("TieredSaver prune over many threads", () => {
  let redis: Redis;
  let tier: TestPostgresColdTier;
  let savers: TieredSaver[] = [];

  beforeEach(async () => {
    redis = newRedisClient();
    tier = await postgresColdTier();
  });
  afterEach(async () => {
    for (const saver of savers) await saver.close();
    savers = [];
    await tier.drop();
    await redis.quit();
  });

  it(
    "costs one Redis script per shard and page of threads and one cold statement per batch, not one per thread",
    async () => {
      const keyPrefix = freshKeyPrefix("prune-many");
      const cold = () =>
        new PostgresColdTier({
          saver: new PostgresSaver({
            pool: tier.pool,
            schema: tier.schema,
            pruneBatchSize: PRUNE_BATCH_SIZE,
          }),
        });
      const writer = await tieredSaver(redis, cold(), { keyPrefix, shardCount: SHARDS });
      savers.push(writer);
      const threadIds = Array.from({ length: THREADS }, (_unused, index) => `many-${index}`);
      let next = 0;
      const fillOne = async () => {
        while (next < threadIds.length) {
          await putChain(writer, threadIds[next++]!, CHECKPOINTS_PER_THREAD);
        }
      };
      await Promise.all(Array.from({ length: FILL_CONCURRENCY }, fillOne));
      await writer.flush();
      await writer.close();
      savers = [];
      // Everything is flushed: a saver without a flusher prunes, so only prune's commands count.
      const pruner = await tieredSaver(redis, cold(), {
        keyPrefix,
        shardCount: SHARDS,
        flusher: false,
      });
      savers.push(pruner);
      expect(await pruner.prune({ keepLatest: CHECKPOINTS_PER_THREAD })).toEqual({
        deletedCheckpoints: 0,
      }); // loads the scripts

      const statements = countStatements(tier);
      const counter = await CommandCounter.watch(redis);
      let deleted = 0;
      const commands = await counter.count(async () => {
        deleted = (await pruner.prune({ keepLatest: 1 })).deletedCheckpoints;
      });
      await counter.stop();

      expect(deleted).toBe(THREADS * (CHECKPOINTS_PER_THREAD - 1));
      const scripts = commands.filter((name) => name === "evalsha").length;
      // The flush check reads each shard's outbox; the prune walk runs one script per page of
      // threads per shard, plus the first read and the step after its last page.
      expect(scripts).toBeLessThanOrEqual(Math.ceil(THREADS / HOT_THREADS_PER_SCRIPT) + 2 * SHARDS);
      expect(commands.length - scripts).toBeLessThanOrEqual(2 * SHARDS);
      // 900 checkpoints in batches of 100 (the last one short), one orphaned-value sweep.
      expect(statements()).toBeLessThanOrEqual(
        Math.ceil((THREADS * CHECKPOINTS_PER_THREAD) / PRUNE_BATCH_SIZE) + 1 + 1,
      );
      for (const threadId of threadIds.slice(0, 5)) {
        expect(await listedIds(pruner, threadId)).toHaveLength(1);
        const latest = await pruner.getTuple({ configurable: { thread_id: threadId } });
        expect(latest?.checkpoint.channel_values).toEqual({
          counter: CHECKPOINTS_PER_THREAD - 1,
          label: `s${CHECKPOINTS_PER_THREAD - 1}`,
        });
      }
    },
    FILL_HEAVY_TEST_TIMEOUT_MS,
  );
});
