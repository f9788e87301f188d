import type { BuiltStatement } from "../sql/write-statements.js";
import type { GetRequest } from "./batch-plan.js";
import { ITEM_COLUMNS, refreshCte, type StoreTables, VISIBLE } from "./store-tables.js";

/** Every get of a batch in one statement; rows carry the `result_index` they answer. */
export function buildGetStatement(
  tables: StoreTables,
  gets: readonly GetRequest[],
  refreshOnRead: boolean,
): BuiltStatement {
  const refresh = refreshOnRead ? `, ${refreshCte(tables, "hits")}` : "";
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
