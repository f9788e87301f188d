import type { OperationInput, PatchOperation } from "@azure/cosmos";
import type { StateSizeGuard } from "@checkpointkit/core";
import { encodeStoredSize, storedSizeOf } from "@checkpointkit/core";
import type {
  ChannelVersions,
  Checkpoint,
  CheckpointMetadata,
} from "@langchain/langgraph-checkpoint";
import { MAX_BATCH_OPERATIONS } from "./cosmos-batch-packing.js";
import {
  type ChannelVersion,
  type CheckpointItem,
  type ChunkItem,
  checkpointItemId,
  checkpointKey,
  type HeadItem,
  headItemId,
  itemBase,
  itemBody,
  type ThreadPartition,
  type ValueCopy,
  type ValueItem,
  type ValueRef,
  valueItemId,
  type WritesItem,
  writesItemId,
} from "./cosmos-items.js";
import { metadataProjection } from "./cosmos-metadata-projection.js";
import {
  chunkItemsFor,
  type EncodedPayload,
  encodePayload,
  type PayloadCodec,
} from "./cosmos-payloads.js";
import { measureEncodedPut } from "./cosmos-stored-size.js";
import {
  newThreadItem,
  type ThreadItem,
  type ThreadTotalsDelta,
  writeTimeNow,
} from "./cosmos-thread-item.js";

export interface PutInput {
  partition: ThreadPartition;
  checkpointNs: string;
  parentCheckpointId: string | undefined;
  checkpoint: Checkpoint;
  metadata: CheckpointMetadata;
  newVersions: ChannelVersions;
  ttlSeconds: number | undefined;
  codec: PayloadCodec;
  batchBudgetBytes: number;
  /** Checked on the encoded payloads, before anything is written. */
  stateSize?: StateSizeGuard;
}

/**
 * What one `put` writes. `aheadItems` (chunks, and values that would overflow the batch) are
 * upserted before the batch: they are immutable by id, so writing them early or twice is
 * harmless, and nothing references them until the batch commits.
 */
export interface PutPlan {
  aheadItems: (ChunkItem | ValueItem)[];
  /** Upserts of value items and the checkpoint item, in the batch. */
  itemOperations: OperationInput[];
  head: HeadItem;
  /** The checkpoint's empty writes item, created in the batch unless it exists already. */
  writesItem: WritesItem;
  /** TTL re-stamps of value items the checkpoint keeps referencing (only with a TTL). */
  refreshOperations: OperationInput[];
  /** What the put adds to its thread's totals when it stores a new checkpoint. */
  threadTotals: ThreadTotalsDelta & { updatedAt: string };
  /** The thread item as this put would create it (holding only this checkpoint). */
  threadItem: ThreadItem;
}

/**
 * Bytes of value payloads a checkpoint item carries copies of (smallest first): enough for
 * the states of most graphs, so `list` pages and `getTuple` read no value items, while a
 * large state costs no more than this twice per put.
 */
export const VALUE_COPY_BUDGET_BYTES = 65_536;

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), "utf8");
}

/**
 * The value item each channel of the checkpoint is read from: the one at the channel's
 * version. A channel this put gives a new version but no value is empty at that version and
 * gets no reference; channels not in `newVersions` point at what an earlier put stored.
 */
export function valueRefsOf(
  checkpointNs: string,
  channelVersions: ChannelVersions,
  isEmptyNow: (channel: string) => boolean,
): ValueRef[] {
  const refs: ValueRef[] = [];
  for (const [channel, version] of Object.entries(channelVersions ?? {})) {
    if (!isEmptyNow(channel))
      refs.push({ channel, id: valueItemId(checkpointNs, channel, version) });
  }
  return refs;
}

export async function planPut(input: PutInput): Promise<PutPlan> {
  const { checkpoint, codec } = input;
  const values: EncodedChannelValue[] = [];
  for (const [channel, version] of Object.entries(input.newVersions)) {
    const hasValue = Object.hasOwn(checkpoint.channel_values ?? {}, channel);
    values.push({
      channel,
      version,
      encoded: hasValue
        ? await encodePayload(codec, checkpoint.channel_values[channel])
        : undefined,
    });
  }
  const { channel_values: _values, ...checkpointWithoutValues } = checkpoint;
  const encodedCheckpoint = await encodePayload(codec, checkpointWithoutValues);
  const encodedMetadata = await encodePayload(codec, input.metadata);
  input.stateSize?.check(
    measureEncodedPut({
      threadId: input.partition.threadId,
      checkpointNs: input.checkpointNs,
      checkpointId: checkpoint.id,
      values,
      encodedCheckpoint,
      encodedMetadata,
    }),
  );
  return planEncodedPut({
    ...input,
    checkpointId: checkpoint.id,
    channelVersions: checkpoint.channel_versions,
    encodedCheckpoint,
    encodedMetadata,
    metadataJson: metadataProjection(input.metadata),
    values,
  });
}

