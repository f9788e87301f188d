import { encodeKeyPart } from "@checkpointkit/core";
import type { ColdQuery } from "./cold-transaction.js";

/**
 * First key of the advisory locks that order fenced writes of a thread against its fenced
 * delete (second key: `hashtext` of the thread key). Transaction-scoped only: a lock never
 * outlives the transaction that took it, so no connection is ever held between calls.
 */
export const FENCE_LOCK_CLASS = 0x434b5446;

/** The thread's key in the fence table and its lock: the thread id, key-encoded. */
export function fenceThreadKey(threadId: string): string {
  return encodeKeyPart(threadId);
}

/** Shared locks on the threads, in key order: fenced writes of different threads never wait on each other. */
export async function lockThreadsShared(query: ColdQuery, keys: string[]): Promise<void> {
  await query({
    text: "SELECT pg_advisory_xact_lock_shared($1, hashtext(t)) FROM (SELECT unnest($2::text[]) AS t ORDER BY 1) AS keys",
    values: [FENCE_LOCK_CLASS, keys],
  });
}

/** The exclusive lock a fenced delete takes: it waits for fenced writes of the thread in flight. */
export async function lockThreadExclusive(query: ColdQuery, key: string): Promise<void> {
  await query({
    text: "SELECT pg_advisory_xact_lock($1, hashtext($2))",
    values: [FENCE_LOCK_CLASS, key],
  });
}
