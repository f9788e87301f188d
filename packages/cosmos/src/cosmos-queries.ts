import type { SqlParameter, SqlQuerySpec } from "@azure/cosmos";
import { isProjectableValue } from "./cosmos-metadata-projection.js";

/**
 * Every query the saver runs. Only the paths these queries filter or sort on are indexed
 * (see `cosmos-indexing-policy.ts`); values and checkpoints are base64 and never indexed.
 */

/** A checkpoint item and its writes (they share `checkpoint_key`) plus the value items named. */
export function checkpointWithRefsQuery(checkpointKey: string, valueIds: string[]): SqlQuerySpec {
  return {
    query:
      "SELECT * FROM c WHERE c.checkpoint_key = @checkpointKey OR ARRAY_CONTAINS(@valueIds, c.id)",
    parameters: [
      { name: "@checkpointKey", value: checkpointKey },
      { name: "@valueIds", value: valueIds },
    ],
  };
}

/** Value items by id and the writes (both layouts) of the given checkpoints. */
export function valuesAndWritesQuery(valueIds: string[], checkpointKeys: string[]): SqlQuerySpec {
  return {
    query:
      'SELECT * FROM c WHERE ARRAY_CONTAINS(@valueIds, c.id) OR (c.kind IN ("write", "writes") AND ARRAY_CONTAINS(@checkpointKeys, c.checkpoint_key))',
    parameters: [
      { name: "@valueIds", value: valueIds },
      { name: "@checkpointKeys", value: checkpointKeys },
    ],
  };
}

export function chunksQuery(ownerIds: string[]): SqlQuerySpec {
  return {
    query: 'SELECT * FROM c WHERE c.kind = "chunk" AND ARRAY_CONTAINS(@ownerIds, c.owner_id)',
    parameters: [{ name: "@ownerIds", value: ownerIds }],
  };
}

/**
 * Writes of one checkpoint to one channel (pending sends of old-format checkpoints): its
 * `write` items to that channel and its writes item (whose log the caller filters).
 */
export function channelWritesQuery(checkpointKey: string, channel: string): SqlQuerySpec {
  return {
    query:
      'SELECT * FROM c WHERE c.checkpoint_key = @checkpointKey AND ((c.kind = "write" AND c.channel = @channel) OR c.kind = "writes")',
    parameters: [
      { name: "@checkpointKey", value: checkpointKey },
      { name: "@channel", value: channel },
    ],
  };
}

/** Newest checkpoint of a namespace; only used when a head item is missing. */
export function latestCheckpointQuery(checkpointNs: string): SqlQuerySpec {
  return {
    query:
      'SELECT TOP 1 * FROM c WHERE c.kind = "checkpoint" AND c.checkpoint_ns = @ns ORDER BY c.checkpoint_id DESC',
    parameters: [{ name: "@ns", value: checkpointNs }],
  };
}

/** Parent links and value references of a namespace's checkpoints (up to one id, if given). */
export function parentLinksQuery(
  checkpointNs: string,
  uptoCheckpointId: string | undefined,
): SqlQuerySpec {
  const parameters: SqlParameter[] = [{ name: "@ns", value: checkpointNs }];
  let query =
    'SELECT c.checkpoint_id, c.parent_checkpoint_id, c.value_refs FROM c WHERE c.kind = "checkpoint" AND c.checkpoint_ns = @ns';
  if (uptoCheckpointId !== undefined) {
    query += " AND c.checkpoint_id <= @upto";
    parameters.push({ name: "@upto", value: uptoCheckpointId });
  }
  return { query, parameters };
}

/**
 * Writes to some channels at some checkpoints (their `write` items to those channels and their
 * writes items, whose logs the caller filters), plus seed value items by id.
 */
export function channelHistoryQuery(
  checkpointKeys: string[],
  channels: string[],
  valueIds: string[],
): SqlQuerySpec {
  return {
    query:
      'SELECT * FROM c WHERE (c.kind = "write" AND ARRAY_CONTAINS(@checkpointKeys, c.checkpoint_key) AND ARRAY_CONTAINS(@channels, c.channel)) OR (c.kind = "writes" AND ARRAY_CONTAINS(@checkpointKeys, c.checkpoint_key)) OR ARRAY_CONTAINS(@valueIds, c.id)',
    parameters: [
      { name: "@checkpointKeys", value: checkpointKeys },
      { name: "@channels", value: channels },
      { name: "@valueIds", value: valueIds },
    ],
  };
}