/** A channel's value at a new version, encoded; `undefined` = the channel is empty there. */
export interface EncodedChannelValue {
  channel: string;
  version: ChannelVersion;
  encoded: EncodedPayload | undefined;
}

/** What a put stores, already encoded: from live objects (`planPut`) or serialized records. */
export interface EncodedPutInput {
  partition: ThreadPartition;
  checkpointNs: string;
  checkpointId: string;
  parentCheckpointId: string | undefined;
  /** Every channel's version: what the checkpoint references. */
  channelVersions: ChannelVersions;
  /** The checkpoint without its channel values. */
  encodedCheckpoint: EncodedPayload;
  encodedMetadata: EncodedPayload;
  /** What `list` filters compare against (see `metadataProjection`). */
  metadataJson: unknown;
  /** The channels at new versions (`newVersions`). */
  values: readonly EncodedChannelValue[];
  ttlSeconds: number | undefined;
  batchBudgetBytes: number;
  /** ISO 8601 time the thread item records; default now (a cold write passes its record's). */
  writtenAt?: string;
  /**
   * The channels the size record counts, when `values` may hold more than the put changed (a
   * cold write of a checkpoint shipped with every value); default: every value.
   */
  introducedChannels?: readonly string[] | undefined;
}

export function planEncodedPut(input: EncodedPutInput): PutPlan {
  const { partition, checkpointNs, ttlSeconds } = input;
  const base = itemBase(partition, checkpointNs, ttlSeconds);
  const aheadItems: (ChunkItem | ValueItem)[] = [];

  const valueItems: ValueItem[] = [];
  const emptyNow = new Set<string>();
  for (const { channel, version, encoded } of input.values) {
    if (encoded === undefined) {
      emptyNow.add(channel);
      continue;
    }
    const id = valueItemId(checkpointNs, channel, version);
    aheadItems.push(...chunkItemsFor(id, encoded, base));
    valueItems.push({ ...base, id, kind: "value", channel, version, payload: encoded.payload });
  }

  const valueCopies: ValueCopy[] = [];
  let copiedBytes = 0;
  const inlined = valueItems
    .filter((item) => item.payload.data !== undefined)
    .map((item) => ({ item, size: jsonBytes(item.payload) }))
    .sort((a, b) => a.size - b.size);
  for (const { item, size } of inlined) {
    if (copiedBytes + size > VALUE_COPY_BUDGET_BYTES) break;
    valueCopies.push({ id: item.id, payload: item.payload });
    copiedBytes += size;
  }
  const copiedIds = new Set(valueCopies.map((copy) => copy.id));

  const id = checkpointItemId(checkpointNs, input.checkpointId);
  const writesId = writesItemId(checkpointNs, input.checkpointId);
  const metadataOwnerId = `${id}:metadata`;
  aheadItems.push(...chunkItemsFor(id, input.encodedCheckpoint, base));
  aheadItems.push(...chunkItemsFor(metadataOwnerId, input.encodedMetadata, base));
  const valueRefs = valueRefsOf(checkpointNs, input.channelVersions, (channel) =>
    emptyNow.has(channel),
  );
  const introduced =
    input.introducedChannels === undefined ? undefined : new Set(input.introducedChannels);
  const storedSize = storedSizeOf(
    measureEncodedPut({
      ...input,
      threadId: partition.threadId,
      values:
        introduced === undefined
          ? input.values
          : input.values.filter(({ channel }) => introduced.has(channel)),
    }),
  );
  const checkpointItem: CheckpointItem = {
    ...base,
    id,
    kind: "checkpoint",
    checkpoint_id: input.checkpointId,
    checkpoint_key: checkpointKey(checkpointNs, input.checkpointId),
    parent_checkpoint_id: input.parentCheckpointId ?? null,
    checkpoint: input.encodedCheckpoint.payload,
    metadata: input.encodedMetadata.payload,
    metadata_json: input.metadataJson,
    value_refs: valueRefs,
    writes_id: writesId,
    value_copies: valueCopies,
    stored_size: encodeStoredSize(storedSize),
    stored_bytes: storedSize.storedBytes,
  };
  const head: HeadItem = {
    ...base,
    id: headItemId(checkpointNs),
    kind: "head",
    checkpoint_id: input.checkpointId,
    value_ids: valueRefs.map((ref) => ref.id),
    writes_id: writesId,
    read_value_ids: valueRefs.map((ref) => ref.id).filter((valueId) => !copiedIds.has(valueId)),
    stored_bytes: storedSize.storedBytes,
  };
  const writesItem: WritesItem = {
    ...base,
    id: writesId,
    kind: "writes",
    checkpoint_id: input.checkpointId,
    checkpoint_key: checkpointItem.checkpoint_key,
    calls: [],
  };

  const newIds = new Set(valueItems.map((item) => item.id));
  const refreshOperations: OperationInput[] =
    ttlSeconds === undefined
      ? []
      : valueRefs
          .filter((ref) => !newIds.has(ref.id))
          .map((ref) => ({
            operationType: "Patch",
            id: ref.id,
            resourceBody: { operations: [{ op: "set", path: "/ttl", value: ttlSeconds }] },
          }));

  const threadTotals = {
    checkpoints: 1,
    storedBytes: storedSize.storedBytes,
    updatedAt: input.writtenAt ?? writeTimeNow(),
  };
  const threadItem = newThreadItem(partition, threadTotals, ttlSeconds);
  // The checkpoint, the head, the thread item and the refreshes always go in the batch;
  // values fill what is left of the budget, smallest first, and the rest are written ahead.
  const itemOperations: OperationInput[] = [
    { operationType: "Upsert", resourceBody: itemBody(checkpointItem) },
  ];
  let bytes =
    jsonBytes(checkpointItem) +
    jsonBytes(head) * 2 +
    jsonBytes(writesItem) +
    jsonBytes(threadItem) +
    jsonBytes(refreshOperations);
  let operationCount = 4 + refreshOperations.length;
  const sized = valueItems
    .map((item) => ({ item, size: jsonBytes(item) }))
    .sort((a, b) => a.size - b.size);
  for (const { item, size } of sized) {
    if (operationCount < MAX_BATCH_OPERATIONS && bytes + size <= input.batchBudgetBytes) {
      itemOperations.unshift({ operationType: "Upsert", resourceBody: itemBody(item) });
      bytes += size;
      operationCount += 1;
    } else {
      aheadItems.push(item);
    }
  }
  return {
    aheadItems,
    itemOperations,
    head,
    writesItem,
    refreshOperations,
    threadTotals,
    threadItem,
  };
}

