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
  if (client.status === "end") return;
  // Mid-handshake, cutting the socket makes ioredis treat the failed handshake as fatal and
  // arm a reconnect's 2 s disconnect timer that nothing clears: let the handshake finish.
  if (client.status === "connect") await firstEvent(client, ["ready", "close"], timeoutMs);
  // A client that is not connected has nothing to flush; QUIT would wait for a reconnect.
  if (client.status !== "ready") {
    await dropUnreadyConnection(client, timeoutMs);
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

/**
 * Ends a client whose connection is not ready. Its socket, while still being set up, is not
 * read yet: the graceful end that `disconnect()` starts would never see the server's reply
 * and would keep the process alive until ioredis destroys the socket, 2 s later. Nothing on
 * it is worth flushing (no command was sent yet), so it is destroyed at once.
 */
async function dropUnreadyConnection(client: RedisClient, timeoutMs: number): Promise<void> {
  client.disconnect();
  (client as { stream?: { destroy(): void } }).stream?.destroy();
  if (client.status !== "end") await firstEvent(client, ["end"], timeoutMs);
}

/** Resolves on the first of `events`, or after `timeoutMs` (a timer that never holds the process). */
async function firstEvent(
  client: RedisClient,
  events: readonly string[],
  timeoutMs: number,
): Promise<void> {
  let settle = () => {};
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });
  const timer = setTimeout(settle, timeoutMs);
  timer.unref();
  for (const event of events) client.once(event, settle);
  await settled;
  clearTimeout(timer);
  for (const event of events) client.off(event, settle);
}
