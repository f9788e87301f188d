import type { BuiltStatement } from "../sql/write-statements.js";
import type { GetRequest } from "./batch-plan.js";
import { ITEM_COLUMNS, refreshCte, type StoreTables, VISIBLE } from "./store-tables.js";

/**
 * Every get of a batch in one statement; rows carry the `result_index` they answer. A batch
 * of one get (the common `store.get`) takes scalar parameters: PostgreSQL's plan cache keeps
 * a generic plan (a primary-key probe) for it after five runs, while the `unnest` form is
 * estimated at 100 rows generically and so is planned afresh on every run, which costs more
 * than the read itself.
 */
export function buildGetStatement(
  tables: StoreTables,
  gets: readonly GetRequest[],
  refreshOnRead: boolean,
): BuiltStatement {
  const refresh = refreshOnRead ? `, ${refreshCte(tables, "hits")}` : "";
  const [only] = gets;
  if (gets.length === 1 && only !== undefined) {
    return {
      text: `WITH hits AS (
      SELECT $3::int AS result_index, ${ITEM_COLUMNS}
      FROM ${tables.items} AS i
      WHERE i.namespace_path = $1::text AND i.key = $2::text AND ${VISIBLE}
    )${refresh}
    SELECT * FROM hits`,
      values: [only.address.namespacePath, only.address.storedKey, only.resultIndex],
    };
  }
  return {
    text: `WITH wanted AS (
      SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) AS w(namespace_path, key, result_index)
    ), hits AS (
      SELECT w.result_index, ${ITEM_COLUMNS}
      FROM wanted AS w JOIN ${tables.items} AS i
        ON i.namespace_path = w.namespace_path AND i.key = w.key
      WHERE ${VISIBLE}
    )${refresh}
    SELECT * FROM hits`,
    values: [
      gets.map((get) => get.address.namespacePath),
      gets.map((get) => get.address.storedKey),
      gets.map((get) => get.resultIndex),
    ],
  };
}
