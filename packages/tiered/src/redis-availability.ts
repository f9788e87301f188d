import { BackendUnavailableError } from "@checkpointkit/core";
import type { RedisClient } from "@checkpointkit/redis";

/**
 * ioredis states in which the client has lost its connection and is trying to get it back
 * (or gave up). A command sent then waits in the offline queue for up to
 * `maxRetriesPerRequest` reconnection attempts (20 by default: 5-10 s), or until
 * `commandTimeoutMs`: the tiered saver answers at once instead.
 */
const DISCONNECTED = new Set(["reconnecting", "close", "end"]);

/** True while the client knows it has no connection to Redis. */
export function redisLooksDown(client: RedisClient): boolean {
  const status = (client as { status?: unknown }).status;
  return typeof status === "string" && DISCONNECTED.has(status);
}

/** Throws `BackendUnavailableError` at once while the client has no connection to Redis. */
export function assertRedisConnected(client: RedisClient, operation: string): void {
  if (!redisLooksDown(client)) return;
  throw new BackendUnavailableError(
    `${operation}: the Redis client has no connection (status ${String((client as { status?: unknown }).status)})`,
    { backend: "redis" },
  );
}
