import type { RedisOutboxEntry } from "@checkpointkit/redis";

/** Identifies one checkpoint of one thread and namespace, as a map key. */
export function checkpointAddress(
  threadId: string,
  checkpointNs: string,
  checkpointId: string,
): string {
  return JSON.stringify([threadId, checkpointNs, checkpointId]);
}

/** Identifies the outbox entry a hot write produced, as a map key. */
export function entryKey(
  entry: Pick<RedisOutboxEntry, "kind" | "threadId" | "checkpointNs" | "checkpointId" | "taskId">,
): string {
  return JSON.stringify([
    entry.kind,
    entry.threadId,
    entry.checkpointNs,
    entry.checkpointId,
    entry.taskId,
  ]);
}
