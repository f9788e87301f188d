import type { Container, OperationInput, PartitionKey } from "@azure/cosmos";
import { CheckpointConflictError, isUpsertWrite, storedWriteIndex } from "@checkpointkit/core";
import type { PendingWrite } from "@langchain/langgraph-checkpoint";
import {
  type ChunkItem,
  checkpointKey,
  itemBase,
  itemBody,
  type ThreadPartition,
  type WriteItem,
  writeItemId,
} from "./cosmos-items.js";
import { chunkItemsFor, encodePayload, type PayloadCodec } from "./cosmos-payloads.js";
import { MAX_BATCH_OPERATIONS } from "./cosmos-put-plan.js";
import { existingIdsQuery } from "./cosmos-queries.js";
import {
  executeBatch,
  queryAll,
  type RequestMeter,
  runLimited,
  upsertItem,
} from "./cosmos-requests.js";

export interface PutWritesInput {
  partition: ThreadPartition;
  checkpointNs: string;
  checkpointId: string;
  writes: PendingWrite[];
  taskId: string;
  taskPath: string;
  ttlSeconds: number | undefined;
  codec: PayloadCodec;
  batchBudgetBytes: number;
}

const AHEAD_WRITE_CONCURRENCY = 4;
/** A batch round that still conflicts after this many re-checks is given up on. */
const MAX_CONFLICT_ROUNDS = 5;

interface PlannedWrite {
  id: string;
  operation: OperationInput;
  bytes: number;
}

/**
 * Groups operations into transactional batches of at most 100 operations and the byte budget;
 * a typical task's writes fit in one.
 */
function packBatches(writes: PlannedWrite[], budgetBytes: number): PlannedWrite[][] {
  const batches: PlannedWrite[][] = [];
  let current: PlannedWrite[] = [];
  let bytes = 0;
  for (const write of writes) {
    if (
      current.length > 0 &&
      (current.length >= MAX_BATCH_OPERATIONS || bytes + write.bytes > budgetBytes)
    ) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(write);
    bytes += write.bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * One batch with insert-if-absent semantics. Creates abort an atomic batch with 409 when the
 * write exists, so on a conflict the ids that already exist are looked up (one query) and
 * dropped, and the rest is resent: one request normally, three when a task's writes are
 * replayed.
 */
async function writeBatch(
  container: Container,
  partitionKey: PartitionKey,
  batch: PlannedWrite[],
  meter: RequestMeter,
): Promise<void> {
  let pending = batch;
  for (let round = 0; round < MAX_CONFLICT_ROUNDS && pending.length > 0; round += 1) {
    const outcome = await executeBatch(
      container,
      partitionKey,
      pending.map((write) => write.operation),
      meter,
    );
    if (outcome.applied) return;
    if (outcome.failedStatus !== 409) break;
    const createIds = pending
      .filter((write) => write.operation.operationType === "Create")
      .map((write) => write.id);
    const existing = await queryAll<{ id: string }>(
      container,
      existingIdsQuery(createIds),
      partitionKey,
      meter,
    );
    const existingIds = new Set(existing.map((item) => item.id));
    pending = pending.filter(
      (write) => !(write.operation.operationType === "Create" && existingIds.has(write.id)),
    );
  }
  if (pending.length > 0) {
    throw new CheckpointConflictError(
      "putWrites could not be applied: its writes kept conflicting with concurrent writers",
    );
  }
}

/**
 * Stores a task's writes: special channels (`WRITES_IDX_MAP`) upsert so the latest wins,
 * regular ones are created so the first wins, in transactional batches of up to 100.
 */
export async function putWriteItems(
  container: Container,
  input: PutWritesInput,
  meter: RequestMeter,
): Promise<void> {
  const base = itemBase(input.partition, input.checkpointNs, input.ttlSeconds);
  const chunks: ChunkItem[] = [];
  const planned: PlannedWrite[] = [];
  for (const [position, [channel, value]] of input.writes.entries()) {
    const idx = storedWriteIndex(channel, position);
    const id = writeItemId(input.checkpointNs, input.checkpointId, input.taskId, idx);
    const encoded = await encodePayload(input.codec, value);
    chunks.push(...chunkItemsFor(id, encoded, base));
    const item: WriteItem = {
      ...base,
      id,
      kind: "write",
      checkpoint_id: input.checkpointId,
      checkpoint_key: checkpointKey(input.checkpointNs, input.checkpointId),
      task_id: input.taskId,
      task_path: input.taskPath,
      idx,
      channel,
      payload: encoded.payload,
    };
    const body = itemBody(item);
    planned.push({
      id,
      operation: {
        operationType: isUpsertWrite(channel) ? "Upsert" : "Create",
        resourceBody: body,
      },
      bytes: Buffer.byteLength(JSON.stringify(body), "utf8"),
    });
  }
  // Chunk ids carry a hash of their content, so writing them ahead never touches the chunks
  // of a write that already exists with other content.
  await runLimited(
    chunks.map((chunk) => () => upsertItem(container, { ...chunk }, meter)),
    AHEAD_WRITE_CONCURRENCY,
  );
  for (const batch of packBatches(planned, input.batchBudgetBytes)) {
    await writeBatch(container, input.partition.partitionKey, batch, meter);
  }
}
