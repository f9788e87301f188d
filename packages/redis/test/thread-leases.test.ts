import { join } from "node:path";
import {
  describeOptimisticConcurrency,
  describeThreadLeases,
  forkLeaseWorker,
  type SaverHarness,
  type WriteFenceSpecOptions,
} from "@checkpointkit/conformance";
import type { WriteFenceOptions } from "@checkpointkit/core";
import type { Redis } from "ioredis";
import { RedisSaver } from "../src/index.js";
import { CommandCounter } from "./command-counter.js";
import { LOOP_METADATA, makeCheckpoint, threadConfig } from "./fixtures.js";
import { freshKeyPrefix, newClient, sharedRedisUrl } from "./redis-test-saver.js";

let client: Redis;
beforeAll(() => {
  client = newClient();
});
afterAll(async () => {
  await client.quit();
});
const create = async (fence: WriteFenceOptions = {}) =>
  new RedisSaver({ client, keyPrefix: freshKeyPrefix("lease"), ...fence });

const harness: SaverHarness<RedisSaver> = {
  name: "RedisSaver",
  create: () => create(),
};

const fenceOptions: WriteFenceSpecOptions<RedisSaver> = {
  createWithFence: create,
  forkWorker: (saver) =>
    forkLeaseWorker(join(__dirname, "workers", "lease-worker.ts"), {
      url: sharedRedisUrl(),
      keyPrefix: saver.keyLayout.keyPrefix,
    }),
};

describeThreadLeases(harness, fenceOptions);
describeOptimisticConcurrency(harness, fenceOptions);

describe("RedisSaver write fence round trips", () => {
  it("a fenced put and putWrites are still one EVALSHA each", async () => {
    const saver = new RedisSaver({
      client,
      keyPrefix: freshKeyPrefix("lease-rt"),
      concurrency: "optimistic",
      requireLease: true,
    });
    const lease = await saver.acquireThreadLease("rt", { ttlMs: 60_000 });
    const leased = (config: ReturnType<typeof threadConfig>) => ({
      configurable: { ...config.configurable, checkpointkit_lease_token: lease.token },
    });
    const counter = await CommandCounter.watch(client);
    try {
      const checkpoint = makeCheckpoint({ counter: 1 });
      let stored: Awaited<ReturnType<RedisSaver["put"]>> | undefined;
      const put = await counter.count(async () => {
        stored = await saver.put(leased(threadConfig("rt")), checkpoint, LOOP_METADATA, {
          counter: 1,
        });
      });
      const writes = await counter.count(() =>
        saver.putWrites(leased(stored as ReturnType<typeof threadConfig>), [["counter", 2]], "t"),
      );
      expect(put.map((command) => command.name)).toEqual(["evalsha"]);
      expect(writes.map((command) => command.name)).toEqual(["evalsha"]);
    } finally {
      await counter.stop();
    }
  });
});
