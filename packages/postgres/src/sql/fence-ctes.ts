import type { SchemaName } from "../schema-name.js";
import { boundedKey, NEWEST_CHECKPOINT_FIRST } from "./bounded-keys.js";
import type { SqlParameters } from "./sql-parameters.js";

/** What one `put`/`putWrites` must check in its own statement (see core's `WriteFence`). */
export interface FenceTarget {
  threadId: string;
  /** The write lands only while this is the thread's unexpired lease token. */
  leaseToken: string | undefined;
  /**
   * `concurrency: "optimistic"` puts: "check" moves the namespace's head from the parent (or
   * from nothing) to the checkpoint or refuses; "set" (a deliberate fork) moves it anyway.
   */
  head?: {
    mode: "check" | "set";
    checkpointNs: string;
    parentId: string | undefined;
    checkpointId: string;
  };
}

/** Holds the fence's verdict: NULL = the write may land, else "lease" or "parent". */
export const FENCE_REFUSAL = "(SELECT refusal FROM write_fence)";

/** The condition every data-modifying CTE of a fenced statement adds. */
export const FENCE_PASSED = `${FENCE_REFUSAL} IS NULL`;

/**
 * CTEs that decide whether the statement's writes may land, before any of them do.
 * The lease row is read FOR SHARE: an acquire that replaces the token waits for this
 * statement to commit, and this statement, if it waited for an acquire, sees the new token
 * (READ COMMITTED re-checks a locked row's newest version). The head moves by a conditional
 * UPDATE, re-checked the same way, so of two puts from one parent only the first moves it; a
 * namespace without a head row starts from its newest stored checkpoint (INSERT … ON CONFLICT
 * DO NOTHING: of two concurrent starts, one inserts).
 */
export function fenceCtes(schema: SchemaName, params: SqlParameters, fence: FenceTarget): string {
  const threadId = params.add(fence.threadId, "text");
  const ctes: string[] = [];
  let leaseOk = "true";
  if (fence.leaseToken !== undefined) {
    const token = params.add(fence.leaseToken, "text");
    ctes.push(`lease_row AS (
  SELECT 1 FROM ${schema.qualify("thread_leases")}
  WHERE thread_key = ${boundedKey(schema, threadId)} AND token = ${token}
    AND expires_at > clock_timestamp()
  FOR SHARE
)`);
    leaseOk = "EXISTS (SELECT 1 FROM lease_row)";
  }
  let headOk = "true";
  if (fence.head !== undefined) {
    ctes.push(headCtes(schema, params, threadId, fence.head, leaseOk));
    headOk = "(EXISTS (SELECT 1 FROM head_moved) OR EXISTS (SELECT 1 FROM head_started))";
  }
  ctes.push(`write_fence AS (
  SELECT CASE WHEN NOT ${leaseOk} THEN 'lease' WHEN NOT ${headOk} THEN 'parent' END AS refusal
)`);
  return ctes.join(",\n");
}

function headCtes(
  schema: SchemaName,
  params: SqlParameters,
  threadId: string,
  head: NonNullable<FenceTarget["head"]>,
  leaseOk: string,
): string {
  const heads = schema.qualify("checkpoint_heads");
  const checkpointNs = params.add(head.checkpointNs, "text");
  const checkpointId = params.add(head.checkpointId, "text");
  const sameNamespace = `thread_key = ${boundedKey(schema, threadId)}
    AND ns_key = ${boundedKey(schema, checkpointNs)}`;
  let fromParent = "true";
  let startsFromStored = "true";
  if (head.mode === "check") {
    // Added only when used: PostgreSQL cannot type a parameter the text never mentions.
    const parentId = params.add(head.parentId ?? null, "text");
    fromParent = `(checkpoint_id = ${parentId} OR checkpoint_id = ${checkpointId})`;
    const newestStored = `(SELECT checkpoint_id FROM ${schema.qualify("checkpoints")}
    WHERE ${sameNamespace} ORDER BY ${NEWEST_CHECKPOINT_FIRST} LIMIT 1)`;
    startsFromStored = `(${newestStored} IS NOT DISTINCT FROM ${parentId} OR ${newestStored} = ${checkpointId})`;
  }
  return `head_moved AS (
  UPDATE ${heads} SET checkpoint_id = ${checkpointId}
  WHERE ${sameNamespace} AND ${fromParent} AND ${leaseOk}
  RETURNING 1
), head_started AS (
  INSERT INTO ${heads} (thread_id, checkpoint_ns, checkpoint_id)
  SELECT ${threadId}, ${checkpointNs}, ${checkpointId}
  WHERE ${leaseOk} AND NOT EXISTS (SELECT 1 FROM ${heads} WHERE ${sameNamespace})
    AND ${startsFromStored}
  ON CONFLICT (thread_key, ns_key) DO NOTHING
  RETURNING 1
)`;
}
