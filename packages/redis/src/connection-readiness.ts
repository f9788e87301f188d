import type { Redis } from "ioredis";
import { describeConnectionFailure, isAuthenticationFailure } from "./connection-failure.js";

/** The error a command gets when the client was closed for good. */
const CONNECTION_CLOSED = "Connection is closed.";

interface Waiter {
  promise: Promise<void>;
  settle(error?: unknown): void;
}

/**
 * Lets the owned client's commands wait for a ready connection themselves instead of in
 * ioredis's offline queue. ioredis rejects queued commands after `maxRetriesPerRequest`
 * failed connections, counting also a connection the saver dropped because its handshake
 * never completed; so after a network blackhole heals, a command queued on the dead
 * connection would fail although the next connection works. Here a waiting command goes out
 * once a connection is ready, and fails at once when a connection attempt is refused, cannot
 * resolve the host or is denied login (each reported by ioredis as an 'error' event); the
 * saver's deadline bounds the wait in every other case.
 */
export class ConnectionReadiness {
  #waiter: Waiter | undefined;

  constructor(private readonly client: Redis) {
    client.on("ready", () => this.#settle());
    client.on("error", (error: unknown) => {
      if (endsConnectionAttempt(error)) this.#settle(error);
    });
    client.on("end", () => this.#settle(new Error(CONNECTION_CLOSED)));
  }

  /** Resolves when the client is ready; rejects with the next failed connection attempt. */
  async untilReady(): Promise<void> {
    if (this.client.status === "ready") return;
    if (this.client.status === "end") throw new Error(CONNECTION_CLOSED);
    // `redisOptions: { lazyConnect: true }`: nothing else would ever open the connection.
    if (this.client.status === "wait") this.client.connect().catch(() => {});
    this.#waiter ??= newWaiter();
    await this.#waiter.promise;
  }

  #settle(error?: unknown): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.settle(error);
  }
}

function endsConnectionAttempt(error: unknown): boolean {
  return describeConnectionFailure(error) !== undefined || isAuthenticationFailure(error);
}

function newWaiter(): Waiter {
  let settle: (error?: unknown) => void = () => {};
  const promise = new Promise<void>((resolve, reject) => {
    settle = (error) => (error === undefined ? resolve() : reject(error));
  });
  // Nobody may be waiting any more when it settles (their deadline passed).
  promise.catch(() => {});
  return { promise, settle };
}
