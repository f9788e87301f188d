import { BOUNDED_KEY_FUNCTION, CHECKPOINT_ORDER_CHARS } from "../migrations/002-bounded-keys.js";
import type { SchemaName } from "../schema-name.js";

/**
 * SQL for the bounded key of an id expression: what the `*_key` columns hold (migration 2).
 * Every lookup compares key columns with this, so it can use the primary keys.
 */
export function boundedKey(schema: SchemaName, idExpression: string): string {
  return `${schema.qualify(BOUNDED_KEY_FUNCTION)}(${idExpression})`;
}

/** SQL for what `checkpoint_order` holds for a checkpoint id expression. */
export function checkpointOrder(idExpression: string): string {
  return `left(${idExpression}, ${CHECKPOINT_ORDER_CHARS})`;
}

/** Newest first, by the checkpoint id's code points, served by the checkpoints' primary key. */
export const NEWEST_CHECKPOINT_FIRST = "checkpoint_order DESC, checkpoint_id DESC";
