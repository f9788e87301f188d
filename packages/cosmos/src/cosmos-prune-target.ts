import type { Container, PartitionKey } from "@azure/cosmos";
import { chunkIdsQuery } from "./cosmos-queries.js";
import { queryAll, type RequestMeter } from "./cosmos-requests.js";

/** The partition one `prune` pass works on. */
export interface PrunePartition {
  container: Container;
  partitionKey: PartitionKey;
  meter: RequestMeter;
}

/** Owner ids per chunk query, so the id list stays well below the 256 KB query limit. */
const OWNERS_PER_QUERY = 200;

/** Chunk ids per owner: one query per 200 owners, none without owners. */
export async function chunkIdsByOwner(
  target: PrunePartition,
  ownerIds: readonly string[],
): Promise<Map<string, string[]>> {
  const byOwner = new Map<string, string[]>();
  const found: { id: string; owner_id: string }[] = [];
  for (let start = 0; start < ownerIds.length; start += OWNERS_PER_QUERY) {
    found.push(
      ...(await queryAll<{ id: string; owner_id: string }>(
        target.container,
        chunkIdsQuery(ownerIds.slice(start, start + OWNERS_PER_QUERY)),
        target.partitionKey,
        target.meter,
      )),
    );
  }
  for (const chunk of found) {
    const list = byOwner.get(chunk.owner_id);
    if (list === undefined) byOwner.set(chunk.owner_id, [chunk.id]);
    else list.push(chunk.id);
  }
  return byOwner;
}
