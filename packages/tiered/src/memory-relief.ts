import type { RedisKeyLayout } from "@checkpointkit/redis";
import type { HotRedis } from "./hot-redis.js";
import { sweepFlushedThreads } from "./hot-sweeper.js";
import { isRedisOutOfMemory } from "./redis-out-of-memory.js";

/**
 * Makes room in a Redis at `maxmemory`: drops every thread whose writes are all in the cold
 * tier already (none of its entries left in the outbox), whatever its age — the cold tier
 * keeps serving them, and a read copies the latest back. One sweep at a time; callers
 * arriving meanwhile share it.
 */
export class MemoryRelief {
  #running: Promise<number> | undefined;

  constructor(
    private readonly redis: HotRedis,
    private readonly keyLayout: RedisKeyLayout,
  ) {}

  /**
   * Runs a hot write; when Redis is out of memory, once more after `relieve()`, if that
   * dropped anything.
   */
  async writeMakingRoom<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (!isRedisOutOfMemory(error)) throw error;
      const dropped = await this.relieve().catch(() => 0);
      if (dropped === 0) throw error;
      return write();
    }
  }

  /** Resolves with the number of threads dropped from Redis. */
  relieve(): Promise<number> {
    this.#running ??= sweepFlushedThreads(this.redis, this.keyLayout, 0).finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }
}
