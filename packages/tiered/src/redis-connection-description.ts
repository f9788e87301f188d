import type { RedisClient } from "@checkpointkit/redis";
import { isClusterClient } from "./cluster-client.js";
import { copyPlainSettings, type PlainSettings, type SettingsRefusal } from "./plain-settings.js";

/**
 * How to open, in another thread, a connection like your Redis client's: the ioredis options
 * of the client (`client.options`), plain data only. It holds the password: it is handed to
 * the flusher's worker thread and never logged or put in an error.
 */
export interface RedisConnectionDescription {
  options: PlainSettings;
}

/**
 * ioredis fills these with its own default functions; the copy drops them and ioredis
 * fills them again in the worker. A client given custom ones reconnects a little
 * differently in the worker (with ioredis's defaults).
 */
const DEFAULTED_FUNCTIONS: ReadonlySet<string> = new Set([
  "retryStrategy",
  "sentinelRetryStrategy",
  "sentinelReconnectStrategy",
  "reconnectOnError",
  "Connector",
]);

/** The client's description, or why it has none (a Cluster client, a custom socket). */
export function describeRedisClient(
  client: RedisClient,
): { description: RedisConnectionDescription } | SettingsRefusal {
  if (isClusterClient(client)) {
    return { refused: "the Redis client is a Cluster client" };
  }
  const options = (client as { options?: unknown }).options;
  if (typeof options !== "object" || options === null) {
    return { refused: "the Redis client has no ioredis options" };
  }
  const copy = copyPlainSettings(options as Record<string, unknown>, DEFAULTED_FUNCTIONS);
  if ("refused" in copy) return { refused: `the Redis client: ${copy.refused}` };
  return { description: { options: copy.settings } };
}
