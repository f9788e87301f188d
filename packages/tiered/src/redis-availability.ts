import { BackendUnavailableError, InvalidConfigError } from "@checkpointkit/core";
import type { RedisClient } from "@checkpointkit/redis";
import { mapRedisError } from "@checkpointkit/redis/internal";
import type { HotRedis } from "./hot-redis.js";

/**
 * ioredis states in which the client has lost its connection and is trying to get it back
 * (or gave up). A command sent then waits in the offline queue for up to
 * `maxRetriesPerRequest` reconnection attempts (20 by default: 5-10 s), or until
 * `commandTimeoutMs`: the tiered saver answers at once instead.
 */
const DISCONNECTED = new Set(["reconnecting", "close", "end"]);

function statusOf(client: RedisClient): unknown {
  return (client as { status?: unknown }).status;
}

/** True while the client knows it has no connection to Redis. */
export function redisLooksDown(client: RedisClient): boolean {
  const status = statusOf(client);
  return typeof status === "string" && DISCONNECTED.has(status);
}

/**
 * Throws at once while the client has no connection to Redis: `InvalidConfigError` when the
 * connection was lost to a refused login (the cold tier must not stand in for a typo),
 * `BackendUnavailableError` otherwise.
 */
export function assertRedisConnected(redis: HotRedis, operation: string): void {
  if (!redisLooksDown(redis.client)) return;
  const misconfigured = misconfigurationBehind(redis, operation);
  if (misconfigured !== undefined) throw misconfigured;
  throw new BackendUnavailableError(
    `${operation}: the Redis client has no connection (status ${String(statusOf(redis.client))})`,
    { backend: "redis" },
  );
}

/**
 * The configuration error behind Redis looking down, if that is why: a refused login or a
 * missing database. The cold tier must not stand in for Redis then — a typo would go unseen
 * until the cold tier's bill or a lost hot path told.
 */
export function misconfigurationBehind(
  redis: HotRedis,
  operation: string,
): InvalidConfigError | undefined {
  const why = redis.lastConnectionError;
  if (why === undefined) return undefined;
  const mapped = mapRedisError(why, operation);
  return InvalidConfigError.isInstance(mapped) ? mapped : undefined;
}
