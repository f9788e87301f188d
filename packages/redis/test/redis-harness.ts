import type { SaverHarness } from "@checkpointkit/conformance";
import { type RedisClient, RedisSaver } from "../src/index.js";
import { freshKeyPrefix } from "./redis-test-saver.js";

/**
 * A conformance harness over one shared client: each `create()` gets a fresh key prefix, so
 * specs never see each other's data.
 */
export function redisHarness(
  name: string,
  connect: () => Promise<{ client: RedisClient; release(): Promise<void> }>,
  beforeAllTimeoutMs?: number,
): SaverHarness<RedisSaver> {
  let connection: { client: RedisClient; release(): Promise<void> } | undefined;
  return {
    name,
    beforeAllTimeoutMs,
    async beforeAll() {
      connection = await connect();
    },
    async afterAll() {
      await connection?.release();
    },
    async create(options?: { ttlSeconds?: number }): Promise<RedisSaver> {
      if (connection === undefined) throw new Error(`${name}: not connected`);
      return new RedisSaver({
        client: connection.client,
        keyPrefix: freshKeyPrefix(),
        ttlSeconds: options?.ttlSeconds,
      });
    },
  };
}
