import type { SchemaName } from "../schema-name.js";

/** pgvector's first version with iterative index scans (`hnsw.iterative_scan`). */
export const ITERATIVE_SCAN_VERSION = [0, 8];

/** True when `version` (e.g. "0.8.7") is at least 0.8, the first with iterative scans. */
export function hasIterativeScan(version: string): boolean {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const [wantedMajor = 0, wantedMinor = 0] = ITERATIVE_SCAN_VERSION;
  return major > wantedMajor || (major === wantedMajor && minor >= wantedMinor);
}

/**
 * `store_nearest_vectors(query, prefix, candidates)`: the `candidates` vectors nearest to
 * `query` under the namespace `prefix` (NULL: everywhere), by cosine distance, read from the
 * HNSW index. A search cannot set `hnsw.iterative_scan` for itself in one statement, but a
 * function's SET clause can: with it the index scan goes on past `hnsw.ef_search` rows until
 * enough of them lie under the prefix, instead of returning the few that happen to.
 */
export function nearestVectorsFunctionSql(schema: SchemaName): string {
  const vectors = schema.qualify("store_vectors");
  return `CREATE OR REPLACE FUNCTION ${schema.qualify("store_nearest_vectors")}(
      query vector, prefix text, candidates integer)
    RETURNS TABLE (namespace_path text, key text, generation uuid, distance double precision)
    LANGUAGE sql STABLE
    SET hnsw.iterative_scan = 'relaxed_order'
    AS $function$
      SELECT v.namespace_path, v.key, v.generation, v.embedding_vector <=> query
      FROM ${vectors} AS v
      WHERE prefix IS NULL OR v.namespace_path = prefix
        OR (v.namespace_path >= prefix || '.' AND v.namespace_path < prefix || '/')
      ORDER BY v.embedding_vector <=> query
      LIMIT candidates
    $function$`;
}
