import type { Container, PartitionKey } from "@azure/cosmos";
import type { PruneOptions } from "@checkpointkit/core";
import { toEpochMs, validatePruneOptions } from "@checkpointkit/core/internal";
import type { ValueRef } from "./cosmos-items.js";
import { pruneScanQuery } from "./cosmos-queries.js";
import { queryPages, type RequestMeter } from "./cosmos-requests.js";
import { metadataOwnerId } from "./cosmos-tuples.js";

/** What `prune` removes, resolved from `PruneOptions`. */
export interface PruneCriteria {
  /** Newest checkpoints kept per namespace; at least 1, so the latest always stays. */
  keepLatest: number;
  /** Only checkpoints written before this instant (epoch ms) go; undefined: any age. */
  olderThanMs: number | undefined;
}

/** Validates `prune` options (`InvalidConfigError`) and resolves them. */
export function pruneCriteriaOf(options: PruneOptions): PruneCriteria {
  validatePruneOptions(options);
  return {
    keepLatest: options.keepLatest ?? 1,
    olderThanMs: options.olderThan === undefined ? undefined : toEpochMs(options.olderThan),
  };
}

/** A checkpoint item as the scan reads it: ids and references, no payloads. */
interface ScannedCheckpoint {
  id: string;
  checkpoint_ns: string;
  checkpoint_id: string;
  checkpoint_key: string;
  /** The service's write time, in whole seconds. */
  _ts?: number;
  value_refs?: ValueRef[];
  checkpoint_chunks?: number;
  metadata_chunks?: number;
  stored_bytes?: number;
}

/** A checkpoint to delete, with the owner ids of its own chunks and the values it references. */
export interface PruneVictim {
  itemId: string;
  checkpointKey: string;
  chunkOwnerIds: string[];
  /** Value items it references that no kept checkpoint does. */
  unkeptValueIds: string[];
  /** Its recorded stored bytes (0 when written before sizes were recorded). */
  storedBytes: number;
}

export interface ThreadPrunePlan {
  /** Newest first. */
  victims: PruneVictim[];
}

/** Checkpoints read per scan page: ids and value references only, so pages stay small. */
const SCAN_PAGE_SIZE = 500;

/**
 * `position` counts from 0 (the newest) within the namespace. `_ts` has whole seconds, so a
 * checkpoint counts as older than `olderThanMs` only when its whole second is: one written
 * at or after the instant is never pruned by it.
 */
export function isPruned(
  position: number,
  writtenAtSeconds: number | undefined,
  criteria: PruneCriteria,
): boolean {
  if (position < criteria.keepLatest) return false;
  if (criteria.olderThanMs === undefined) return true;
  return writtenAtSeconds !== undefined && (writtenAtSeconds + 1) * 1000 <= criteria.olderThanMs;
}

function victimOf(item: ScannedCheckpoint): PruneVictim {
  const chunkOwnerIds: string[] = [];
  if (item.checkpoint_chunks !== undefined) chunkOwnerIds.push(item.id);
  if (item.metadata_chunks !== undefined) chunkOwnerIds.push(metadataOwnerId(item.id));
  return {
    itemId: item.id,
    checkpointKey: item.checkpoint_key,
    chunkOwnerIds,
    // All of them until the scan knows what the kept checkpoints reference.
    unkeptValueIds: (item.value_refs ?? []).map((ref) => ref.id),
    storedBytes: typeof item.stored_bytes === "number" ? item.stored_bytes : 0,
  };
}

/**
 * Reads a partition's checkpoints newest first, page by page, and decides which go. Only ids
 * are held, not the checkpoints. Nothing is deleted while the scan's query is still paging,
 * so its continuation never skips an item.
 */
export async function scanThreadForPrune(
  container: Container,
  partitionKey: PartitionKey,
  criteria: PruneCriteria,
  meter: RequestMeter,
): Promise<ThreadPrunePlan> {
  const positions = new Map<string, number>();
  const victims: PruneVictim[] = [];
  const keptValueIds = new Set<string>();
  for await (const page of queryPages<ScannedCheckpoint>(
    container,
    pruneScanQuery(),
    { partitionKey, maxItemCount: SCAN_PAGE_SIZE },
    meter,
  )) {
    for (const item of page) {
      const position = positions.get(item.checkpoint_ns) ?? 0;
      positions.set(item.checkpoint_ns, position + 1);
      if (isPruned(position, item._ts, criteria)) {
        victims.push(victimOf(item));
      } else {
        for (const ref of item.value_refs ?? []) keptValueIds.add(ref.id);
      }
    }
  }
  for (const victim of victims) {
    victim.unkeptValueIds = victim.unkeptValueIds.filter((id) => !keptValueIds.has(id));
  }
  return { victims };
}
