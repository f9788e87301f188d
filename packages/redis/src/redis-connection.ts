import { BackendUnavailableError, InvalidConfigError } from "@checkpointkit/core";
import { withDeadline } from "@checkpointkit/core/internal";
import { Redis } from "ioredis";
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  type RedisClient,
  type RedisSaverFromUrlOptions,
} from "./redis-saver-options.js";

/** Longest pause between two reconnect attempts, in milliseconds. */
const MAX_RECONNECT_DELAY_MS = 1_000;

/** The client `RedisSaver.fromUrl` owns, and the database its URL names. */
export interface OwnedClient {
  client: Redis;
  database: number;
}

/**
 * The client `RedisSaver.fromUrl` owns. `redis://` and `rediss://` (TLS) URLs, with
 * username/password (ACL) and database number taken from the URL by ioredis. It keeps
 * reconnecting in the background (so a restarted server is picked up by the next call), but
 * a command waits for at most one reconnect attempt and the saver's deadline, instead of
 * ioredis' default of 20 attempts. Commands in flight on a connection that drops are
 * rejected, not resent on the next connection: that one might not have the database selected.
 */
export function createOwnedClient(url: string, options: RedisSaverFromUrlOptions): OwnedClient {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    // The URL itself is not repeated: it may hold a password.
    throw new InvalidConfigError("fromUrl needs a redis:// or rediss:// URL", {
      field: "url",
      cause: error,
    });
  }
  const protocol = parsed.protocol;
  if (protocol !== "redis:" && protocol !== "rediss:") {
    throw new InvalidConfigError(`fromUrl needs a redis:// or rediss:// URL, got ${protocol}//`, {
      field: "url",
    });
  }
  const database = options.redisOptions?.db ?? databaseOf(parsed);
  const client = new Redis(url, {
    ...options.redisOptions,
    db: database,
    connectTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (attempt: number) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
    ...(protocol === "rediss:" && options.redisOptions?.tls === undefined ? { tls: {} } : {}),
  });
  return { client, database };
}

/** The database number of a `redis://host/<n>` URL; 0 without one. */
function databaseOf(url: URL): number {
  const path = url.pathname.replace(/^\//, "");
  if (path === "") return 0;
  const database = Number(path);
  if (!/^\d+$/.test(path) || !Number.isSafeInteger(database)) {
    throw new InvalidConfigError(
      `the URL's path must be a database number (redis://host:port/<n>), got /${path}`,
      { field: "url" },
    );
  }
  return database;
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
    await withDeadline(
      async () => {
        await client.quit();
        await ended;
      },
      {
        timeoutMs,
        onTimeout: () =>
          new BackendUnavailableError(`close: Redis did not answer QUIT within ${timeoutMs} ms`, {
            backend: "redis",
          }),
      },
    );
  } catch {
    client.disconnect();
  }
}
