/**
 * The items of one container, keyed the way the service keys them: (full partition key, id).
 * Items live in the base server's document maps so its feed reads (`GET .../docs`) see the
 * same data, but every write goes through here, which adds what the base lacks: hierarchical
 * keys, quoted etags, millisecond write times for TTL, and snapshots for atomic batches.
 */
import { randomUUID } from "node:crypto";
import type { Collection, ContainerDefinition, StoredItem } from "./base-server.js";
import { isExpired } from "./item-ttl.js";
import { partitionKeyOfItem, partitionKeyStartsWith } from "./partition-key.js";

type UserItem = Record<string, unknown> & { id: string };

/** Restores the container to the moment the snapshot was taken. */
export type RestoreSnapshot = () => void;

const SYSTEM_PROPERTIES = new Set(["_rid", "_self", "_etag", "_ts", "_attachments"]);

export class ItemStore {
  private readonly lastWriteMs = new WeakMap<StoredItem, number>();

  constructor(private readonly collection: Collection) {}

  get container(): ContainerDefinition {
    return this.collection.read() as unknown as ContainerDefinition;
  }

  private get documents() {
    return this.collection.documents;
  }

  private indexKey(partitionKey: string, id: string): string {
    return JSON.stringify([partitionKey, id]);
  }

  partitionKeyOf(item: Record<string, unknown>): string {
    return partitionKeyOfItem(this.container, item);
  }

  /** The live item with this key and id, or undefined. */
  find(partitionKey: string, id: string): StoredItem | undefined {
    const rid = this.documents._index.get(this.indexKey(partitionKey, id));
    if (rid === undefined) return undefined;
    const item = this.documents._data.get(rid)?.read() as StoredItem | undefined;
    if (!item || this.expired(item)) return undefined;
    return item;
  }

  /** Live items, in insertion order; only those under `partitionKeyPrefix` when given. */
  list(partitionKeyPrefix?: string): StoredItem[] {
    const items: StoredItem[] = [];
    for (const document of this.documents._data.values()) {
      const item = document.read() as StoredItem;
      if (this.expired(item)) continue;
      if (
        partitionKeyPrefix !== undefined &&
        !partitionKeyStartsWith(this.partitionKeyOf(item), partitionKeyPrefix)
      ) {
        continue;
      }
      items.push(item);
    }
    return items;
  }

  /** Another live item of the same partition holding the same value under a unique key path. */
  uniqueKeyConflict(item: UserItem, partitionKey: string): string | undefined {
    const uniquePaths = (this.container.uniqueKeyPolicy?.uniqueKeys ?? []).map((key) => key.paths);
    if (uniquePaths.length === 0) return undefined;
    const read = (source: Record<string, unknown>, path: string) =>
      JSON.stringify(
        path
          .slice(1)
          .split("/")
          .reduce<unknown>(
            (value, segment) =>
              value && typeof value === "object"
                ? (value as Record<string, unknown>)[segment]
                : undefined,
            source,
          ),
      );
    for (const other of this.list(partitionKey)) {
      if (other.id === item.id) continue;
      for (const paths of uniquePaths) {
        if (paths.every((path) => read(other, path) === read(item, path))) return paths.join(",");
      }
    }
    return undefined;
  }

  insert(item: UserItem): StoredItem {
    const documents = this.documents;
    documents._ridCount += 1;
    const rid = documents._rid(documents._ridCount);
    const stored = this.withSystemProperties(item, rid, documents._self(rid));
    documents._data.set(rid, documents._newItem(stored as never));
    documents._index.set(this.indexKey(this.partitionKeyOf(stored), stored.id), rid);
    return stored;
  }

  /** Replaces `existing` (same key and id) with `item`, keeping its resource id. */
  replace(existing: StoredItem, item: UserItem): StoredItem {
    const stored = this.withSystemProperties(item, existing._rid, existing._self);
    this.documents._data.set(existing._rid, this.documents._newItem(stored as never));
    return stored;
  }

  remove(existing: StoredItem): void {
    this.documents._index.delete(this.indexKey(this.partitionKeyOf(existing), existing.id));
    this.documents._data.delete(existing._rid);
  }

  /** The container's user-defined functions, for queries that call `udf.name(...)`. */
  userDefinedFunctions(): Record<string, unknown> {
    return this.documents._userDefinedFunctions() ?? {};
  }

  /** Composite indexes, which the query engine requires for ORDER BY on several paths. */
  compositeIndexes(): unknown[] {
    return this.container.indexingPolicy?.compositeIndexes ?? [];
  }

  /** Physically deletes expired items, as the service's background TTL deletion does. */
  purgeExpired(): void {
    const { defaultTtl } = this.container;
    if (defaultTtl === undefined || defaultTtl === null) return;
    for (const document of [...this.documents._data.values()]) {
      const item = document.read() as StoredItem;
      if (this.expired(item)) this.remove(item);
    }
  }

  snapshot(): RestoreSnapshot {
    const documents = this.documents;
    const data = new Map(documents._data);
    const index = new Map(documents._index);
    const ridCount = documents._ridCount;
    return () => {
      documents._data = data;
      documents._index = index;
      documents._ridCount = ridCount;
    };
  }

  private expired(item: StoredItem): boolean {
    const written = this.lastWriteMs.get(item) ?? item._ts * 1000;
    return isExpired(this.container, item, written, Date.now());
  }

  private withSystemProperties(item: UserItem, rid: string, self: string): StoredItem {
    const userProperties = Object.fromEntries(
      Object.entries(item).filter(([name]) => !SYSTEM_PROPERTIES.has(name)),
    );
    const nowMs = Date.now();
    const stored: StoredItem = {
      ...userProperties,
      id: item.id,
      _rid: rid,
      _self: self,
      _etag: `"${randomUUID()}"`,
      _attachments: "attachments/",
      _ts: Math.floor(nowMs / 1000),
    };
    this.lastWriteMs.set(stored, nowMs);
    return stored;
  }
}

const stores = new WeakMap<Collection, ItemStore>();

/** One store per container object, created on first use. */
export function itemStoreOf(collection: Collection): ItemStore {
  let store = stores.get(collection);
  if (!store) {
    store = new ItemStore(collection);
    stores.set(collection, store);
  }
  return store;
}
