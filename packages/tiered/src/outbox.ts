import { encodeKeyPart } from "@checkpointkit/core";
import type { RedisKeyLayout, RedisOutboxEntry } from "@checkpointkit/redis";
import { OUTBOX_SCRIPTS, parseOutboxEntry } from "@checkpointkit/redis/internal";
import type { HotRedis } from "./hot-redis.js";

/** The consumer group every flusher of one key prefix joins. */
export const DEFAULT_CONSUMER_GROUP = "checkpointkit-flushers";

type StreamReply = [id: string, fields: string[]][];

/**
 * The outbox streams of one saver's key layout, read through one consumer group. Every
 * method rejects with core's typed errors (see `HotRedis`).
 */
export class OutboxStreams {
  readonly #knownGroups = new Set<string>();

  constructor(
    readonly redis: HotRedis,
    readonly keyLayout: RedisKeyLayout,
    readonly group: string = DEFAULT_CONSUMER_GROUP,
  ) {}

  streamKey(shard: number): string {
    return this.keyLayout.shardKeys(shard).outbox;
  }

  /** `<prefix>{<shard>}:<stream>-dead`: same hash slot as the shard's outbox. */
  deadLetterKey(shard: number): string {
    return `${this.streamKey(shard)}${encodeKeyPart("-dead")}`;
  }