export function existingIdsQuery(ids: string[]): SqlQuerySpec {
  return {
    query: "SELECT c.id FROM c WHERE ARRAY_CONTAINS(@ids, c.id)",
    parameters: [{ name: "@ids", value: ids }],
  };
}

export function allItemIdsQuery(): SqlQuerySpec {
  return { query: "SELECT c.id FROM c" };
}

/**
 * Every checkpoint of a partition, newest first, without payloads: what `prune` decides on.
 * `_ts` is the service's write time of the item, in whole seconds.
 */
export function pruneScanQuery(): SqlQuerySpec {
  return {
    query:
      'SELECT c.id, c.checkpoint_ns, c.checkpoint_id, c.checkpoint_key, c._ts, c.value_refs, c.checkpoint.chunk_count AS checkpoint_chunks, c.metadata.chunk_count AS metadata_chunks, c.stored_bytes FROM c WHERE c.kind = "checkpoint" ORDER BY c.checkpoint_id DESC',
  };
}

/**
 * Ids of the writes and writes items of some checkpoints, and whether a write's payload is
 * chunked (a writes item's log may hold chunked payloads: its chunks are looked up always).
 */
export function writeIdsQuery(checkpointKeys: string[]): SqlQuerySpec {
  return {
    query:
      'SELECT c.id, c.kind, c.checkpoint_key, c.payload.chunk_count AS payload_chunks FROM c WHERE c.kind IN ("write", "writes") AND ARRAY_CONTAINS(@checkpointKeys, c.checkpoint_key)',
    parameters: [{ name: "@checkpointKeys", value: checkpointKeys }],
  };
}

/** Ids of the chunk items of some owners (every content version of their payloads). */
export function chunkIdsQuery(ownerIds: string[]): SqlQuerySpec {
  return {
    query:
      'SELECT c.id, c.owner_id FROM c WHERE c.kind = "chunk" AND ARRAY_CONTAINS(@ownerIds, c.owner_id)',
    parameters: [{ name: "@ownerIds", value: ownerIds }],
  };
}

/** The thread of every head item (one per thread and namespace), across partitions. */
export function threadHeadsQuery(tenantKey: string | undefined): SqlQuerySpec {
  if (tenantKey === undefined) {
    return { query: 'SELECT c.thread_id FROM c WHERE c.kind = "head"' };
  }
  return {
    query: 'SELECT c.thread_id FROM c WHERE c.kind = "head" AND c.tenant_key = @tenant',
    parameters: [{ name: "@tenant", value: tenantKey }],
  };
}

/** Whole items of some kinds (what `copyThread` copies, kind group by kind group). */
export function itemsOfKindsQuery(kinds: readonly string[]): SqlQuerySpec {
  return {
    query: "SELECT * FROM c WHERE ARRAY_CONTAINS(@kinds, c.kind)",
    parameters: [{ name: "@kinds", value: [...kinds] }],
  };
}

export interface ListQueryCriteria {
  tenantKey: string | undefined;
  checkpointNs: string | undefined;
  checkpointId: string | undefined;
  beforeCheckpointId: string | undefined;
  filter: Record<string, unknown> | undefined;
}

export interface ListQuery {
  query: SqlQuerySpec;
  /** Filter entries the query could not express; checked after deserializing metadata. */
  residualFilter: [string, unknown][];
}

/**
 * Checkpoints newest first, each with its writes item (same `checkpoint_id`, so next to it in
 * either order). Equality on primitive metadata values is pushed into the query
 * (against the JSON projection); other filter values are left for the caller. Property names
 * are written as JSON string literals, which Cosmos SQL parses with the same escapes.
 */
