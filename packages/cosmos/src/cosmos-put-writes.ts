import type { Container, OperationInput, PatchOperation } from "@azure/cosmos";
import {
  CheckpointConflictError,
  PayloadTooLargeError,
  type StateSizeGuard,
} from "@checkpointkit/core";
import { serializedWriteIndex } from "@checkpointkit/core/internal";
import type { PendingWrite } from "@langchain/langgraph-checkpoint";
import { cosmosStatusCode, isContainerMissing } from "./cosmos-errors.js";
import { appendCallFenced } from "./cosmos-fenced-writes.js";
import {
  type ChunkItem,
  checkpointKey,
  type HeadItem,
  headItemId,
  itemBase,
  type ThreadPartition,
  type WritesCall,
  type WritesItem,
  writesItemId,
} from "./cosmos-items.js";
import {
  chunkItemsFor,
  type EncodedPayload,
  encodePayload,
  type PayloadCodec,
  payloadSize,
  toChunks,
} from "./cosmos-payloads.js";
import {
  type RequestMeter,
  readItem,
  runLimited,
  sendRequest,
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
  /** Checked on the encoded payloads, before anything is written. */
  stateSize?: StateSizeGuard;
  /**
   * `history: "latest"`: writes to a checkpoint the head has moved past are dropped, not
   * stored in a writes item nothing can reach (its checkpoint is deleted).
   */
  dropSuperseded?: boolean;
  /** A lease-fenced call (see cosmos-fenced-writes.ts): this patch of the lease item goes along. */
  leaseOperation?: OperationInput;
}

/** A task's writes, already encoded: from `putWrites` or from serialized records. */
export interface EncodedWritesInput extends Omit<PutWritesInput, "writes" | "codec"> {
  /** In call order: a write without `idx` is stored under its position's index. */
  writes: readonly { channel: string; encoded: EncodedPayload; idx?: number }[];
  /** Size of the chunk items a payload moved out of the writes item is split into. */
  chunkSizeBytes: number;
}

const AHEAD_WRITE_CONCURRENCY = 4;
/**
 * Inline payload bytes one call may add to the writes item; larger payloads of the call are
 * moved to chunk items (largest first), so a checkpoint's writes item holds many calls
 * before it nears the 2 MB item limit.
 */
export const WRITES_CALL_INLINE_BYTES = 262_144;
/** A patch racing with the creation of the writes item is retried this often. */
const MAX_CREATE_RACES = 3;

export async function putWriteItems(
  container: Container,
  input: PutWritesInput,
  meter: RequestMeter,
): Promise<void> {
  const writes: { channel: string; encoded: EncodedPayload }[] = [];
  for (const [channel, value] of input.writes) {
    writes.push({ channel, encoded: await encodePayload(input.codec, value) });
  }
  input.stateSize?.check({
    operation: "putWrites",
    threadId: input.partition.threadId,
    checkpointNs: input.checkpointNs,
    checkpointId: input.checkpointId,
    channels: writes.map((write) => payloadSize(write.channel, write.encoded)),
    overheadBytes: 0,
  });
  await putEncodedWriteItems(
    container,
    { ...input, writes, chunkSizeBytes: input.codec.chunkSizeBytes },
    meter,
  );
}

/**
 * Stores a task's writes as one call appended to the checkpoint's writes item: one patch
 * (plus chunk items written ahead for large payloads). Regular writes keep their first
 * record and special channels their last (see `resolveWrites`), so a replayed call changes
 * nothing a reader sees. An item the service finds too large (413) gets the call again with
 * every payload in chunk items; a call that still does not fit is a `PayloadTooLargeError`.
 */
export async function putEncodedWriteItems(
  container: Container,
  input: EncodedWritesInput,
  meter: RequestMeter,
): Promise<void> {
  const indexed = input.writes.map((write, position) => ({
    channel: write.channel,
    encoded: write.encoded,
    idx: serializedWriteIndex(write, position, `writes[${position}]`),
  }));
  try {
    await appendCall(container, input, indexed, false, meter);
  } catch (error) {
    if (!PayloadTooLargeError.isInstance(error)) throw error;
    await appendCall(container, input, indexed, true, meter);
  }
}

interface IndexedWrite {
  channel: string;
  encoded: EncodedPayload;
  idx: number;
}

