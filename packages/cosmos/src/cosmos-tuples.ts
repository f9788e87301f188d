import type { Container, PartitionKey } from "@azure/cosmos";
import { CheckpointKitError, CorruptCheckpointError, sortStoredWrites } from "@checkpointkit/core";
import type {
  Checkpoint,
  CheckpointMetadata,
  CheckpointPendingWrite,
  CheckpointTuple,
} from "@langchain/langgraph-checkpoint";
import type {
  CheckpointItem,
  ChunkItem,
  StoredItem,
  StoredPayload,
  ValueItem,
  WriteItem,
  WritesItem,
} from "./cosmos-items.js";
import { decodePayload, isChunked, type PayloadCodec } from "./cosmos-payloads.js";
import { chunksQuery } from "./cosmos-queries.js";
import { queryAll, type RequestMeter } from "./cosmos-requests.js";
import { resolveWrites } from "./cosmos-writes-log.js";

/** Where the items of one thread are read from. */
export interface PartitionReader {
  container: Container;
  partitionKey: PartitionKey;
  codec: PayloadCodec;
  meter: RequestMeter;
}

/** Owner id of a checkpoint item's metadata chunks (its checkpoint chunks use the item id). */
export function metadataOwnerId(checkpointItemId: string): string {
  return `${checkpointItemId}:metadata`;
}

/** Ids whose payload lives in chunk items, for every item given. */
function chunkedOwnerIds(items: readonly StoredItem[]): string[] {
  const owners: string[] = [];
  const add = (ownerId: string, payload: StoredPayload | undefined) => {
    // A missing payload is reported by the decoding that needs it, with its thread.
    if (payload !== undefined && payload !== null && isChunked(payload)) owners.push(ownerId);
  };
  for (const item of items) {
    if (item.kind === "checkpoint") {
      add(item.id, item.checkpoint);
      add(metadataOwnerId(item.id), item.metadata);
    } else if (item.kind === "value" || item.kind === "write") {
      add(item.id, item.payload);
    } else if (item.kind === "writes" && writesLogIsChunked(item)) {
      owners.push(item.id);
    }
  }
  return owners;
}

function writesLogIsChunked(item: WritesItem): boolean {
  return (Array.isArray(item.calls) ? item.calls : []).some((call) =>
    (Array.isArray(call?.writes) ? call.writes : []).some(
      (write) => write?.payload !== undefined && write.payload !== null && isChunked(write.payload),
    ),
  );
}

/** One more query, only when some payload was too large to inline. */
export async function loadChunks(
  reader: PartitionReader,
  items: readonly StoredItem[],
): Promise<ChunkItem[]> {
  const owners = chunkedOwnerIds(items);
  if (owners.length === 0) return [];
  return queryAll<ChunkItem>(
    reader.container,
    chunksQuery(owners),
    reader.partitionKey,
    reader.meter,
  );
}

/** Indexes chunk items by owner so each decode sees only its own. */
export function groupChunks(chunks: readonly ChunkItem[]): Map<string, ChunkItem[]> {
  const byOwner = new Map<string, ChunkItem[]>();
  for (const chunk of chunks) {
    const list = byOwner.get(chunk.owner_id);
    if (list === undefined) byOwner.set(chunk.owner_id, [chunk]);
    else list.push(chunk);
  }
  return byOwner;
}

export async function decodeWrites(
  codec: PayloadCodec,
  writes: readonly WriteItem[],
  chunks: Map<string, ChunkItem[]>,
): Promise<CheckpointPendingWrite[]> {
  const ordered = sortStoredWrites(
    writes.map((item) => ({ item, taskPath: item.task_path, taskId: item.task_id, idx: item.idx })),
  );
  return Promise.all(
    ordered.map(
      async ({ item }): Promise<CheckpointPendingWrite> => [
        item.task_id,
        item.channel,
        await decodePayload(codec, item.payload, item.id, chunks.get(item.id)),
      ],
    ),
  );
}

/** The parts of a stored checkpoint, decoded; values keyed by value item id. */
export interface TupleParts {
  checkpointItem: CheckpointItem;
  valuesById: Map<string, ValueItem>;
  writes: WriteItem[];
  chunks: Map<string, ChunkItem[]>;
}

/**
 * Decodes a stored checkpoint. Whatever makes that impossible (a payload that does not
 * decode, a field of the wrong shape, a missing chunk) is a `CorruptCheckpointError` naming
 * the thread, namespace and checkpoint, so the caller knows which thread is damaged.
 */
export async function buildTuple(codec: PayloadCodec, parts: TupleParts): Promise<CheckpointTuple> {
  const item = parts.checkpointItem;
  try {
    return await decodeTuple(codec, parts);
  } catch (error) {
    throw namingCheckpoint(error, item, item.id);
  }
}

/** Where a stored record belongs: what a `CorruptCheckpointError` about it names. */
export interface CheckpointAddress {
  thread_id: string;
  checkpoint_ns: string;
  checkpoint_id: string;
}