export function listCheckpointsQuery(criteria: ListQueryCriteria): ListQuery {
  const conditions: string[] = [];
  const parameters: SqlParameter[] = [];
  if (criteria.tenantKey !== undefined) {
    conditions.push("c.tenant_key = @tenant");
    parameters.push({ name: "@tenant", value: criteria.tenantKey });
  }
  if (criteria.checkpointNs !== undefined) {
    conditions.push("c.checkpoint_ns = @ns");
    parameters.push({ name: "@ns", value: criteria.checkpointNs });
  }
  if (criteria.checkpointId !== undefined) {
    conditions.push("c.checkpoint_id = @checkpointId");
    parameters.push({ name: "@checkpointId", value: criteria.checkpointId });
  }
  if (criteria.beforeCheckpointId !== undefined) {
    conditions.push("c.checkpoint_id < @before");
    parameters.push({ name: "@before", value: criteria.beforeCheckpointId });
  }
  const residualFilter: [string, unknown][] = [];
  const metadataConditions: string[] = [];
  for (const [index, [key, value]] of Object.entries(criteria.filter ?? {}).entries()) {
    if (isProjectableValue(value)) {
      metadataConditions.push(`c.metadata_json[${JSON.stringify(key)}] = @filter${index}`);
      parameters.push({ name: `@filter${index}`, value });
    } else {
      residualFilter.push([key, value]);
    }
  }
  // Writes items carry no metadata: they come whatever the filter, next to their checkpoint.
  conditions.unshift(
    metadataConditions.length === 0
      ? 'c.kind IN ("checkpoint", "writes")'
      : `(c.kind = "writes" OR (c.kind = "checkpoint" AND ${metadataConditions.join(" AND ")}))`,
  );
  return {
    query: {
      query: `SELECT * FROM c WHERE ${conditions.join(" AND ")} ORDER BY c.checkpoint_id DESC`,
      parameters,
    },
    residualFilter,
  };
}

/**
 * A partition's checkpoint count and the sum of their recorded sizes (checkpoints written
 * before sizes were recorded count 0): one aggregate, run once per thread that predates its
 * thread item, or after a copy into such a thread.
 */
export function threadBaselineQuery(): SqlQuerySpec {
  return {
    query:
      'SELECT COUNT(1) AS checkpoints, SUM(IS_NUMBER(c.stored_bytes) ? c.stored_bytes : 0) AS storedBytes FROM c WHERE c.kind = "checkpoint"',
  };
}

/** The size records of a partition's newest checkpoints; `lastN` is a validated integer. */
export function recentSizeRecordsQuery(lastN: number): SqlQuerySpec {
  return {
    query: `SELECT TOP ${lastN} c.checkpoint_ns, c.checkpoint_id, c.stored_size FROM c WHERE c.kind = "checkpoint" ORDER BY c.checkpoint_id DESC`,
  };
}

/** What one `listThreads` page asks for; `top` is a validated integer. */
export interface ThreadListingCriteria {
  tenantKey: string | undefined;
  threadIdPrefix: string;
  afterListKey: string | undefined;
  top: number;
}

/**
 * Thread items newest first, across partitions, ordered on their one indexed sort key (no
 * composite index needed), continuing after a cursor's key and filtered by thread id prefix.
 */
export function threadListingQuery(criteria: ThreadListingCriteria): SqlQuerySpec {
  const conditions = ['c.kind = "thread"'];
  const parameters: SqlParameter[] = [];
  if (criteria.tenantKey !== undefined) {
    conditions.push("c.tenant_key = @tenant");
    parameters.push({ name: "@tenant", value: criteria.tenantKey });
  }
  if (criteria.threadIdPrefix !== "") {
    conditions.push("STARTSWITH(c.listed_thread_id, @prefix)");
    parameters.push({ name: "@prefix", value: criteria.threadIdPrefix });
  }
  if (criteria.afterListKey !== undefined) {
    conditions.push("c.list_key < @after");
    parameters.push({ name: "@after", value: criteria.afterListKey });
  }
  return {
    query: `SELECT TOP ${criteria.top} c.thread_id, c.checkpoint_count, c.stored_bytes, c.updated_at, c.list_key FROM c WHERE ${conditions.join(" AND ")} ORDER BY c.list_key DESC`,
    parameters,
  };
}
