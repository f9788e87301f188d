import type { Container } from "@azure/cosmos";
import { deleteItemUnits } from "./cosmos-batch-delete.js";
import { type PruneCriteria, type PruneVictim, scanThreadForPrune } from "./cosmos-prune-scan.js";
import { chunkIdsByOwner, type PrunePartition } from "./cosmos-prune-target.js";
import { threadHeadsQuery, writeIdsQuery } from "./cosmos-queries.js";
import { queryAll, queryPages, type RequestMeter } from "./cosmos-requests.js";
import { removeFromThreadTotalsOperation } from "./cosmos-thread-item.js";

/** Victims one round deletes; their keys stay far below the query size limit. */
const VICTIMS_PER_ROUND = 50;
/** Head items read per page when visiting every thread. */
const THREAD_PAGE_SIZE = 1000;

interface VictimWrite {
  id: string;
  kind: "write" | "writes";
  checkpoint_key: string;
  payload_chunks?: number;
}

/**
 * How many victims not yet deleted reference each value item no kept checkpoint references:
 * a value goes in the round that deletes the last of them, so an interrupted prune leaves
 * no unreferenced value behind from the rounds it completed.
 */
function countValueReferences(victims: readonly PruneVictim[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const victim of victims) {
    for (const id of victim.unkeptValueIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/**
 * One round: the victims, each as one unit — its writes (each after its chunks), its own
 * chunks, then the checkpoint item — and after them the value items (with their chunks) no
 * remaining checkpoint references any more. A unit of up to 100 items goes in one
 * transactional batch, so a reader sees a checkpoint whole or not at all; a larger one is
 * split with the checkpoint item last, so an interrupted prune leaves nothing a later prune
 * cannot find. Two queries (writes, chunk ids), then batches. Returns the checkpoints deleted.
 */
async function pruneRound(
  target: PrunePartition,
  victims: readonly PruneVictim[],
  valueReferences: Map<string, number>,
): Promise<number> {
  const writes = await queryAll<VictimWrite>(
    target.container,
    writeIdsQuery(victims.map((victim) => victim.checkpointKey)),
    target.partitionKey,
    target.meter,
  );
  const freedValueIds: string[] = [];
  for (const victim of victims) {
    for (const id of victim.unkeptValueIds) {
      const remaining = (valueReferences.get(id) ?? 1) - 1;
      valueReferences.set(id, remaining);
      if (remaining === 0) freedValueIds.push(id);
    }
  }
  // A value's payload may be chunked; reading the value to find out would cost as much.
  const chunkIds = await chunkIdsByOwner(target, [
    ...victims.flatMap((victim) => victim.chunkOwnerIds),
    ...writes
      .filter((write) => write.kind === "writes" || write.payload_chunks !== undefined)
      .map((write) => write.id),
    ...freedValueIds,
  ]);
  const chunksOf = (ownerId: string) => chunkIds.get(ownerId) ?? [];
  const writesByCheckpoint = new Map<string, string[]>();
  for (const write of writes) {
    const unit = writesByCheckpoint.get(write.checkpoint_key) ?? [];
    unit.push(...chunksOf(write.id), write.id);
    writesByCheckpoint.set(write.checkpoint_key, unit);
  }
  const units: string[][] = victims.map((victim) => [
    ...(writesByCheckpoint.get(victim.checkpointKey) ?? []),
    ...victim.chunkOwnerIds.flatMap(chunksOf),
    victim.itemId,
  ]);
  for (const id of freedValueIds) units.push([...chunksOf(id), id]);
  // Each batch that deletes checkpoints takes them out of the thread's totals, atomically.
  const victimsById = new Map(victims.map((victim) => [victim.itemId, victim]));
  const deleted = await deleteItemUnits(
    target.container,
    target.partitionKey,
    units,
    target.meter,
    (ids) => {
      const gone = ids.flatMap((id) => victimsById.get(id) ?? []);
      if (gone.length === 0) return undefined;
      const bytes = gone.reduce((sum, victim) => sum + victim.storedBytes, 0);
      return removeFromThreadTotalsOperation(gone.length, bytes);
    },
  );
  return victims.filter((victim) => deleted.has(victim.itemId)).length;
}

/**
 * Prunes one thread: one paged scan of its checkpoint ids, then rounds of up to 50 victims
 * with the values they alone referenced. Returns the number of checkpoints deleted.
 */
export async function pruneThread(
  target: PrunePartition,
  criteria: PruneCriteria,
): Promise<number> {
  const { victims } = await scanThreadForPrune(
    target.container,
    target.partitionKey,
    criteria,
    target.meter,
  );
  const valueReferences = countValueReferences(victims);
  let deletedCheckpoints = 0;
  for (let start = 0; start < victims.length; start += VICTIMS_PER_ROUND) {
    const round = victims.slice(start, start + VICTIMS_PER_ROUND);
    deletedCheckpoints += await pruneRound(target, round, valueReferences);
  }
  return deletedCheckpoints;
}

/**
 * Calls `visit` once per thread that has a head item (every thread with a checkpoint), read
 * page by page with a cross-partition query. Prune never deletes heads, so the query's
 * continuation is unaffected by the visits.
 */
export async function forEachThread(
  container: Container,
  tenantKey: string | undefined,
  meter: RequestMeter,
  visit: (threadId: string) => Promise<void>,
): Promise<void> {
  const seen = new Set<string>();
  for await (const page of queryPages<{ thread_id: string }>(
    container,
    threadHeadsQuery(tenantKey),
    { maxItemCount: THREAD_PAGE_SIZE },
    meter,
  )) {
    for (const { thread_id: threadId } of page) {
      if (seen.has(threadId)) continue;
      seen.add(threadId);
      await visit(threadId);
    }
  }
}
