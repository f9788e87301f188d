import type { SchemaName } from "../schema-name.js";

/** The qualified names of the store's tables and the SQL fragments every statement shares. */
export class StoreTables {
  readonly items: string;
  readonly vectors: string;
  /** The function of `nearestVectorsFunctionSql` (pgvector ≥ 0.8 only). */
  readonly nearestVectors: string;

  constructor(readonly schema: SchemaName) {
    this.items = schema.qualify("store_items");
    this.vectors = schema.qualify("store_vectors");
    this.nearestVectors = schema.qualify("store_nearest_vectors");
  }
}

/** An item (alias `i`) that has not expired; expired items are invisible before any sweep. */
export const VISIBLE = "(i.expires_at IS NULL OR i.expires_at > now())";

/** The columns an `Item` is decoded from, for the item alias `i`. */
export const ITEM_COLUMNS =
  "i.namespace_path, i.namespace, i.key, i.value, i.created_at, i.updated_at";

/**
 * `alias.namespace_path` is `path` or below it: equal, or in the byte range of `path.`
 * (`/` follows `.` in code point order), which the primary key's "C" collation serves.
 */
export function underPrefix(alias: string, placeholder: string): string {
  return `(${alias}.namespace_path = ${placeholder} OR (${alias}.namespace_path >= ${placeholder} || '.' AND ${alias}.namespace_path < ${placeholder} || '/'))`;
}

/**
 * A CTE restarting the TTL of every item in `hits` (which has namespace_path and key), in
 * the statement that read them: refresh on read costs no round trip.
 */
export function refreshCte(tables: StoreTables, hits: string): string {
  return `refreshed AS (
    UPDATE ${tables.items} AS t
    SET expires_at = now() + t.ttl_seconds * interval '1 second'
    FROM (SELECT DISTINCT namespace_path, key FROM ${hits}) AS h
    WHERE t.namespace_path = h.namespace_path AND t.key = h.key AND t.ttl_seconds IS NOT NULL
  )`;
}
