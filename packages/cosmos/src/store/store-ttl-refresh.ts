import type { Container, OperationInput } from "@azure/cosmos";
import type { RequestMeter } from "../cosmos-requests.js";
import { runPartitionedBatches } from "./store-batches.js";
import type { StoreItemDocument } from "./store-items.js";

/**
 * Cosmos DB counts an item's TTL from its last write, so a read starts the TTL again by
 * rewriting the item's own `ttl` (a patch: the value is not sent again). One transactional
 * batch per partition (≤ 100 items each), all partitions at once.
 */
export async function refreshTtls(
  container: Container,
  documents: readonly StoreItemDocument[],
  meter: RequestMeter,
): Promise<void> {
  const expiring = documents.filter((document) => typeof document.ttl === "number");
  const seen = new Set<string>();
  const unique = expiring.filter((document) => {
    const identity = `${document.pk}\u0000${document.id}`;
    if (seen.has(identity)) return false;
    seen.add(identity);
    return true;
  });
  await runPartitionedBatches(
    container,
    unique.map((document) => ({
      partitionKey: document.pk,
      operation: {
        operationType: "Patch",
        id: document.id,
        resourceBody: { operations: [{ op: "set", path: "/ttl", value: document.ttl }] },
      } as OperationInput,
    })),
    meter,
  );
}
