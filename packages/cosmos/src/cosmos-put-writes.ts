import type { Container } from "@azure/cosmos";
import { isUpsertWrite, storedWriteIndex } from "@checkpointkit/core";
import type { PendingWrite } from "@langchain/langgraph-checkpoint";
import { packBatches } from "./cosmos-batch-packing.js";
import { type PlannedOperation, writeInsertIfAbsent } from "./cosmos-insert-batch.js";
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
import { type RequestMeter, runLimited, upsertItem } from "./cosmos-requests.js";

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
  const planned: PlannedOperation[] = [];
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
    await writeInsertIfAbsent(container, input.partition.partitionKey, batch, meter, "putWrites");
  }
}
