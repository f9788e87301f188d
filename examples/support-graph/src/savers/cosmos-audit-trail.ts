import type { Container } from "@azure/cosmos";
import {
  boundKeyLength,
  decodeValue,
  isUpsertWrite,
  joinKeyParts,
  type ValueEncoding,
} from "@checkpointkit/core";
import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";
import type { AuditTrailRow } from "./saver-factory.js";

/** LangGraph's id for writes that come from outside a task, such as a `Command({ resume })`. */
const NULL_TASK_ID = "00000000-0000-0000-0000-000000000000";
/** How LangGraph names the task path of a node it scheduled by its triggers. */
const PULL_TASK_PREFIX = "~__pregel_pull, ";
/** CosmosSaver bounds partition key values to this many bytes. */
const PARTITION_KEY_MAX_BYTES = 1024;

/**
 * The audit query: the checkpoints (for their step) and the writes of the thread's root
 * namespace, from the thread's own logical partition — one single-partition query. A
 * checkpoint's writes are one `writes` item (a log of putWrites calls); releases before
 * @checkpointkit/cosmos 0.2 stored one `write` item per write.
 */
export const COSMOS_AUDIT_TRAIL_QUERY = `SELECT c.kind, c.checkpoint_id, c.metadata_json, c.task_id, c.task_path,
       c.idx, c.channel, c.payload, c.calls, c._ts
FROM c
WHERE c.checkpoint_ns = "" AND (c.kind = "checkpoint" OR c.kind = "write" OR c.kind = "writes")`;

interface WritesCall {
  task_id: string;
  task_path: string;
  writes: { idx: number; channel: string; payload: AuditItem["payload"] }[];
}

interface AuditItem {
  kind: "checkpoint" | "write" | "writes";
  calls?: WritesCall[];
  checkpoint_id: string;
  metadata_json?: { step?: number };
  task_id?: string;
  task_path?: string;
  idx?: number;
  channel?: string;
  payload?: { type: string; encoding: ValueEncoding; data?: string };
  /** Last write of the item, epoch seconds (the service's clock). */
  _ts: number;
}

function isRoutingChannel(channel: string): boolean {
  return channel.startsWith("branch:") || channel.startsWith("join:");
}

function writerOf(item: AuditItem): string {
  const taskPath = item.task_path ?? "";
  if (item.task_id === NULL_TASK_ID) return "resume";
  const node = taskPath.startsWith(PULL_TASK_PREFIX) ? taskPath.slice(PULL_TASK_PREFIX.length) : "";
  return node === "" || node === "__start__" ? "input" : node;
}

/** Partition key value of a thread, as CosmosSaver writes it. */
export function threadPartitionKey(threadId: string): string {
  return boundKeyLength(joinKeyParts([threadId]), PARTITION_KEY_MAX_BYTES);
}

async function decodeWriteValue(serde: SerializerProtocol, item: AuditItem): Promise<unknown> {
  const payload = item.payload;
  if (payload?.data === undefined) return "(large value stored in chunk items)";
  const bytes = decodeValue({
    encoding: payload.encoding,
    bytes: new Uint8Array(Buffer.from(payload.data, "base64")),
  });
  return serde.loadsTyped(payload.type, bytes);
}

export async function readCosmosAuditTrail(
  container: Container,
  serde: SerializerProtocol,
  threadId: string,
): Promise<AuditTrailRow[]> {
  const { resources } = await container.items
    .query<AuditItem>(COSMOS_AUDIT_TRAIL_QUERY, { partitionKey: threadPartitionKey(threadId) })
    .fetchAll();
  const stepByCheckpoint = new Map<string, number>();
  for (const item of resources) {
    if (item.kind === "checkpoint") {
      stepByCheckpoint.set(item.checkpoint_id, Number(item.metadata_json?.step ?? 0));
    }
  }
  const writes = storedWrites(resources)
    .filter((item) => !isRoutingChannel(item.channel ?? ""))
    .map((item) => ({ item, step: (stepByCheckpoint.get(item.checkpoint_id) ?? 0) + 1 }));
  // The order of the Postgres audit query: step, then task path, task id and write index.
  writes.sort(
    (left, right) =>
      left.step - right.step ||
      compareStrings(left.item.task_path ?? "", right.item.task_path ?? "") ||
      compareStrings(left.item.task_id ?? "", right.item.task_id ?? "") ||
      (left.item.idx ?? 0) - (right.item.idx ?? 0),
  );
  return Promise.all(
    writes.map(async ({ item, step }) => ({
      step,
      node: writerOf(item),
      channel: item.channel ?? "",
      value: await decodeWriteValue(serde, item),
      taskCheckpointId: item.checkpoint_id,
      writtenAt: new Date(item._ts * 1000).toISOString(),
    })),
  );
}

/**
 * One record per (checkpoint, task, idx), as CosmosSaver reads them back: a regular write's
 * first record, a special channel's last. Writes of a writes item carry its last write time.
 */
function storedWrites(items: readonly AuditItem[]): AuditItem[] {
  const byKey = new Map<string, AuditItem>();
  const record = (write: AuditItem) => {
    const key = joinKeyParts([write.checkpoint_id, write.task_id ?? "", String(write.idx ?? 0)]);
    if (!byKey.has(key) || isUpsertWrite(write.channel ?? "")) byKey.set(key, write);
  };
  for (const item of items) if (item.kind === "write") record(item);
  for (const item of items) {
    if (item.kind !== "writes") continue;
    for (const call of item.calls ?? []) {
      for (const write of call.writes) {
        record({
          kind: "write",
          checkpoint_id: item.checkpoint_id,
          task_id: call.task_id,
          task_path: call.task_path,
          idx: write.idx,
          channel: write.channel,
          payload: write.payload,
          _ts: item._ts,
        });
      }
    }
  }
  return [...byKey.values()];
}

function compareStrings(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}