async function appendCall(
  container: Container,
  input: EncodedWritesInput,
  writes: readonly IndexedWrite[],
  allChunked: boolean,
  meter: RequestMeter,
): Promise<void> {
  const base = itemBase(input.partition, input.checkpointNs, input.ttlSeconds);
  const writesId = writesItemId(input.checkpointNs, input.checkpointId);
  const payloads = placePayloads(writes, allChunked, input.chunkSizeBytes);
  const chunks: ChunkItem[] = payloads.flatMap((encoded) => chunkItemsFor(writesId, encoded, base));
  const call: WritesCall = {
    task_id: input.taskId,
    task_path: input.taskPath,
    writes: writes.map((write, index) => ({
      idx: write.idx,
      channel: write.channel,
      payload: (payloads[index] as EncodedPayload).payload,
    })),
  };
  // Chunk ids carry a hash of their content: writing them ahead touches no other payload.
  await runLimited(
    chunks.map((chunk) => () => upsertItem(container, { ...chunk }, meter)),
    AHEAD_WRITE_CONCURRENCY,
  );
  const item = container.item(writesId, input.partition.partitionKey);
  const operations: PatchOperation[] = [{ op: "add", path: "/calls/-", value: call }];
  if (input.ttlSeconds !== undefined) {
    operations.push({ op: "set", path: "/ttl", value: input.ttlSeconds });
  }
  if (input.leaseOperation !== undefined) {
    const created: WritesItem = {
      ...base,
      id: writesId,
      kind: "writes",
      checkpoint_id: input.checkpointId,
      checkpoint_key: checkpointKey(input.checkpointNs, input.checkpointId),
      calls: [call],
    };
    const target = { container, partition: input.partition, meter };
    const superseded =
      input.dropSuperseded === true ? () => isSuperseded(container, input, meter) : undefined;
    return appendCallFenced(target, operations, created, input.leaseOperation, superseded);
  }
  for (let attempt = 0; attempt < MAX_CREATE_RACES; attempt += 1) {
    if (
      await patchIfExists(
        container,
        meter,
        (abortSignal) => item.patch({ operations }, { abortSignal }),
        operations,
      )
    ) {
      return;
    }
    // No writes item yet: writes that reach the store before their checkpoint (the tiered
    // saver's flusher), or a checkpoint of the layout before writes items.
    if (input.dropSuperseded === true && (await isSuperseded(container, input, meter))) return;
    const created: WritesItem = {
      ...base,
      id: writesId,
      kind: "writes",
      checkpoint_id: input.checkpointId,
      checkpoint_key: checkpointKey(input.checkpointNs, input.checkpointId),
      calls: [call],
    };
    if (await createIfAbsent(container, meter, created)) return;
  }
  throw new CheckpointConflictError(
    "putWrites could not be applied: its checkpoint's writes item kept being created and removed concurrently",
  );
}

/** The namespace's head names a newer checkpoint than the one written to. */
async function isSuperseded(
  container: Container,
  input: EncodedWritesInput,
  meter: RequestMeter,
): Promise<boolean> {
  const head = await readItem<HeadItem>(
    container,
    headItemId(input.checkpointNs),
    input.partition.partitionKey,
    meter,
  );
  return head !== undefined && head.checkpoint_id > input.checkpointId;
}

/**
 * Which payloads stay inline in the call: small ones, smallest first, within
 * `WRITES_CALL_INLINE_BYTES`; the others (all of them when `allChunked`) go to chunk items.
 */
function placePayloads(
  writes: readonly IndexedWrite[],
  allChunked: boolean,
  chunkSizeBytes: number,
): EncodedPayload[] {
  const placed = writes.map((write) => write.encoded);
  const bySize = placed
    .map((encoded, index) => ({ index, size: encoded.payload.data?.length ?? 0 }))
    .filter(({ size }) => size > 0)
    .sort((a, b) => a.size - b.size);
  let inlineBytes = 0;
  for (const { index, size } of bySize) {
    if (!allChunked && inlineBytes + size <= WRITES_CALL_INLINE_BYTES) {
      inlineBytes += size;
    } else {
      placed[index] = toChunks(placed[index] as EncodedPayload, chunkSizeBytes);
    }
  }
  return placed;
}

/** Runs a patch; false when the item does not exist. */
async function patchIfExists(
  container: Container,
  meter: RequestMeter,
  patch: (abortSignal: AbortSignal | undefined) => Promise<{ requestCharge: number }>,
  sent: unknown,
): Promise<boolean> {
  try {
    const response = await sendRequest(meter, patch, sent);
    meter.add(response.requestCharge);
    return true;
  } catch (error) {
    meter.addError(error);
    if (cosmosStatusCode(error) === 404 && !isContainerMissing(error)) return false;
    throw meter.failure(error, container, "append to a writes item");
  }
}

/** Creates the writes item; false when another writer created it first. */
async function createIfAbsent(
  container: Container,
  meter: RequestMeter,
  item: WritesItem,
): Promise<boolean> {
  try {
    const response = await sendRequest(
      meter,
      (abortSignal) => container.items.create({ ...item }, { abortSignal }),
      item,
    );
    meter.add(response.requestCharge);
    return true;
  } catch (error) {
    meter.addError(error);
    if (cosmosStatusCode(error) === 409) return false;
    throw meter.failure(error, container, "create a writes item");
  }
}
