import type { BuiltStatement } from "../sql/write-statements.js";
import type { StoreTables } from "./store-tables.js";

/** An item to insert or replace, with the vectors of its new generation (if embedded). */
export interface ItemUpsert {
  namespacePath: string;
  storedKey: string;
  valueJson: string;
  ttlSeconds: number | null;
  /** Set when the store has an index: the item's vectors are replaced by `vectors`. */
  generation: string | null;
  vectors: readonly number[][];
  norms: readonly number[];
}

export interface ItemDeletion {
  namespacePath: string;
  storedKey: string;
}

/**
 * A put over an existing item replaces it; over an expired, unswept one it starts afresh
 * (new createdAt). `i` is the stored row.
 */
const UPSERT_CONFLICT = `ON CONFLICT (namespace_path, key) DO UPDATE SET
        value = EXCLUDED.value,
        ttl_seconds = EXCLUDED.ttl_seconds,
        expires_at = EXCLUDED.expires_at,
        vector_generation = EXCLUDED.vector_generation,
        updated_at = now(),
        created_at = CASE WHEN i.expires_at <= now() THEN now() ELSE i.created_at END`;

/**
 * Every put and delete of a batch in ONE statement: deletes (their vectors go by cascade),
 * upserts (a put over an expired, unswept item starts it afresh: new createdAt), then the
 * replaced items' old vectors out and the new ones in. A put never touches an item deleted
 * in the same batch: the plan keeps one write per item. Vectors are sent as one flat array
 * and sliced per row, so the statement text never depends on the batch's size.
 */
export function buildWriteStatement(
  tables: StoreTables,
  upserts: readonly ItemUpsert[],
  deletions: readonly ItemDeletion[],
  dims: number,
): BuiltStatement {
  const [only] = upserts;
  if (upserts.length === 1 && deletions.length === 0 && only?.generation === null) {
    return buildSinglePutStatement(tables, only);
  }
  const embedded = upserts.filter((upsert) => upsert.generation !== null);
  const vectorRows = embedded.flatMap((upsert) =>
    upsert.vectors.map((vector, position) => ({ upsert, vector, position })),
  );
  return {
    text: `WITH removed AS (
      DELETE FROM ${tables.items} AS i
      USING unnest($1::text[], $2::text[]) AS d(namespace_path, key)
      WHERE i.namespace_path = d.namespace_path AND i.key = d.key
    ), upserted AS (
      INSERT INTO ${tables.items} AS i
        (namespace_path, key, namespace, value, ttl_seconds, expires_at, vector_generation)
      SELECT u.namespace_path, u.key, string_to_array(u.namespace_path, '.'), u.value,
        u.ttl_seconds, now() + u.ttl_seconds * interval '1 second', u.generation
      FROM unnest($3::text[], $4::text[], $5::jsonb[], $6::float8[], $7::uuid[])
        AS u(namespace_path, key, value, ttl_seconds, generation)
      ${UPSERT_CONFLICT}
    ), cleared AS (
      DELETE FROM ${tables.vectors} AS v
      USING unnest($8::text[], $9::text[]) AS c(namespace_path, key)
      WHERE v.namespace_path = c.namespace_path AND v.key = c.key
    )
    INSERT INTO ${tables.vectors} (namespace_path, key, generation, position, embedding, norm)
    SELECT e.namespace_path, e.key, e.generation, e.position,
      ($13::float8[])[((e.row_number - 1) * $14::int + 1):(e.row_number * $14::int)], e.norm
    FROM unnest($10::text[], $11::text[], $12::uuid[], $15::int[], $16::float8[])
      WITH ORDINALITY AS e(namespace_path, key, generation, position, norm, row_number)`,
    values: [
      deletions.map((deletion) => deletion.namespacePath),
      deletions.map((deletion) => deletion.storedKey),
      upserts.map((upsert) => upsert.namespacePath),
      upserts.map((upsert) => upsert.storedKey),
      upserts.map((upsert) => upsert.valueJson),
      upserts.map((upsert) => upsert.ttlSeconds),
      upserts.map((upsert) => upsert.generation),
      // Every upsert of an indexed store drops its old vectors (`index: false` included).
      embedded.map((upsert) => upsert.namespacePath),
      embedded.map((upsert) => upsert.storedKey),
      vectorRows.map((row) => row.upsert.namespacePath),
      vectorRows.map((row) => row.upsert.storedKey),
      vectorRows.map((row) => row.upsert.generation),
      vectorRows.flatMap((row) => row.vector),
      dims,
      vectorRows.map((row) => row.position),
      vectorRows.map((row) => row.upsert.norms[row.position] ?? 0),
    ],
  };
}

/**
 * A batch of one put in a store without an index (the common `store.put`): no deletes and no
 * vectors, so a plain upsert with scalar parameters, which PostgreSQL runs on a cached
 * generic plan; the `unnest` form is re-planned on every run (its generic estimate is 100
 * rows per array), and that planning costs more than the write.
 */
function buildSinglePutStatement(tables: StoreTables, upsert: ItemUpsert): BuiltStatement {
  return {
    text: `INSERT INTO ${tables.items} AS i
        (namespace_path, key, namespace, value, ttl_seconds, expires_at, vector_generation)
      VALUES ($1::text, $2::text, string_to_array($1::text, '.'), $3::jsonb, $4::float8,
        now() + $4::float8 * interval '1 second', NULL)
      ${UPSERT_CONFLICT}`,
    values: [upsert.namespacePath, upsert.storedKey, upsert.valueJson, upsert.ttlSeconds],
  };
}
