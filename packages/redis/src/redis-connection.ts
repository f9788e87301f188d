import { InvalidConfigError } from "@checkpointkit/core";
import { Redis } from "ioredis";
import { withDeadline } from "./redis-errors.js";
import {
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  type RedisClient,
  type RedisSaverFromUrlOptions,
} from "./redis-saver-options.js";

/** Longest pause between two reconnect attempts, in milliseconds. */
const MAX_RECONNECT_DELAY_MS = 1_000;

/**
 * The client `RedisSaver.fromUrl` owns. `redis://` and `rediss://` (TLS) URLs, with
 * username/password (ACL) and database number taken from the URL by ioredis. It keeps
 * reconnecting in the background (so a restarted server is picked up by the next call), but
 * a command waits for at most one reconnect attempt and `commandTimeoutMs`, instead of
 * ioredis' default of 20 attempts.
 */
export function createOwnedClient(url: string, options: RedisSaverFromUrlOptions): Redis {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch (error) {
    // The URL itself is not repeated: it may hold a password.
    throw new InvalidConfigError("fromUrl needs a redis:// or rediss:// URL", {
      field: "url",
      cause: error,
    });
  }
  if (protocol !== "redis:" && protocol !== "rediss:") {
    throw new InvalidConfigError(`fromUrl needs a redis:// or rediss:// URL, got ${protocol}//`, {
      field: "url",
    });
  }
  const client = new Redis(url, {
    ...options.redisOptions,
    connectTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt: number) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
    ...(protocol === "rediss:" && options.redisOptions?.tls === undefined ? { tls: {} } : {}),
  });
  // Connection errors reach callers through the failed commands; without a listener ioredis
  // would print every failed reconnect attempt.
  client.on("error", () => {});
  return client;
}

/** Quits a client the saver owns, waiting (at most `timeoutMs`) until its socket is closed. */
export async function closeOwnedClient(client: RedisClient, timeoutMs: number): Promise<void> {
  // A client that is not connected has nothing to flush; QUIT would wait for a reconnect.
  if (client.status !== "ready") {
    client.disconnect();
    return;
  }
  // QUIT answers before the socket is closed; wait for the end so nothing outlives close().
  const ended = new Promise<void>((resolve) => client.once("end", () => resolve()));
  try {
    await withDeadline("close", timeoutMs, async () => {
      await client.quit();
      await ended;
    });
  } catch {
    client.disconnect();
  }
}
