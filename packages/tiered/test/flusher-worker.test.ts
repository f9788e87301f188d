import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import { inspect } from "node:util";
import { BackendUnavailableError, InvalidConfigError } from "@checkpointkit/core";
import type { Redis } from "ioredis";
import { FlusherWorker } from "../src/flusher-worker.js";
import { type FlushedEvent, TieredSaver } from "../src/index.js";
import { putChain, threadConfig } from "./support/checkpoints.js";
import {
  freshKeyPrefix,
  newRedisClient,
  postgresColdTier,
  requiredEnv,
  type TestPostgresColdTier,
  tieredSaver,
} from "./support/test-tiers.js";
import { waitUntil } from "./support/wait-until.js";
import { wrapColdTier } from "./support/wrapped-cold-tier.js";

/** The nice value of every thread of this process (field 19 of /proc/self/task/<id>/stat). */
function threadNiceValues(): number[] {
  return readdirSync("/proc/self/task").map((task) => {
    const stat = readFileSync(`/proc/self/task/${task}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
  });
}

/** The flusher in a worker thread: the default where the tiers can be rebuilt there. */
describe("flusher in a worker thread", () => {
  let redis: Redis;
  let tier: TestPostgresColdTier;
  const savers: TieredSaver[] = [];

  beforeAll(async () => {
    redis = newRedisClient();
    tier = await postgresColdTier();
  });
  afterAll(async () => {
    for (const saver of savers) await saver.close();
    redis.disconnect();
    await tier.drop();
  }, 60_000);

  it("is the default, flushes, and reports its events and counters across the thread", async () => {
    // Flusher options without a mode: the default.
    const saver = await tieredSaver(redis, tier.cold, { flusher: { pollIntervalMs: 20 } });
    savers.push(saver);
    expect(saver.flusherMode).toBe("worker");
    const flushed: FlushedEvent[] = [];
    saver.events.on("flushed", (event) => flushed.push(event));
    const ids = await putChain(saver, "worker-thread", 3);
    await saver.flush();
    expect((await tier.cold.getTuple(threadConfig("worker-thread")))?.checkpoint.id).toBe(ids[2]);
    await waitUntil(() => flushed.length > 0, "a flushed event arrives");
    expect(flushed.reduce((sum, event) => sum + event.checkpoints, 0)).toBeGreaterThan(0);
    expect(saver.flusher?.counters.flushedEntries).toBeGreaterThan(0);
    expect((await saver.metrics()).backlog).toBe(0);
    // Linux: the worker thread lowered its own nice value (default 10); this thread did not.
    if (process.platform === "linux") {
      expect(threadNiceValues()).toContain(10);
      expect(os.getPriority()).toBe(0);
    }
    await saver.close();
    expect(saver.flusher?.running).toBe(false);
    // A write racing close() does not bring the thread back (it would keep the process alive).
    await putChain(saver, "after-close", 1);
    expect(saver.flusher?.running).toBe(false);
  });

  it("refuses a workerNice outside 0–19", () => {
    expect(
      () =>
        new TieredSaver({
          redis,
          cold: tier.cold,
          flusher: { workerNice: 20 },
        }),
    ).toThrow(InvalidConfigError);
  });

  it("runs in-process, saying why, for a cold tier that cannot be rebuilt in a thread", async () => {
    const saver = await tieredSaver(redis, wrapColdTier(tier.cold, {}), {
      flusher: { pollIntervalMs: 20 },
    });
    savers.push(saver);
    expect(saver.flusherMode).toBe("in-process");
    expect(saver.flusherModeReason).toMatch(/describeForWorker/);
    expect(
      () =>
        new (saver.constructor as typeof TieredSaver)({
          redis,
          cold: wrapColdTier(tier.cold, {}),
          keyPrefix: freshKeyPrefix(),
          flusher: { mode: "worker" },
        }),
    ).toThrow(InvalidConfigError);
  });

  it("a thread that dies is reported as a typed error without secrets, and restarted", async () => {
    const secret = "pw-never-printed-4711";
    const url = new URL(requiredEnv("POSTGRES_URL"));
    url.password = secret;
    const worker = new FlusherWorker(
      {
        redis: { options: { host: "127.0.0.1", port: 1, password: secret } },
        // An empty schema name fails the thread as it builds its cold tier.
        cold: {
          backend: "postgres",
          pool: { connectionString: url.href },
          schema: "",
          history: "full",
          ttlSeconds: undefined,
          connectionTimeoutMs: 1_000,
          queryTimeoutMs: 1_000,
        },
        keyPrefix: freshKeyPrefix(),
        shardCount: 2,
        nice: 0,
        flusher: { retryBaseDelayMs: 10, retryMaxDelayMs: 50 },
      },
      "postgres",
    );
    const errors: unknown[] = [];
    worker.on("error", (error) => errors.push(error));
    worker.start();
    try {
      await waitUntil(() => errors.length >= 2, "the thread died twice (restarted once)");
    } finally {
      await worker.stop();
    }
    expect(worker.running).toBe(false);
    // The descriptions it holds (passwords included) are private fields: never printed.
    expect(inspect(worker, { depth: 10 })).not.toContain(secret);
    for (const error of errors) {
      expect(BackendUnavailableError.isInstance(error)).toBe(true);
      expect(inspect(error)).not.toContain(secret);
    }
  });
});
