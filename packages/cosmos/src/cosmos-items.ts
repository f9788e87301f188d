import type { JSONObject, PartitionKey } from "@azure/cosmos";
import { boundKeyLength, joinKeyParts, type ValueEncoding } from "@checkpointkit/core";
import type { ChannelVersions } from "@langchain/langgraph-checkpoint";

export type ChannelVersion = ChannelVersions[string];

/**
 * The item layout of one container. Every item of a thread lives in the thread's logical
 * partition (`thread_key`, optionally under `tenant_key`), so a checkpoint and everything it
 * references can be written in one transactional batch and read with single-partition queries.
 */
export type ItemKind = "head" | "checkpoint" | "value" | "chunk" | "write" | "writes" | "thread";

/** Cosmos DB item ids are limited to 1,023 bytes. */
export const ITEM_ID_MAX_BYTES = 1023;
/** Partition key values stay well below the 2 KB limit of large partition keys. */
export const PARTITION_KEY_MAX_BYTES = 1024;

export const THREAD_KEY_PATH = "/thread_key";
export const TENANT_KEY_PATH = "/tenant_key";

/** A serialized value as stored: inline base64, or split into `chunk_count` chunk items. */
export interface StoredPayload {
  /** Serde type tag from `dumpsTyped`. */
  type: string;
  encoding: ValueEncoding;
  /** Base64 of the (possibly compressed) bytes when stored inline. */
  data?: string;
  /** Number of chunk items holding the bytes when too large to inline. */
  chunk_count?: number;
  /**
   * Content hash shared by the chunks of this payload: a rewrite with other content gets other
   * chunk ids, so an insert-if-absent write that loses never overwrites the winner's chunks.
   */
  chunk_key?: string;
}

interface ItemBase {
  id: string;
  kind: ItemKind;
  thread_key: string;
  tenant_key?: string;
  thread_id: string;
  checkpoint_ns: string;
  /** Per-item time to live in seconds (Cosmos native TTL); absent keeps the item. */
  ttl?: number;
}

/** Which value item holds a channel's value at the version a checkpoint references. */
export interface ValueRef {
  channel: string;
  id: string;
}

/** Per (thread, namespace): the newest checkpoint id and the value items it references. */
export interface HeadItem extends ItemBase {
  kind: "head";
  checkpoint_id: string;
  value_ids: string[];
  /**
   * Written by this layout: the writes item of `checkpoint_id`. A head moved by an older
   * version keeps a stale one, so readers trust it only when it matches `checkpoint_id`.
   */
  writes_id?: string;
  /** The value items of `value_ids` not copied into the checkpoint item: what to read. */
  read_value_ids?: string[];
  /**
   * `history: "latest"` only: the owners (checkpoint, metadata, value items) of the chunk
   * items the checkpoint needs, so the put that replaces it deletes the chunks that go.
   */
  chunked_owner_ids?: string[];
  /**
   * `stored_bytes` of `checkpoint_id` (absent on heads written before sizes were recorded):
   * what a `history: "latest"` put subtracts from the thread's total when it replaces it.
   */
  stored_bytes?: number;
}

/** A copy of a value item's payload kept in the checkpoint item that wrote that version. */
export interface ValueCopy {
  id: string;
  payload: StoredPayload;
}

export interface CheckpointItem extends ItemBase {
  kind: "checkpoint";
  checkpoint_id: string;
  /** `joinKeyParts([ns, checkpoint_id])`, shared with the checkpoint's writes. */
  checkpoint_key: string;
  parent_checkpoint_id: string | null;
  /** The checkpoint without `channel_values`. */
  checkpoint: StoredPayload;
  /** Metadata as the serde wrote it (faithful round trip). */
  metadata: StoredPayload;
  /** Plain-JSON copy of the metadata, only used by `list` filters. */
  metadata_json: unknown;
  value_refs: ValueRef[];
  /**
   * The id of this checkpoint's writes item. Absent on checkpoints written before writes
   * items existed: their writes are separate `write` items (and maybe a writes item too).
   */
  writes_id?: string;
  /** Copies of the small values this checkpoint wrote, so readers skip their value items. */
  value_copies?: ValueCopy[];
  /**
   * The size record of this checkpoint (core's `encodeStoredSize` text), written in the
   * put's batch; absent on checkpoints written before sizes were recorded.
   */
  stored_size?: string;
  /** The record's total stored bytes, as a number so totals can be summed in a query. */
  stored_bytes?: number;
}

export interface ValueItem extends ItemBase {
  kind: "value";
  channel: string;
  version: ChannelVersion;
  payload: StoredPayload;
}

