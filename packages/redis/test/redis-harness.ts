import type { SaverHarness } from "@checkpointkit/conformance";
import type { RedisClient, RedisSaver } from "../src/index.js";
import { RedisSaver as Saver } from "../src/index.js";
import { freshKeyPrefix } from "./redis-test-saver.js";

/**
 * A conformance harness over one shared client: each `create()` gets a fresh key prefix, so
 * specs never see each other's data.
 *
 * The cast at the end is needed because @checkpointkit/conformance is CommonJS and sees the
 * CommonJS typings of @langchain/core, while this package sees the ESM ones: the same
 * classes, declared twice, which TypeScript considers different types.
 */
export function redisHarness(
  name: string,
  connect: () => Promise<{ client: RedisClient; release(): Promise<void> }>,
  beforeAllTimeoutMs?: number,
): SaverHarness {
  let connection: { client: RedisClient; release(): Promise<void> } | undefined;
  const harness = {
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
      return new Saver({
        client: connection.client,
        keyPrefix: freshKeyPrefix(),
        ttlSeconds: options?.ttlSeconds,
      });
    },
  };
  return harness as unknown as SaverHarness;
}
