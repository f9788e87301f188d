import type { Redis } from "ioredis";
import { RedisSaver } from "../src/index.js";
import { LOOP_METADATA, makeCheckpoint, threadConfig, versionsOf } from "./fixtures.js";
import { freshKeyPrefix, newClient } from "./redis-test-saver.js";

describe("compression", () => {
  let client: Redis;
  beforeAll(() => {
    client = newClient();
  });
  afterAll(async () => {
    await client.quit();
  });

  it.each(["gzip", "brotli"] as const)(
    "%s: values above the threshold are stored compressed, below it as they are; any saver reads both",
    async (algorithm) => {
      const keyPrefix = freshKeyPrefix("compression");
      const saver = new RedisSaver({
        client,
        keyPrefix,
        compression: { algorithm, thresholdBytes: 1_000 },
      });
      const big = "checkpoint ".repeat(10_000);
      const bytes = new Uint8Array([0, 1, 2, 255]);
      const checkpoint = makeCheckpoint({ big, small: "tiny", bytes });
      const thread = threadConfig();
      const config = await saver.put(thread, checkpoint, LOOP_METADATA, versionsOf(checkpoint));
      await saver.putWrites(config, [["big", big]], "task");

      const threadId = String(thread.configurable?.thread_id);
      const keys = saver.keyLayout.threadKeys(threadId);
      const stored = await client.hgetallBuffer(keys.channelValues);
      const encodings = Object.values(stored).map(
        (frame) => /^1:v\d+:\w+\d+:(identity|gzip|brotli)/.exec(frame.toString("latin1"))?.[1],
      );
      expect(encodings.sort()).toEqual([algorithm, "identity", "identity"].sort());
      const storedBytes = Object.values(stored).reduce((sum, frame) => sum + frame.byteLength, 0);
      expect(storedBytes).toBeLessThan(big.length / 10);

      // Reading needs no option: the encoding is recorded with each value.
      const plainReader = new RedisSaver({ client, keyPrefix });
      const tuple = await plainReader.getTuple(config);
      expect(tuple?.checkpoint.channel_values).toEqual({ big, small: "tiny", bytes });
      expect(tuple?.pendingWrites).toEqual([["task", "big", big]]);
    },
  );
});
