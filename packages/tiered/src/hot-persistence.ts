import { BackendUnavailableError, InvalidConfigError } from "@checkpointkit/core";
import type { HotRedis } from "./hot-redis.js";

type AofMode = "fsync-always" | "waitaof";

/**
 * Confirms that a write Redis already executed is persisted (`aof`) or replicated
 * (`replicated`). Both run on the client's connection right after the write, which WAIT and
 * WAITAOF require (they wait for the connection's own last write); on a Cluster client the
 * command may reach another node, so these levels need a standalone or sentinel client.
 */
export class HotPersistence {
  #aofMode: Promise<AofMode> | undefined;

  constructor(
    private readonly redis: HotRedis,
    private readonly replicas: number,
    private readonly timeoutMs: number,
  ) {}

  async confirmAof(): Promise<void> {
    this.#aofMode ??= this.#detectAofMode();
    let mode: AofMode;
    try {
      mode = await this.#aofMode;
    } catch (error) {
      this.#aofMode = undefined;
      throw error;
    }
    // With `appendfsync always` Redis fsyncs before it replies: the write is on disk already.
    if (mode === "fsync-always") return;
    const reply = (await this.redis.call("aof acknowledgement", (client) =>
      client.call("WAITAOF", 1, 0, this.timeoutMs),
    )) as [number, number];
    if (Number(reply?.[0]) < 1) {
      throw new BackendUnavailableError(
        `Redis did not fsync the write to its AOF within ${this.timeoutMs} ms (it is in memory)`,
        { backend: "redis" },
      );
    }
  }

  async confirmReplicated(): Promise<void> {
    const acknowledged = Number(
      await this.redis.call("replicated acknowledgement", (client) =>
        client.call("WAIT", this.replicas, this.timeoutMs),
      ),
    );
    if (acknowledged < this.replicas) {
      throw new BackendUnavailableError(
        `${acknowledged} of ${this.replicas} Redis replicas acknowledged the write within ${this.timeoutMs} ms (it is on the primary)`,
        { backend: "redis" },
      );
    }
  }

  async #detectAofMode(): Promise<AofMode> {
    try {
      const [, appendOnly] = (await this.redis.client.call(
        "CONFIG",
        "GET",
        "appendonly",
      )) as string[];
      const [, appendFsync] = (await this.redis.client.call(
        "CONFIG",
        "GET",
        "appendfsync",
      )) as string[];
      if (appendOnly === "yes" && appendFsync === "always") return "fsync-always";
    } catch {
      // CONFIG is often disabled on managed Redis; WAITAOF may still be there.
    }
    try {
      await this.redis.client.call("WAITAOF", 0, 0, 1);
      return "waitaof";
    } catch (error) {
      throw new InvalidConfigError(
        'acknowledgement "aof" needs Redis with `appendonly yes` and `appendfsync always`, or Redis ≥ 7.2 (WAITAOF) with the AOF on',
        { field: "acknowledgement", cause: error },
      );
    }
  }
}
