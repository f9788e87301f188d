import type { Container, PartitionKey } from "@azure/cosmos";
import { isUpsertWrite, PayloadTooLargeError } from "@checkpointkit/core";
import { serializedWriteIndex } from "@checkpointkit/core/internal";
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
import {
  chunkItemsFor,
  type EncodedPayload,
  encodePayload,
  type PayloadCodec,
} from "./cosmos-payloads.js";
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

/** A task's writes, already encoded: from `putWrites` or from serialized records. */
export interface EncodedWritesInput extends Omit<PutWritesInput, "writes" | "codec"> {
  /** In call order: a write without `idx` is stored under its position's index. */
  writes: readonly { channel: string; encoded: EncodedPayload; idx?: number }[];
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
  const writes: { channel: string; encoded: EncodedPayload }[] = [];
  for (const [channel, value] of input.writes) {
    writes.push({ channel, encoded: await encodePayload(input.codec, value) });
  }
  await putEncodedWriteItems(container, { ...input, writes }, meter);
}

export async function putEncodedWriteItems(
  container: Container,
  input: EncodedWritesInput,
  meter: RequestMeter,
): Promise<void> {
  const base = itemBase(input.partition, input.checkpointNs, input.ttlSeconds);
  const chunks: ChunkItem[] = [];
  const planned: PlannedOperation[] = [];
  for (const [position, write] of input.writes.entries()) {
    const { channel, encoded } = write;
    const idx = serializedWriteIndex(write, position, `writes[${position}]`);
    const id = writeItemId(input.checkpointNs, input.checkpointId, input.taskId, idx);
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
    await writeSplittingTooLarge(container, input.partition.partitionKey, batch, meter);
  }
}

/**
 * Writes are independent of each other, so a batch the service refuses as too large (a
 * budget above its request limit, or sizes it counts differently) is written in halves,
 * down to single writes; a single write it refuses stays a `PayloadTooLargeError`.
 */
async function writeSplittingTooLarge(
  container: Container,
  partitionKey: PartitionKey,
  batch: readonly PlannedOperation[],
  meter: RequestMeter,
): Promise<void> {
  try {
    await writeInsertIfAbsent(container, partitionKey, batch, meter, "putWrites");
  } catch (error) {
    if (!(PayloadTooLargeError.isInstance(error) && batch.length > 1)) throw error;
    const half = Math.ceil(batch.length / 2);
    await writeSplittingTooLarge(container, partitionKey, batch.slice(0, half), meter);
    await writeSplittingTooLarge(container, partitionKey, batch.slice(half), meter);
  }
}
