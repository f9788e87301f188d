import type { BuiltStatement } from "../sql/write-statements.js";
import type { StoreTables } from "./store-tables.js";

/** Items deleted per sweep statement: many short transactions rather than one long one. */
export const SWEEP_BATCH_SIZE = 1000;

/** Deletes up to `SWEEP_BATCH_SIZE` expired items (vectors by cascade); returns the count. */
export function buildSweepStatement(tables: StoreTables): BuiltStatement {
  return {
    text: `WITH swept AS (
      DELETE FROM ${tables.items} AS i
      WHERE (i.namespace_path, i.key) IN (
        SELECT e.namespace_path, e.key FROM ${tables.items} AS e
        WHERE e.expires_at <= now() LIMIT $1::int
      )
      RETURNING 1
    )
    SELECT count(*)::int AS deleted FROM swept`,
    values: [SWEEP_BATCH_SIZE],
  };
}
