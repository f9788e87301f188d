import type { Container, JSONObject } from "@azure/cosmos";
import { type StoreEmbedder, textsToEmbed } from "@checkpointkit/core/internal";
import type { RequestMeter } from "../cosmos-requests.js";
import type { WriteRequest } from "./store-batch-plan.js";
import { type PartitionedOperation, runPartitionedBatches } from "./store-batches.js";
import { readItems } from "./store-gets.js";
import { STORE_ITEM_KIND, type StoreItemDocument } from "./store-items.js";

/** Texts each put embeds, in write order (an empty list for deletes and `index: false`). */
function textsOf(writes: readonly WriteRequest[], embedder: StoreEmbedder | undefined): string[][] {
  return writes.map((write) => {
    if (embedder === undefined || write.value === null || write.index === false) return [];
    return textsToEmbed(write.value, write.index ?? embedder.fields);
  });
}

/**
 * Embeds every text of the batch's puts in one call to the model, before anything is
 * written: a failing model leaves the store untouched.
 */
export async function embedWrites(
  writes: readonly WriteRequest[],
  embedder: StoreEmbedder | undefined,
): Promise<(number[][] | undefined)[]> {
  const texts = textsOf(writes, embedder);
  const vectors = embedder === undefined ? [] : await embedder.embedDocuments(texts.flat());
  let next = 0;
  return texts.map((itemTexts) => {
    if (itemTexts.length === 0) return undefined;
    const itemVectors = vectors.slice(next, next + itemTexts.length);
    next += itemTexts.length;
    return itemVectors;
  });
}

/** Cosmos DB's `ttl` is whole seconds: a fraction is rounded up, never down to expiry. */
function ttlOf(write: WriteRequest, storeTtlSeconds: number | undefined): number | undefined {
  const seconds = write.ttlSeconds === undefined ? storeTtlSeconds : write.ttlSeconds;
  return seconds === null || seconds === undefined ? undefined : Math.ceil(seconds);
}

/**
 * Applies the batch's writes: point reads of the items first (a put keeps the item's
 * `created_at`; a delete of an absent item is skipped, since it would abort a transactional
 * batch), then one transactional batch per partition and 100 operations, all partitions at
 * once. Within a partition the writes of one call are atomic up to 100 items; across
 * partitions they are not (Cosmos DB has no cross-partition transaction).
 */
export async function applyWrites(
  container: Container,
  writes: readonly WriteRequest[],
  vectors: readonly (number[][] | undefined)[],
  storeTtlSeconds: number | undefined,
  meter: RequestMeter,
  withEmbedding = false,
): Promise<void> {
  const existing = await readItems(
    container,
    writes.map((write, resultIndex) => ({ resultIndex, address: write.address })),
    meter,
  );
  const nowMs = Date.now();
  const operations: PartitionedOperation[] = [];
  writes.forEach((write, index) => {
    const { address } = write;
    const current = existing[index];
    if (write.value === null) {
      if (current !== undefined) {
        operations.push({
          partitionKey: address.partitionKey,
          operation: { operationType: "Delete", id: address.id },
        });
      }
      return;
    }
    const document: StoreItemDocument = {
      id: address.id,
      pk: address.partitionKey,
      kind: STORE_ITEM_KIND,
      ns: address.namespace,
      ns_path: address.namespacePath,
      key: address.key,
      value: write.value,
      created_at: current?.created_at ?? nowMs,
      // Strictly after the previous write of this item, even within one millisecond.
      updated_at: Math.max(nowMs, (current?.updated_at ?? 0) + 1),
    };
    const ttl = ttlOf(write, storeTtlSeconds);
    if (ttl !== undefined) document.ttl = ttl;
    const itemVectors = vectors[index];
    if (itemVectors !== undefined) document.vectors = itemVectors;
    if (withEmbedding && itemVectors?.[0] !== undefined) document.embedding = itemVectors[0];
    operations.push({
      partitionKey: address.partitionKey,
      // The SDK types a batch body as JSONObject; the planned value is a JSON object (core's serializeStoreValue), so it is one.
      operation: { operationType: "Upsert", resourceBody: document as unknown as JSONObject },
    });
  });
  await runPartitionedBatches(container, operations, meter);
}
