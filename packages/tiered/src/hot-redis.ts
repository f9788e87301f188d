import type { RedisClient } from "@checkpointkit/redis";
import { mapRedisError } from "@checkpointkit/redis/internal";

/**
 * The Redis client of the hot tier as the tiered package uses it outside `RedisSaver` (the
 * outbox, the sweeper, WAIT/WAITAOF, the flusher's record reads):
 * - every call goes through `call`, whose failures are mapped by the Redis package's own error
 *   mapping (`mapRedisError`), so the flusher decides retry or dead-letter by error type;
 * - while `listen()`ed, it listens to the client's `error` events. Without a listener ioredis
 *   prints "[ioredis] Unhandled error event" for every refused login or reconnect attempt of a
 *   client made as in the README. The error is remembered (it says why a command was
 *   rejected with ioredis's generic "max retries" error) and handed, typed, to `report`.
 */
export class HotRedis {
  #lastConnectionError: unknown;
  #listening = false;
  readonly #onError = (error: unknown): void => {
    this.#lastConnectionError = error;
    this.report(mapRedisError(error, "Redis connection"));
  };
  readonly #onReady = (): void => {
    this.#lastConnectionError = undefined;
  };

  constructor(
    readonly client: RedisClient,
    /** Where the client's own `error` events go, typed (the owner's `error` event). */
    private readonly report: (error: Error) => void,
  ) {}

  /** Why the client's last connection failed, while it has not connected again since. */
  get lastConnectionError(): unknown {
    return this.#lastConnectionError;
  }

  /** Starts listening to the client's `error` events (idempotent). */
  listen(): void {
    if (this.#listening) return;
    this.#listening = true;
    this.client.on("error", this.#onError);
    this.client.on("ready", this.#onReady);
  }

  /** Stops listening: the client is yours again, as it was before. */
  release(): void {
    if (!this.#listening) return;
    this.#listening = false;
    this.client.off("error", this.#onError);
    this.client.off("ready", this.#onReady);
  }

  /** Runs `send`; a failure rejects with core's typed error for it. */
  async call<T>(operation: string, send: (client: RedisClient) => Promise<T>): Promise<T> {
    try {
      return await send(this.client);
    } catch (error) {
      throw mapRedisError(error, operation, this.#lastConnectionError);
    }
  }
}
