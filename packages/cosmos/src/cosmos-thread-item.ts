import type { JSONObject, OperationInput, PatchOperation } from "@azure/cosmos";
import { itemBase, itemId, type ThreadPartition } from "./cosmos-items.js";

/**
 * One item per thread, in the thread's partition, that `listThreads` reads instead of the
 * thread's checkpoints: how many checkpoints the thread holds (every namespace), the sum of
 * their size records, and when it was last written. Every write that creates or deletes
 * checkpoints moves these totals in the same transactional batch when it can (put, cold
 * writes), or right after its own batches (prune, copyThread).
 */
export interface ThreadItem {
  id: string;
  kind: "thread";
  thread_key: string;
  tenant_key?: string;
  thread_id: string;
  checkpoint_ns: string;
  /** A copy of `thread_id` that only thread items carry, indexed for `threadIdPrefix`. */
  listed_thread_id: string;
  checkpoint_count: number;
  stored_bytes: number;
  /** ISO 8601 (UTC, milliseconds): the last write's time. */
  updated_at: string;
  /** `updated_at` then `thread_key`: the one indexed property `listThreads` sorts on. */
  list_key: string;
  ttl?: number;
}

/** Checkpoints and bytes one write adds to (or, negative, removes from) its thread. */
export interface ThreadTotalsDelta {
  checkpoints: number;
  storedBytes: number;
  /** ISO 8601 time of the write; undefined leaves `updated_at` as it is (prune). */
  updatedAt: string | undefined;
}

/** Item ids start with their kind as an encoded key part, so no other id is spelled this. */
export const THREAD_ITEM_ID = itemId(["thread"]);

/**
 * ISO timestamps have a fixed width (24 characters up to year 9999), so comparing list keys
 * compares times first; the thread key then orders threads written in the same millisecond.
 */
export function listKeyOf(updatedAt: string, threadKey: string): string {
  return `${updatedAt}|${threadKey}`;
}

/** The thread item as a write that finds none creates it. */
export function newThreadItem(
  partition: ThreadPartition,
  totals: { checkpoints: number; storedBytes: number; updatedAt: string },
  ttlSeconds: number | undefined,
): ThreadItem {
  return {
    ...itemBase(partition, "", ttlSeconds),
    id: THREAD_ITEM_ID,
    kind: "thread",
    listed_thread_id: partition.threadId,
    checkpoint_count: Math.max(0, totals.checkpoints),
    stored_bytes: Math.max(0, totals.storedBytes),
    updated_at: totals.updatedAt,
    list_key: listKeyOf(totals.updatedAt, partition.threadKey),
  };
}

/** The patch operations that move an existing thread item by `delta` (atomic increments). */
export function threadTotalsPatch(item: ThreadItem, delta: ThreadTotalsDelta): PatchOperation[] {
  const operations: PatchOperation[] = [];
  if (delta.checkpoints !== 0) {
    operations.push({ op: "incr", path: "/checkpoint_count", value: delta.checkpoints });
  }
  if (delta.storedBytes !== 0) {
    operations.push({ op: "incr", path: "/stored_bytes", value: delta.storedBytes });
  }
  if (delta.updatedAt !== undefined) {
    operations.push({ op: "set", path: "/updated_at", value: delta.updatedAt });
    operations.push({
      op: "set",
      path: "/list_key",
      value: listKeyOf(delta.updatedAt, item.thread_key),
    });
  }
  if (item.ttl !== undefined) operations.push({ op: "set", path: "/ttl", value: item.ttl });
  return operations;
}

/** Totals a thread already held before its item existed (checkpoints of an older version). */
export interface ThreadBaseline {
  checkpoints: number;
  storedBytes: number;
}

/**
 * The batch operation that applies `delta` to the thread item: a patch of the existing item,
 * or the item's creation (with the `baseline` found in the partition, if any).
 */
export function threadItemOperation(
  item: ThreadItem,
  delta: ThreadTotalsDelta,
  mode: "create" | "patch",
  baseline: ThreadBaseline = { checkpoints: 0, storedBytes: 0 },
): OperationInput {
  if (mode === "patch") {
    return {
      operationType: "Patch",
      id: THREAD_ITEM_ID,
      resourceBody: { operations: threadTotalsPatch(item, delta) },
    };
  }
  const updatedAt = delta.updatedAt ?? item.updated_at;
  const created: ThreadItem = {
    ...item,
    checkpoint_count: Math.max(0, baseline.checkpoints + delta.checkpoints),
    stored_bytes: Math.max(0, baseline.storedBytes + delta.storedBytes),
    updated_at: updatedAt,
    list_key: listKeyOf(updatedAt, item.thread_key),
  };
  return { operationType: "Create", resourceBody: { ...created } as unknown as JSONObject };
}

/**
 * Removes deleted checkpoints from the thread's totals, in the batch that deletes them (prune);
 * `updated_at` stays: deleting old checkpoints is not a write the listing orders by.
 */
export function removeFromThreadTotalsOperation(
  checkpoints: number,
  storedBytes: number,
): OperationInput {
  const operations: PatchOperation[] = [
    { op: "incr", path: "/checkpoint_count", value: -checkpoints },
  ];
  if (storedBytes !== 0)
    operations.push({ op: "incr", path: "/stored_bytes", value: -storedBytes });
  return { operationType: "Patch", id: THREAD_ITEM_ID, resourceBody: { operations } };
}

let lastIssuedMs = 0;

/**
 * Now, as the `updated_at` of a write from this process: never earlier than the previous
 * one (a clock stepped back does not reorder this process's threads).
 */
export function writeTimeNow(): string {
  lastIssuedMs = Math.max(Date.now(), lastIssuedMs);
  return new Date(lastIssuedMs).toISOString();
}
