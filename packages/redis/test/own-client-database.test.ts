import { InvalidConfigError } from "@checkpointkit/core";
import { Redis } from "ioredis";
import { RedisSaver } from "../src/index.js";
import { LOOP_METADATA, makeCheckpoint, threadConfig, versionsOf } from "./fixtures.js";
import { freshKeyPrefix, newClient, sharedRedisUrl } from "./redis-test-saver.js";

describe("your own client configured for a database the server does not have", () => {
  it("every call rejects with InvalidConfigError and nothing lands in database 0", async () => {
    const client = new Redis(sharedRedisUrl(), { db: 99, maxRetriesPerRequest: 1 });
    // ioredis reports the failed SELECT only as an 'error' event: that is yours to listen to.
    client.on("error", () => {});
    const inDatabaseZero = newClient();
    const keyPrefix = freshKeyPrefix("db99");
    try {
      const saver = new RedisSaver({ client, keyPrefix });
      const checkpoint = makeCheckpoint({ a: 1 });
      const thread = threadConfig();
      const put = await saver
        .put(thread, checkpoint, LOOP_METADATA, versionsOf(checkpoint))
        .catch((error: unknown) => error);
      expect(InvalidConfigError.isInstance(put)).toBe(true);
      expect((put as Error).message).toContain("no database 99");
      const read = await saver.getTuple(thread).catch((error: unknown) => error);
      expect(InvalidConfigError.isInstance(read)).toBe(true);
      expect(await inDatabaseZero.keys(`${keyPrefix}*`)).toEqual([]);
    } finally {
      client.disconnect();
      inDatabaseZero.disconnect();
    }
  });
});
