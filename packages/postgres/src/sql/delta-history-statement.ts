import type { SchemaName } from "../schema-name.js";
import { boundedKey, checkpointOrder, NEWEST_CHECKPOINT_FIRST } from "./bounded-keys.js";
import { SqlParameters } from "./sql-parameters.js";
import type { BuiltStatement } from "./write-statements.js";

/** A row of the delta-history query: a seed value or one write, of one ancestor. */
export interface DeltaHistoryRow {
  kind: "seed" | "write";
  /** 1 for the target's parent, 2 for its grandparent, ... */
  depth: number;
  channel: string;
  task_id: string | null;
  type: string;
  value: Buffer;
}

/**
 * Stops a corrupt parent chain that loops back on itself; far above any real walk, which
 * LangGraph bounds by snapshotting delta channels every few thousand steps at most.
 */
const MAX_ANCESTOR_DEPTH = 1_000_000;

/**
 * `getDeltaChannelHistory` as one recursive query. The walk starts at the target's parent
 * and follows `parent_checkpoint_id`. Each ancestor carries the channels still wanted when
 * the walk reached it (`wanted`) and those still wanted after it (`wanted_after`: minus
 * the channels it holds a stored value for); the walk stops once nothing is wanted. An
 * ancestor contributes its writes for every channel in `wanted` and its value as the seed
 * for every channel it terminates. Writes come back oldest ancestor first and within one
 * ancestor in `writesSortKey` order.
 */
export function buildDeltaHistoryStatement(
  schema: SchemaName,
  threadId: string,
  checkpointNs: string,
  checkpointId: string | undefined,
  channels: readonly string[],
): BuiltStatement {
  const checkpoints = schema.qualify("checkpoints");
  const blobs = schema.qualify("checkpoint_blobs");
  const writes = schema.qualify("checkpoint_writes");
  const params = new SqlParameters();
  const key = (expression: string) => boundedKey(schema, expression);
  const thread = key(params.add(threadId, "text"));
  const namespace = key(params.add(checkpointNs, "text"));
  const wantedChannels = params.add(channels, "text[]");
  let targetFilter = "";
  if (checkpointId !== undefined) {
    const id = params.add(checkpointId, "text");
    targetFilter = `AND checkpoint_order = ${checkpointOrder(id)} AND checkpoint_key = ${key(id)}`;
  }
  const holdsValue = (alias: string, channel: string) => `EXISTS (
      SELECT 1 FROM ${blobs} hb
      WHERE hb.thread_key = ${thread} AND hb.ns_key = ${namespace}
        AND hb.channel_key = ${key(channel)}
        AND hb.version_key = ${key(`${alias}.channel_versions ->> ${channel}`)}
        AND hb.type <> 'empty')`;
  const ancestor = (parentId: string) =>
    `a.thread_key = ${thread} AND a.ns_key = ${namespace}
    AND a.checkpoint_order = ${checkpointOrder(parentId)} AND a.checkpoint_key = ${key(parentId)}`;
  const text = `WITH RECURSIVE target AS (
  SELECT parent_checkpoint_id FROM ${checkpoints}
  WHERE thread_key = ${thread} AND ns_key = ${namespace} ${targetFilter}
  ORDER BY ${NEWEST_CHECKPOINT_FIRST} LIMIT 1
), chain AS (
  SELECT a.checkpoint_key, a.parent_checkpoint_id, a.channel_versions, 1 AS depth,
    ${wantedChannels} AS wanted,
    ARRAY(SELECT ch FROM unnest(${wantedChannels}) AS ch WHERE NOT ${holdsValue("a", "ch")}) AS wanted_after
  FROM target
  JOIN ${checkpoints} a ON ${ancestor("target.parent_checkpoint_id")}
  WHERE cardinality(${wantedChannels}) > 0
  UNION ALL
  SELECT a.checkpoint_key, a.parent_checkpoint_id, a.channel_versions, chain.depth + 1,
    chain.wanted_after,
    ARRAY(SELECT ch FROM unnest(chain.wanted_after) AS ch WHERE NOT ${holdsValue("a", "ch")})
  FROM chain
  JOIN ${checkpoints} a ON ${ancestor("chain.parent_checkpoint_id")}
  WHERE cardinality(chain.wanted_after) > 0 AND chain.depth < ${MAX_ANCESTOR_DEPTH}
)
SELECT 'seed' AS kind, chain.depth, b.channel, NULL::text COLLATE "C" AS task_id, b.type,
  b.blob AS value, ''::text COLLATE "C" AS task_path, 0 AS idx
FROM chain
CROSS JOIN LATERAL unnest(chain.wanted) AS ch
CROSS JOIN LATERAL (
  SELECT b.channel, b.type, b.blob FROM ${blobs} b
  WHERE b.thread_key = ${thread} AND b.ns_key = ${namespace}
    AND b.channel_key = ${key("ch")} AND b.version_key = ${key("chain.channel_versions ->> ch")}
    AND b.type <> 'empty'
  LIMIT 1
) b
UNION ALL
SELECT 'write', chain.depth, w.channel, w.task_id, w.type, w.blob, w.task_path, w.idx
FROM chain
JOIN ${writes} w ON w.thread_key = ${thread} AND w.ns_key = ${namespace}
  AND w.checkpoint_key = chain.checkpoint_key AND w.channel = ANY (chain.wanted)
ORDER BY depth DESC, kind, task_path, task_id, idx`;
  return { text, values: params.values };
}
