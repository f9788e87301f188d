import type { StoreCreateOptions, StoreHarness } from "@checkpointkit/conformance";
import type { RedisClient } from "../src/index.js";
import { RedisStore } from "../src/store/index.js";
import { freshKeyPrefix } from "./redis-test-saver.js";

/**
 * A store conformance harness over one shared client: each `create()` gets a fresh key
 * prefix, so specs that count namespaces see an empty keyspace of their own.
 */
export function redisStoreHarness(
  name: string,
  connect: () => Promise<{ client: RedisClient; release(): Promise<void> }>,
  beforeAllTimeoutMs?: number,
): StoreHarness<RedisStore> {
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
    async create(options?: StoreCreateOptions): Promise<RedisStore> {
      if (connection === undefined) throw new Error(`${name}: not connected`);
      return new RedisStore({
        client: connection.client,
        keyPrefix: freshKeyPrefix("store"),
        ttlSeconds: options?.ttlSeconds,
        index: options?.index,
      });
    },
  };
}
