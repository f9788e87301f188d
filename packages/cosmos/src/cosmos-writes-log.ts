import { isUpsertWrite, joinKeyParts } from "@checkpointkit/core";
import type { WriteItem, WritesItem } from "./cosmos-items.js";

/**
 * The pending writes of one checkpoint, from wherever they are stored: `write` items (the
 * layout before writes items; insert-if-absent already applied by the service) and the
 * checkpoint's writes item (an append-only log of calls). Per (task, idx) the stored `write`
 * item comes first, then the log in the order the service applied the calls: a regular write
 * keeps its first record (insert-if-absent), a `WRITES_IDX_MAP` channel its last (upsert).
 * Entries of the log come back as `write` records whose `id` is the writes item's (the owner
 * of their chunks and what a decoding error names).
 */
export function resolveWrites(
  writeItems: readonly WriteItem[],
  writesItems: readonly WritesItem[],
): WriteItem[] {
  const byKey = new Map<string, WriteItem>();
  const record = (write: WriteItem) => {
    const key = joinKeyParts([write.task_id, String(write.idx)]);
    if (!byKey.has(key) || isUpsertWrite(write.channel)) byKey.set(key, write);
  };
  for (const write of writeItems) record(write);
  for (const item of writesItems) {
    for (const write of expandWritesItem(item)) record(write);
  }
  return [...byKey.values()];
}

/** Every record of a writes item's log, in log order (a malformed call is skipped). */
function expandWritesItem(item: WritesItem): WriteItem[] {
  const records: WriteItem[] = [];
  const { calls: _calls, kind: _kind, ...base } = item;
  for (const call of Array.isArray(item.calls) ? item.calls : []) {
    for (const write of Array.isArray(call?.writes) ? call.writes : []) {
      records.push({
        ...base,
        kind: "write",
        task_id: call.task_id,
        task_path: call.task_path,
        idx: write.idx,
        channel: write.channel,
        payload: write.payload,
      });
    }
  }
  return records;
}