/** Creates the head: used for a namespace's first checkpoint. Fails with 409 when it exists. */
export function createHeadOperation(head: HeadItem): OperationInput {
  return { operationType: "Create", resourceBody: itemBody(head) };
}

/**
 * Moves the head to this checkpoint only if it points at an older (or the same) one: the
 * condition makes a replayed or late `put` fail with 412 instead of moving it backwards.
 * Checkpoint ids are compared as strings, which orders uuid6 ids by time.
 */
export function advanceHeadOperation(head: HeadItem): OperationInput {
  const operations: PatchOperation[] = [
    { op: "set", path: "/checkpoint_id", value: head.checkpoint_id },
    { op: "set", path: "/value_ids", value: head.value_ids },
    { op: "set", path: "/writes_id", value: head.writes_id },
    { op: "set", path: "/read_value_ids", value: head.read_value_ids },
  ];
  if (head.stored_bytes !== undefined) {
    operations.push({ op: "set", path: "/stored_bytes", value: head.stored_bytes });
  }
  if (head.chunked_owner_ids !== undefined) {
    operations.push({ op: "set", path: "/chunked_owner_ids", value: head.chunked_owner_ids });
  }
  if (head.ttl !== undefined) operations.push({ op: "set", path: "/ttl", value: head.ttl });
  return {
    operationType: "Patch",
    id: head.id,
    resourceBody: {
      operations,
      condition: `FROM c WHERE c.checkpoint_id <= ${JSON.stringify(head.checkpoint_id)}`,
    },
  };
}
