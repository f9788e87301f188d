import type { RedisKeyLayout } from "@checkpointkit/redis";
import { isClusterClient } from "./cluster-client.js";
import type { ColdTier } from "./cold-tier.js";
import type { HotRedis } from "./hot-redis.js";
import { isRedisOutOfMemory } from "./redis-out-of-memory.js";

/**
 * A record in Redis of the threads the cold tier may hold that Redis does not: every thread
 * the sweeper (or memory relief) removes from Redis is added to its shard's `cold-only` set
 * before its keys are deleted. Any other thread the cold tier holds is in Redis too, because
 * the cold tier only receives what was flushed from Redis. So a thread that is neither in
 * Redis nor in the set is new, and its first `getTuple` needs no cold read, provided the
 * record is complete. Each shard's `cold-record` marker says it is: it holds the Redis
 * server's `run_id` of when the record started, and is written only when the cold tier was
 * empty. Anything that can make Redis forget part of the record makes the marker disagree
 * or vanish, and reads then ask the cold tier as before:
 * - a restart or failover (a snapshot may be older than the last sweep): the `run_id` differs;
 * - FLUSHALL, a lost server: the marker is gone;
 * - a sweep that could not record (Redis out of memory): it deletes the shard's marker first.
 * Not used on Redis Cluster (one `run_id` per node) nor with `whenRedisUnavailable:
 * "write-through"` (writes then reach the cold tier without Redis).
 */
export class ColdThreadRecord {
  constructor(
    private readonly redis: HotRedis,
    private readonly keyLayout: RedisKeyLayout,
  ) {}

  /** `<prefix>{<shard>}:cold-only`: SET of thread ids removed from Redis, still in the cold tier. */
  coldOnlyKey(shard: number): string {
    return `${this.keyLayout.keyPrefix}${this.keyLayout.hashTag(shard)}:cold-only`;
  }

  /** `<prefix>{<shard>}:cold-record`: the `run_id` under which the shard's record is complete. */
  markerKey(shard: number): string {
    return `${this.keyLayout.keyPrefix}${this.keyLayout.hashTag(shard)}:cold-record`;
  }

  /**
   * True only when the record proves the cold tier holds nothing of the thread: one round
   * trip (MULTI: the server's run_id, the marker, the thread's membership). Any doubt, a
   * Redis error included, is false: the caller asks the cold tier.
   */
  async provesAbsentFromCold(threadId: string): Promise<boolean> {
    if (isClusterClient(this.redis.client)) return false;
    const shard = this.keyLayout.shardOf(threadId);
    try {
      const replies = await this.redis.call("cold record check", (client) =>
        client
          .multi()
          .info("server")
          .get(this.markerKey(shard))
          .sismember(this.coldOnlyKey(shard), threadId)
          .exec(),
      );
      if (replies === null || replies.some(([error]) => error !== null)) return false;
      const [info, marker, member] = replies.map(([, reply]) => reply);
      const runId = readRunId(String(info));
      return runId !== undefined && marker === runId && Number(member) === 0;
    } catch {
      return false;
    }
  }

  /**
   * Starts the record where that is safe: every shard's marker is set to the server's run_id
   * when the cold tier holds no checkpoint at all (one list query). A record already
   * complete is left alone. Never throws: without a record, reads ask the cold tier.
   */
  async start(cold: ColdTier): Promise<void> {
    if (isClusterClient(this.redis.client)) return;
    try {
      const shards = this.keyLayout.shards();
      const markerKeys = shards.map((shard) => this.markerKey(shard));
      const runId = readRunId(await this.redis.call("cold record start", (c) => c.info("server")));
      if (runId === undefined) return;
      const markers = await this.redis.call("cold record start", (c) => c.mget(...markerKeys));
      if (markers.every((marker) => marker === runId)) return;
      const first = await cold.list({ configurable: {} }, { limit: 1 }).next();
      if (first.done !== true) return;
      const pairs = markerKeys.flatMap((key) => [key, runId]);
      await this.redis.call("cold record start", (c) => c.mset(...pairs));
    } catch {
      // No record: reads ask the cold tier, as without one.
    }
  }

  /** Ends the record (every shard): reads ask the cold tier from now on. */
  async stop(): Promise<void> {
    if (isClusterClient(this.redis.client)) return;
    const markerKeys = this.keyLayout.shards().map((shard) => this.markerKey(shard));
    await this.redis.call("cold record stop", (client) => client.del(...markerKeys));
  }

  /**
   * Records that the thread is about to leave Redis while the cold tier keeps it. Resolves
   * false when neither the record nor the end of the shard's record could be written: the
   * thread must then stay in Redis.
   */
  async beforeRemoval(threadId: string): Promise<boolean> {
    const shard = this.keyLayout.shardOf(threadId);
    try {
      await this.redis.call("cold record", (c) => c.sadd(this.coldOnlyKey(shard), threadId));
      return true;
    } catch (error) {
      if (!isRedisOutOfMemory(error)) return false;
      // Out of memory: the record cannot grow, so it ends for this shard (DEL is allowed).
      try {
        await this.redis.call("cold record", (c) => c.del(this.markerKey(shard)));
        return true;
      } catch {
        return false;
      }
    }
  }
}

/** The `run_id` line of `INFO server`: changes with every start of the server. */
function readRunId(info: string): string | undefined {
  return /^run_id:([0-9a-f]+)\r?$/m.exec(info)?.[1];
}
