import { InvalidConfigError } from "@checkpointkit/core";
import type { Redis } from "ioredis";

/** What Redis (and Valkey) answer to SELECT of a database the server does not have. */
const NO_SUCH_DATABASE = /DB index is out of range|invalid DB index/i;

/**
 * Holds the saver's commands back until the current connection has selected the URL's
 * database. ioredis selects it on every connect, but when that SELECT fails it only emits an
 * 'error' event and goes on in database 0, where the saver's writes would land. So the gate
 * selects the database itself on each new connection and lets commands through only on the
 * connection that answered OK; a server without that database fails every call with
 * `InvalidConfigError`, before anything is written. One SELECT per connection, not per call.
 */
export class DatabaseGate {
  #selectedOn: unknown;
  #selecting: Promise<void> | undefined;

  constructor(
    private readonly client: Redis,
    readonly database: number,
  ) {}

  /** Resolves once the connection commands would go out on has the database selected. */
  async open(): Promise<void> {
    while (!this.#isOpen()) {
      this.#selecting ??= this.#select().finally(() => {
        this.#selecting = undefined;
      });
      await this.#selecting;
    }
  }

  #isOpen(): boolean {
    return this.client.status === "ready" && this.#selectedOn === this.client.stream;
  }

  async #select(): Promise<void> {
    try {
      await this.client.select(this.database);
    } catch (error) {
      if (error instanceof Error && NO_SUCH_DATABASE.test(error.message)) {
        throw new InvalidConfigError(
          `Redis has no database ${this.database}: the server's "databases" setting is lower than the URL's /${this.database} or the client's db option, so nothing was written`,
          { field: "db", cause: error },
        );
      }
      throw error;
    }
    // The reply came over the current connection only if it is still the ready one; a SELECT
    // answered during the handshake is repeated once the connection is ready.
    if (this.client.status === "ready") this.#selectedOn = this.client.stream;
  }
}
