import { describeStateSizeLimits, type SaverHarness } from "@checkpointkit/conformance";
import type { LargeStateEvent, StateSizeOptions } from "@checkpointkit/core";
import type { Redis } from "ioredis";
import { RedisSaver } from "../src/index.js";
import { LOOP_METADATA, makeCheckpoint, threadConfig } from "./fixtures.js";
import { freshKeyPrefix, newClient } from "./redis-test-saver.js";

let client: Redis;
beforeAll(() => {
  client = newClient();
});
afterAll(async () => {
  await client.quit();
});
const create = async (sizeOptions: StateSizeOptions = {}) =>
  new RedisSaver({ client, keyPrefix: freshKeyPrefix("size"), ...sizeOptions });

const harness: SaverHarness<RedisSaver> = { name: "RedisSaver", create: () => create() };

describeStateSizeLimits(harness, {
  createWithStateSize: create,
  createCompressing: async (sizeOptions) =>
    new RedisSaver({
      client,
      keyPrefix: freshKeyPrefix("size"),
      compression: { algorithm: "gzip" },
      ...sizeOptions,
    }),
});

describe("RedisSaver state size with compression", () => {
  it("measures each channel before and after compression; the limit applies to stored bytes", async () => {
    const events: LargeStateEvent[] = [];
    const saver = new RedisSaver({
      client,
      keyPrefix: freshKeyPrefix("size"),
      compression: { algorithm: "gzip", thresholdBytes: 1_024 },
      // The value is ~100 kB before compression and far smaller after: it passes.
      maxCheckpointBytes: 20_000,
      largeStateWarningBytes: 1,
      onLargeState: (event) => {
        events.push(event);
      },
    });
    const checkpoint = makeCheckpoint({ text: "a".repeat(100_000) });
    await saver.put(threadConfig("compressed"), checkpoint, LOOP_METADATA, { text: 1 });
    const text = events[0]?.channels.find((size) => size.channel === "text");
    expect(text?.bytes).toBeGreaterThan(100_000);
    expect(text?.storedBytes).toBeLessThan(2_000);
    expect(events[0]?.totalBytes).toBeLessThan(20_000);
    expect((await saver.getTuple(threadConfig("compressed")))?.checkpoint.id).toBe(checkpoint.id);
  });
});