  /** Creates the group (reading from the stream's start) unless it exists. */
  ensureGroup(shard: number): Promise<void> {
    return this.redis.call("outbox group creation", () => this.#ensureGroup(shard));
  }

  async #ensureGroup(shard: number): Promise<void> {
    const key = this.streamKey(shard);
    if (this.#knownGroups.has(key)) return;
    try {
      await this.redis.client.xgroup("CREATE", key, this.group, "0", "MKSTREAM");
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith("BUSYGROUP"))) throw error;
    }
    this.#knownGroups.add(key);
  }

  /** New entries of the shard for `consumer` (XREADGROUP `>`), oldest first. */
  async readNew(shard: number, consumer: string, count: number): Promise<OutboxRead> {
    const key = this.streamKey(shard);
    const reply = await this.#withGroup("outbox read", shard, (client) =>
      client.xreadgroup("GROUP", this.group, consumer, "COUNT", count, "STREAMS", key, ">"),
    );
    const streams = (reply ?? []) as [string, StreamReply][];
    return parseEntries(key, streams[0]?.[1] ?? []);
  }

  /**
   * New entries of several shards for `consumer` in ONE XREADGROUP naming every shard's
   * stream (at most `count` per shard), by shard. Only on a standalone Redis: the streams hash
   * to different slots, which a Redis Cluster refuses in one command.
   */
  async readNewOfShards(
    shards: readonly number[],
    consumer: string,
    count: number,
  ): Promise<Map<number, OutboxRead>> {
    const keys = shards.map((shard) => this.streamKey(shard));
    const shardOfKey = new Map(keys.map((key, index) => [key, shards[index]!]));
    const read = (client: HotRedis["client"]) =>
      client.xreadgroup(
        "GROUP",
        this.group,
        consumer,
        "COUNT",
        count,
        "STREAMS",
        ...keys,
        ...keys.map(() => ">"),
      );
    const reply = await this.redis.call("outbox read", async (client) => {
      await Promise.all(shards.map((shard) => this.#ensureGroup(shard)));
      try {
        return await read(client);
      } catch (error) {
        if (!(error instanceof Error && error.message.startsWith("NOGROUP"))) throw error;
        // Some stream lost its group (see `#withGroup`): all are checked again, read once more.
        for (const key of keys) this.#knownGroups.delete(key);
        await Promise.all(shards.map((shard) => this.#ensureGroup(shard)));
        return read(client);
      }
    });
    const byShard = new Map<number, OutboxRead>();
    for (const [key, items] of (reply ?? []) as [string, StreamReply][]) {
      const shard = shardOfKey.get(key);
      if (shard !== undefined) byShard.set(shard, parseEntries(key, items));
    }
    return byShard;
  }

  /**
   * Takes over entries another consumer read but did not acknowledge for `minIdleMs` (a dead
   * or stuck flusher). Entries deleted meanwhile are only acknowledged.
   */
  async claimIdle(
    shard: number,
    consumer: string,
    minIdleMs: number,
    count: number,
  ): Promise<OutboxRead> {
    const key = this.streamKey(shard);
    const reply = (await this.#withGroup("outbox claim", shard, (client) =>
      client.xautoclaim(key, this.group, consumer, minIdleMs, "0-0", "COUNT", count),
    )) as [string, StreamReply, string[]?];
    const deleted = reply[2] ?? [];
    if (deleted.length > 0) {
      await this.redis.call("outbox claim", (client) => client.xack(key, this.group, ...deleted));
    }
    return parseEntries(key, reply[1] ?? []);
  }

  async ackAndDelete(shard: number, entryIds: readonly string[]): Promise<void> {
    if (entryIds.length === 0) return;
    await this.redis.call("outbox acknowledgement", (client) =>
      OUTBOX_SCRIPTS.ackAndDelete.run(client, [this.streamKey(shard)], [this.group, ...entryIds]),
    );
  }

  /** Moves an entry (or a foreign one, given by id) to the shard's dead-letter stream. */
  async deadLetter(
    shard: number,
    entry: RedisOutboxEntry | { entryId: string },
    reason: string,
    attempts: number,
  ): Promise<void> {
    const described =
      "kind" in entry
        ? [
            "kind",
            entry.kind,
            "thread",
            entry.threadId,
            "ns",
            entry.checkpointNs,
            "checkpoint",
            entry.checkpointId,
            "task",
            entry.taskId,
          ]
        : ["kind", "foreign"];
    const fields = [
      "entry",
      entry.entryId,
      ...described,
      "attempts",
      String(attempts),
      "error",
      reason,
    ];
    await this.redis.call("dead letter", (client) =>
      OUTBOX_SCRIPTS.deadLetter.run(
        client,
        [this.streamKey(shard), this.deadLetterKey(shard)],
        [this.group, entry.entryId, ...fields],
      ),
    );
  }

  /** The shard's oldest entries up to `lastEntryId` (inclusive), at most `count` (XRANGE). */
  async readUpTo(shard: number, lastEntryId: string, count: number): Promise<OutboxRead> {
    const key = this.streamKey(shard);
    const reply = (await this.redis.call("outbox read", (client) =>
      client.xrange(key, "-", lastEntryId, "COUNT", count),
    )) as StreamReply;
    return parseEntries(key, reply);
  }

  /** Id of the newest entry of the shard, or undefined when the stream is empty. */
  async newestEntryId(shard: number): Promise<string | undefined> {
    const reply = (await this.redis.call("outbox read", (client) =>
      client.xrevrange(this.streamKey(shard), "+", "-", "COUNT", 1),
    )) as StreamReply;
    return reply[0]?.[0];
  }

  /** Id of the oldest entry of the shard (the oldest not yet flushed), if any. */
  async oldestEntryId(shard: number): Promise<string | undefined> {
    const reply = (await this.redis.call("outbox read", (client) =>
      client.xrange(this.streamKey(shard), "-", "+", "COUNT", 1),
    )) as StreamReply;
    return reply[0]?.[0];
  }

  async length(shard: number): Promise<number> {
    return Number(
      await this.redis.call("outbox length", (client) => client.xlen(this.streamKey(shard))),
    );
  }

  /**
   * A stream can lose its group (Redis restarted without persistence, or the stream was
   * deleted): the group is created again and the read retried once.
   */
  #withGroup<T>(
    operation: string,
    shard: number,
    read: (client: HotRedis["client"]) => Promise<T>,
  ): Promise<T> {
    return this.redis.call(operation, async (client) => {
      await this.#ensureGroup(shard);
      try {
        return await read(client);
      } catch (error) {
        if (!(error instanceof Error && error.message.startsWith("NOGROUP"))) throw error;
        this.#knownGroups.delete(this.streamKey(shard));
        await this.#ensureGroup(shard);
        return read(client);
      }
    });
  }
}

/** Entries read from one shard; `foreignIds` are entries the Redis saver did not write. */
export interface OutboxRead {
  entries: RedisOutboxEntry[];
  foreignIds: string[];
}

function parseEntries(streamKey: string, items: StreamReply): OutboxRead {
  const read: OutboxRead = { entries: [], foreignIds: [] };
  for (const [entryId, fields] of items) {
    // A claimed entry deleted since comes back without fields; the claim acked it.
    if (fields === null) continue;
    const entry = parseOutboxEntry(streamKey, entryId, fields);
    if (entry === undefined) read.foreignIds.push(entryId);
    else read.entries.push(entry);
  }
  return read;
}

/**
 * Identifies an entry across shards: stream ids are unique within one stream only, and two
 * shards can well append an entry in the same millisecond with the same id.
 */
export function entryRef(entry: Pick<RedisOutboxEntry, "streamKey" | "entryId">): string {
  return `${entry.streamKey}\n${entry.entryId}`;
}