/**
 * A decoding failure as a `CorruptCheckpointError` naming the thread, namespace and checkpoint
 * (the item alone does not tell a user which thread is damaged). Other typed errors pass.
 */
export function namingCheckpoint(
  error: unknown,
  address: CheckpointAddress,
  itemId: string,
): unknown {
  if (CheckpointKitError.isInstance(error) && !CorruptCheckpointError.isInstance(error)) {
    return error;
  }
  const location = CorruptCheckpointError.isInstance(error) ? error.location : undefined;
  const reason = error instanceof Error ? error.message : String(error);
  return new CorruptCheckpointError(
    `thread ${JSON.stringify(address.thread_id)}, namespace ${JSON.stringify(address.checkpoint_ns)}, checkpoint ${JSON.stringify(address.checkpoint_id)} cannot be read: ${reason}`,
    { cause: error, location: location ?? itemId },
  );
}

async function decodeTuple(codec: PayloadCodec, parts: TupleParts): Promise<CheckpointTuple> {
  const { checkpointItem: item, chunks } = parts;
  const stored = (await decodePayload(
    codec,
    item.checkpoint,
    item.id,
    chunks.get(item.id),
  )) as Omit<Checkpoint, "channel_values">;
  const channelValues: Record<string, unknown> = {};
  for (const ref of item.value_refs) {
    const valueItem = parts.valuesById.get(ref.id);
    if (valueItem === undefined) continue;
    const value = await decodePayload(
      codec,
      valueItem.payload,
      valueItem.id,
      chunks.get(valueItem.id),
    );
    // defineProperty: a channel called `__proto__` must become a property, not a prototype.
    Object.defineProperty(channelValues, ref.channel, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  const metadataId = metadataOwnerId(item.id);
  const metadata = (await decodePayload(
    codec,
    item.metadata,
    metadataId,
    chunks.get(metadataId),
  )) as CheckpointMetadata;
  const configurable = {
    thread_id: item.thread_id,
    checkpoint_ns: item.checkpoint_ns,
    checkpoint_id: item.checkpoint_id,
  };
  const tuple: CheckpointTuple = {
    config: { configurable },
    checkpoint: { ...stored, channel_values: channelValues } as Checkpoint,
    metadata,
    pendingWrites: await decodeWrites(codec, parts.writes, chunks),
  };
  if (item.parent_checkpoint_id !== null) {
    tuple.parentConfig = {
      configurable: { ...configurable, checkpoint_id: item.parent_checkpoint_id },
    };
  }
  return tuple;
}

/** Splits what a query returned into the parts of each checkpoint it covers. */
export function sortItems(items: readonly StoredItem[]): {
  checkpoints: CheckpointItem[];
  valuesById: Map<string, ValueItem>;
  /** Resolved (see `resolveWrites`), from `write` items and writes items alike. */
  writesByCheckpointKey: Map<string, WriteItem[]>;
  chunks: ChunkItem[];
} {
  const checkpoints: CheckpointItem[] = [];
  const valuesById = new Map<string, ValueItem>();
  const writeItems = new Map<string, WriteItem[]>();
  const writesItems = new Map<string, WritesItem[]>();
  const chunks: ChunkItem[] = [];
  const add = <T>(map: Map<string, T[]>, key: string, item: T) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [item]);
    else list.push(item);
  };
  for (const item of items) {
    if (item.kind === "checkpoint") {
      checkpoints.push(item);
      addValueCopies(valuesById, item);
    } else if (item.kind === "value") valuesById.set(item.id, item);
    else if (item.kind === "chunk") chunks.push(item);
    else if (item.kind === "write") add(writeItems, item.checkpoint_key, item);
    else if (item.kind === "writes") add(writesItems, item.checkpoint_key, item);
  }
  const writesByCheckpointKey = new Map<string, WriteItem[]>();
  for (const key of new Set([...writeItems.keys(), ...writesItems.keys()])) {
    writesByCheckpointKey.set(
      key,
      resolveWrites(writeItems.get(key) ?? [], writesItems.get(key) ?? []),
    );
  }
  return { checkpoints, valuesById, writesByCheckpointKey, chunks };
}

/**
 * The values a checkpoint item carries copies of, as the value items they copy (same id,
 * same payload): a reader that has the checkpoint item needs no read for them.
 */
export function addValueCopies(valuesById: Map<string, ValueItem>, item: CheckpointItem): void {
  if (!Array.isArray(item.value_copies)) return;
  const refs = Array.isArray(item.value_refs) ? item.value_refs : [];
  for (const copy of item.value_copies) {
    if (typeof copy?.id !== "string" || valuesById.has(copy.id)) continue;
    const channel = refs.find((ref) => ref?.id === copy.id)?.channel ?? "";
    valuesById.set(copy.id, {
      id: copy.id,
      kind: "value",
      thread_key: item.thread_key,
      thread_id: item.thread_id,
      checkpoint_ns: item.checkpoint_ns,
      channel,
      version: 0,
      payload: copy.payload,
    });
  }
}
