import { encodeKeyPart, InvalidConfigError } from "@checkpointkit/core";

/** Where every key of the saver starts, unless `keyPrefix` says otherwise. */
export const DEFAULT_KEY_PREFIX = "checkpointkit:";

/** Number of hash-tag shards threads are spread over, unless `shardCount` says otherwise. */
export const DEFAULT_SHARD_COUNT = 64;

/** Stream kind of the outbox, unless `outbox.streamName` says otherwise. */
export const DEFAULT_OUTBOX_STREAM_NAME = "outbox";

/** The five keys that hold everything of one thread; together they are the thread. */
export interface RedisThreadKeys {
  /** HASH: encoded namespace → id of the newest checkpoint in it (the O(1) latest pointer). */
  readonly namespaces: string;
  /** ZSET, all scores 0: `<encoded ns>:<checkpoint id>`, so ids sort by bytes within a namespace. */
  readonly checkpointIndex: string;
  /** HASH: `<encoded ns>:<encoded id>` → checkpoint record (checkpoint without values, metadata, parent). */
  readonly checkpoints: string;
  /** HASH: `<encoded ns>:<encoded channel>:<encoded version>` → one channel value, stored once per version. */
  readonly channelValues: string;
  /** HASH: `<ns>:<id>:<task>:<idx>` → pending write, plus `<ns>:<id>` → the list of that checkpoint's writes. */
  readonly writes: string;
}

/** The keys one shard shares between all its threads. */
export interface RedisShardKeys {
  /** ZSET: thread id → epoch milliseconds of its last write (or read, with `refreshTtlOnRead`). */
  readonly threads: string;
  /** STREAM the outbox entries of this shard's threads go to (only written when the outbox is on). */
  readonly outbox: string;
}

export interface RedisKeyLayoutOptions {
  /** @default "checkpointkit:" */
  keyPrefix?: string;
  /** @default 64 */
  shardCount?: number;
  /** @default "outbox" */
  outboxStreamName?: string;
}

/**
 * The key layout of the Redis saver, exported so other packages (the tiered saver) compute
 * exactly the same keys.
 *
 * Every key is `<keyPrefix>{<shard>}:<kind>[:<encoded thread id>]`. The shard is a stable
 * hash of the thread id modulo `shardCount`, and the braces make it the Redis Cluster hash
 * tag: all keys of a thread, its shard's thread index and its shard's outbox stream live in
 * one hash slot, so one Lua script may touch all of them, on a standalone server or a Cluster.
 * User-chosen parts go through core's `encodeKeyPart`, so no id can contain a separator,
 * a glob character or a brace.
 */
export class RedisKeyLayout {
  readonly keyPrefix: string;
  readonly shardCount: number;
  readonly outboxStreamName: string;

  constructor(options: RedisKeyLayoutOptions = {}) {
    this.keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    this.shardCount = options.shardCount ?? DEFAULT_SHARD_COUNT;
    this.outboxStreamName = options.outboxStreamName ?? DEFAULT_OUTBOX_STREAM_NAME;
    if (/[{}]/.test(this.keyPrefix)) {
      throw new InvalidConfigError("keyPrefix must not contain `{` or `}` (Cluster hash tags)", {
        field: "keyPrefix",
      });
    }
    if (!(Number.isInteger(this.shardCount) && this.shardCount >= 1 && this.shardCount <= 16384)) {
      throw new InvalidConfigError(
        `shardCount must be an integer from 1 to 16384, got ${this.shardCount}`,
        { field: "shardCount" },
      );
    }
    if (this.outboxStreamName === "") {
      throw new InvalidConfigError("outbox.streamName must not be empty", {
        field: "outbox.streamName",
      });
    }
  }

  /** The shard of a thread: FNV-1a (32 bit) of its UTF-8 bytes modulo `shardCount`. */
  shardOf(threadId: string): number {
    return fnv1a32(Buffer.from(threadId, "utf8")) % this.shardCount;
  }

  /** `{<shard>}`: the part of every key Redis Cluster hashes to pick the slot. */
  hashTag(shard: number): string {
    return `{${shard}}`;
  }

  threadKeys(threadId: string): RedisThreadKeys {
    const base = `${this.keyPrefix}${this.hashTag(this.shardOf(threadId))}`;
    const thread = encodeKeyPart(threadId);
    return {
      namespaces: `${base}:ns:${thread}`,
      checkpointIndex: `${base}:idx:${thread}`,
      checkpoints: `${base}:cp:${thread}`,
      channelValues: `${base}:val:${thread}`,
      writes: `${base}:wr:${thread}`,
    };
  }

  shardKeys(shard: number): RedisShardKeys {
    const base = `${this.keyPrefix}${this.hashTag(shard)}`;
    return {
      threads: `${base}:threads`,
      outbox: `${base}:${encodeKeyPart(this.outboxStreamName)}`,
    };
  }

  /** All shards, `0 … shardCount-1`. */
  shards(): number[] {
    return Array.from({ length: this.shardCount }, (_unused, shard) => shard);
  }

  /**
   * STRING: the thread's lease token (see `acquireThreadLease`), expiring with the lease. Not
   * one of the thread keys: deleting, copying or expiring a thread leaves its lease alone.
   */
  leaseKey(threadId: string): string {
    return `${this.keyPrefix}${this.hashTag(this.shardOf(threadId))}:lease:${encodeKeyPart(threadId)}`;
  }

  /**
   * The `KEYS` every script of the saver receives, in this order: the five thread keys, then
   * the shard's thread index and outbox stream, then the thread's lease. All share one hash slot.
   */
  scriptKeys(threadId: string): string[] {
    const thread = this.threadKeys(threadId);
    const shard = this.shardKeys(this.shardOf(threadId));
    return [
      thread.namespaces,
      thread.checkpointIndex,
      thread.checkpoints,
      thread.channelValues,
      thread.writes,
      shard.threads,
      shard.outbox,
      this.leaseKey(threadId),
    ];
  }

  /**
   * Scratch keys of `copyThread`'s merge, one per thread key of `threadId` (same order): the
   * thread key plus `:copy`, so in the thread's hash slot. An encoded thread id holds no `:`, so
   * no scratch key can be another thread's key. They live only inside the merge script.
   */
  copyScratchKeys(threadId: string): string[] {
    return Object.values(this.threadKeys(threadId)).map((key: string) => `${key}:copy`);
  }
}

function fnv1a32(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