export interface ChunkItem extends ItemBase {
  kind: "chunk";
  /** Id of the item whose payload this chunk belongs to. */
  owner_id: string;
  chunk_key: string;
  index: number;
  data: string;
}

export interface WriteItem extends ItemBase {
  kind: "write";
  checkpoint_id: string;
  checkpoint_key: string;
  task_id: string;
  task_path: string;
  idx: number;
  channel: string;
  payload: StoredPayload;
}

/** One `putWrites` call as a writes item records it. */
export interface WritesCall {
  task_id: string;
  task_path: string;
  writes: { idx: number; channel: string; payload: StoredPayload }[];
}

/**
 * Every pending write of one checkpoint, as an append-only log of `putWrites` calls: `put`
 * creates it empty in the checkpoint's batch and each `putWrites` appends its call with one
 * patch, which the service applies atomically, so concurrent tasks never lose a write.
 * Readers resolve the log per (task, idx): a regular write's first record wins, a special
 * (`WRITES_IDX_MAP`) channel's last. Chunked write payloads use the item's id as chunk owner.
 */
export interface WritesItem extends ItemBase {
  kind: "writes";
  checkpoint_id: string;
  checkpoint_key: string;
  calls: WritesCall[];
}

export type StoredItem = HeadItem | CheckpointItem | ValueItem | ChunkItem | WriteItem | WritesItem;

export function itemId(parts: string[]): string {
  return boundKeyLength(joinKeyParts(parts), ITEM_ID_MAX_BYTES);
}

/** `1` and `"1"` are different versions, so the id records the version's type. */
function versionPart(version: ChannelVersion): string {
  return typeof version === "number" ? `n${version}` : `s${version}`;
}

export function headItemId(checkpointNs: string): string {
  return itemId(["head", checkpointNs]);
}

export function checkpointItemId(checkpointNs: string, checkpointId: string): string {
  return itemId(["checkpoint", checkpointNs, checkpointId]);
}

export function checkpointKey(checkpointNs: string, checkpointId: string): string {
  return joinKeyParts([checkpointNs, checkpointId]);
}

export function valueItemId(
  checkpointNs: string,
  channel: string,
  version: ChannelVersion,
): string {
  return itemId(["value", checkpointNs, channel, versionPart(version)]);
}

export function writeItemId(
  checkpointNs: string,
  checkpointId: string,
  taskId: string,
  idx: number,
): string {
  return itemId(["write", checkpointNs, checkpointId, taskId, String(idx)]);
}

export function writesItemId(checkpointNs: string, checkpointId: string): string {
  return itemId(["writes", checkpointNs, checkpointId]);
}

export function chunkItemId(ownerId: string, chunkKey: string, index: number): string {
  return itemId(["chunk", ownerId, chunkKey, String(index)]);
}

/** Where a thread's items live: its partition key value and the fields that carry it. */
export interface ThreadPartition {
  threadId: string;
  threadKey: string;
  tenantKey: string | undefined;
  partitionKey: PartitionKey;
}

/** The `tenant_key` value of a tenant's items; undefined without tenants. */
export function tenantKeyOf(tenantId: string | undefined): string | undefined {
  return tenantId === undefined
    ? undefined
    : boundKeyLength(joinKeyParts([tenantId]), PARTITION_KEY_MAX_BYTES);
}

export function threadPartition(threadId: string, tenantId: string | undefined): ThreadPartition {
  const threadKey = boundKeyLength(joinKeyParts([threadId]), PARTITION_KEY_MAX_BYTES);
  const tenantKey = tenantKeyOf(tenantId);
  if (tenantKey === undefined) {
    return { threadId, threadKey, tenantKey: undefined, partitionKey: threadKey };
  }
  return { threadId, threadKey, tenantKey, partitionKey: [tenantKey, threadKey] };
}

/** The fields every item of a thread carries. */
export function itemBase(
  partition: ThreadPartition,
  checkpointNs: string,
  ttlSeconds: number | undefined,
): Omit<ItemBase, "id" | "kind"> {
  return {
    thread_key: partition.threadKey,
    ...(partition.tenantKey === undefined ? {} : { tenant_key: partition.tenantKey }),
    thread_id: partition.threadId,
    checkpoint_ns: checkpointNs,
    ...(ttlSeconds === undefined ? {} : { ttl: ttlSeconds }),
  };
}

/** Items are plain JSON; the SDK's operation types want that said explicitly. */
export function itemBody(item: StoredItem): JSONObject {
  return { ...item } as unknown as JSONObject;
}
