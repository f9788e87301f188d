import { externalTestServer } from "./external-test-server.js";
import type { RedisServerOptions } from "./redis-server-options.js";
import { startRedisServer } from "./start-redis-server.js";
import type { TestServer } from "./test-server.js";

/**
 * The Redis server a test should use: the one `REDIS_URL` names (external, never stopped),
 * else a private `redis-server` started with `options`. Tests that kill or restart Redis call
 * `startRedisServer()` instead, since they need a server of their own.
 */
export async function redis(options: RedisServerOptions = {}): Promise<TestServer> {
  const url = process.env.REDIS_URL;
  if (url !== undefined && url !== "") return externalTestServer(url);
  return startRedisServer(options);
}
