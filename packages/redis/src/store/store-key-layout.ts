import { createHash } from "node:crypto";
import { encodeKeyPart } from "@checkpointkit/core";
import { DEFAULT_KEY_PREFIX } from "../redis-keys.js";
import { DEFAULT_STORE_SHARD_COUNT, DEFAULT_STORE_SHARD_DEPTH } from "./redis-store-options.js";
import { LABEL_SEPARATOR } from "./store-address.js";

/** The keys of one shard; all of them share the hash tag `{store:<shard>}`, so one slot. */
export interface StoreShardKeys {
  /** Sorted set (all scores 0) of every item's member, for lexicographic prefix ranges. */
  index: string;
  /** Sorted set (all scores 0) of the encoded paths of namespaces that hold items. */
  namespaces: string;
  /** An item's hash is this prefix followed by its member. */
  itemPrefix: string;
  /** Counter of the shard's puts: orders items written in the same millisecond. */
  sequence: string;
}

/**
 * Where the store's keys live:
 *
 * - `<keyPrefix>{store:<n>}:idx` — sorted set of `<path>:<key>` members, scores 0;
 * - `<keyPrefix>{store:<n>}:ns` — sorted set of namespace paths, scores 0;
 * - `<keyPrefix>{store:<n>}:seq` — counter of the shard's puts;
 * - `<keyPrefix>{store:<n>}:i:<path>:<key>` — hash of one item: `v` (JSON), `c`/`u`
 *   (created/updated, ms), `q` (the put's sequence), `t` (TTL ms, 0 for none), `e` (packed
 *   vectors, when indexed), `f:<field>` per top-level field (see `filterFields`);
 *
 * where `<path>` is the namespace's labels joined by `.` and `<key>` the item key, each
 * through core's `encodeKeyPart`. A namespace lives on shard `n` = SHA-1 of its first
 * `shardDepth` labels modulo `shardCount`, so every namespace below a prefix of at least
 * `shardDepth` labels lives on one shard, and any other prefix visits `shardCount` shards.
 */
export class StoreKeyLayout {
  readonly keyPrefix: string;
  readonly shardCount: number;
  readonly shardDepth: number;

  constructor(options: { keyPrefix?: string; shardCount?: number; shardDepth?: number }) {
    this.keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    this.shardCount = options.shardCount ?? DEFAULT_STORE_SHARD_COUNT;
    this.shardDepth = options.shardDepth ?? DEFAULT_STORE_SHARD_DEPTH;
  }

  shardKeys(shard: number): StoreShardKeys {
    const base = `${this.keyPrefix}{store:${shard}}:`;
    return {
      index: `${base}idx`,
      namespaces: `${base}ns`,
      itemPrefix: `${base}i:`,
      sequence: `${base}seq`,
    };
  }

  /** The shard of a namespace (any depth ≥ 1). */
  shardOf(namespace: readonly string[]): number {
    const leading = encodeKeyPart(namespace.slice(0, this.shardDepth).join(LABEL_SEPARATOR));
    return createHash("sha1").update(leading, "utf8").digest().readUInt32BE(0) % this.shardCount;
  }

  /**
   * The shards that can hold namespaces starting with `prefix` (labels; `*` is a wildcard
   * only when `wildcards`): one when the first `shardDepth` labels are fixed, else all.
   */
  shardsUnder(prefix: readonly string[], wildcards: boolean): number[] {
    const leading = prefix.slice(0, this.shardDepth);
    const fixed = leading.length === this.shardDepth && !(wildcards && leading.includes("*"));
    if (fixed) return [this.shardOf(prefix)];
    return Array.from({ length: this.shardCount }, (_, shard) => shard);
  }
}
