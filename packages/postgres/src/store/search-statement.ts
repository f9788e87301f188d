import { SqlParameters } from "../sql/sql-parameters.js";
import type { BuiltStatement } from "../sql/write-statements.js";
import type { SearchRequest } from "./batch-plan.js";
import { filterCondition } from "./store-filter.js";
import {
  ITEM_COLUMNS,
  refreshCte,
  type StoreTables,
  underPrefix,
  VISIBLE,
} from "./store-tables.js";

/**
 * How a semantic search scores vectors: exact SQL over float8[]; pgvector's operator over
 * every vector under the prefix; or (`hnsw`) candidates from the HNSW index for searches
 * without a filter, pgvector's operator otherwise.
 */
export type VectorScoring = "exact" | "pgvector" | "hnsw";

/** Vectors the HNSW index is asked for per result wanted: items may have several vectors. */
const CANDIDATES_PER_RESULT = 4;
/** At least this many candidates (pgvector's default `hnsw.ef_search`). */
const MIN_CANDIDATES = 40;

/** A search and the embedding of its query (undefined: no query, or no index). */
export interface PlannedSearch {
  request: SearchRequest;
  queryVector: number[] | undefined;
}

/**
 * Cosine similarity of each vector (alias `v`) with the query. Exact: the dot product
 * summed in SQL over the float8 arrays, divided by the stored norms (0 for a zero vector,
 * as the brute-force reference says). pgvector: 1 minus its cosine distance, computed in C.
 */
function scoreExpression(scoring: VectorScoring, params: SqlParameters, query: number[]): string {
  if (scoring !== "exact") {
    return `1 - (v.embedding_vector <=> ${params.add(`[${query.join(",")}]`, "vector")})`;
  }
  const norm = Math.sqrt(query.reduce((sum, component) => sum + component * component, 0));
  const vector = params.add(query, "float8[]");
  const queryNorm = params.add(norm, "float8");
  return `CASE WHEN v.norm = 0 OR ${queryNorm} = 0 THEN 0 ELSE
    (SELECT sum(a * b) FROM unnest(v.embedding, ${vector}) AS t(a, b)) / (v.norm * ${queryNorm}) END`;
}

function isEmptyFilter(filter: unknown): boolean {
  return (
    filter === undefined ||
    filter === null ||
    (typeof filter === "object" && Object.keys(filter).length === 0)
  );
}

/** Every vector under the prefix, scored; each item by its best vector. */
function allVectorsUnder(prefix: string | undefined, score: string, tables: StoreTables): string {
  const vectorPrefix = prefix === undefined ? "true" : underPrefix("v", prefix);
  return `SELECT v.namespace_path, v.key, v.generation, max(${score}) AS score
    FROM ${tables.vectors} AS v
    WHERE ${vectorPrefix}
    GROUP BY v.namespace_path, v.key, v.generation`;
}

/** The nearest vectors the HNSW index finds under the prefix; each item by its best one. */
function nearestCandidates(
  tables: StoreTables,
  request: SearchRequest,
  query: number[],
  prefix: string | undefined,
  params: SqlParameters,
): string {
  const candidates = Math.max(
    MIN_CANDIDATES,
    CANDIDATES_PER_RESULT * (request.offset + request.limit),
  );
  return `SELECT n.namespace_path, n.key, n.generation, max(1 - n.distance) AS score
    FROM ${tables.nearestVectors}(${params.add(`[${query.join(",")}]`, "vector")},
      ${prefix ?? "NULL::text"}, ${params.add(candidates, "int")}) AS n
    GROUP BY n.namespace_path, n.key, n.generation`;
}

function pageOf(request: SearchRequest, params: SqlParameters): string {
  return `LIMIT ${params.add(request.limit, "bigint")} OFFSET ${params.add(request.offset, "bigint")}`;
}

/** One search as a parenthesized SELECT of (result_index, rank, item columns, score). */
function searchSelect(
  tables: StoreTables,
  { request, queryVector }: PlannedSearch,
  scoring: VectorScoring,
  params: SqlParameters,
): string {
  const index = params.add(request.resultIndex, "int");
  const prefix =
    request.prefixPath === undefined ? undefined : params.add(request.prefixPath, "text");
  const itemPrefix = prefix === undefined ? "true" : underPrefix("i", prefix);
  const filter = filterCondition(request.filter, params);
  if (queryVector === undefined) {
    return `(SELECT ${index} AS result_index, ${ITEM_COLUMNS}, NULL::float8 AS score,
        row_number() OVER (ORDER BY i.updated_at DESC, i.namespace_path, i.key) AS rank
      FROM ${tables.items} AS i
      WHERE ${VISIBLE} AND ${itemPrefix} AND ${filter}
      ORDER BY rank ${pageOf(request, params)})`;
  }
  const scored =
    scoring === "hnsw" && isEmptyFilter(request.filter)
      ? nearestCandidates(tables, request, queryVector, prefix, params)
      : allVectorsUnder(prefix, scoreExpression(scoring, params, queryVector), tables);
  return `(SELECT ${index} AS result_index, ${ITEM_COLUMNS}, s.score,
        row_number() OVER (ORDER BY s.score DESC, i.namespace_path, i.key) AS rank
      FROM (${scored}) AS s
      JOIN ${tables.items} AS i ON i.namespace_path = s.namespace_path AND i.key = s.key
        AND i.vector_generation = s.generation
      WHERE ${VISIBLE} AND ${itemPrefix} AND ${filter}
      ORDER BY rank ${pageOf(request, params)})`;
}

/**
 * Every search of a batch in one statement (a UNION ALL of one SELECT each), rows ordered
 * by the search they answer and their rank in it; refreshes the TTL of what it returns.
 * Without a query: most recently updated first. With one: highest cosine similarity of the
 * item's best vector first; items without vectors are not ranked.
 */
export function buildSearchStatement(
  tables: StoreTables,
  searches: readonly PlannedSearch[],
  scoring: VectorScoring,
  refreshOnRead: boolean,
): BuiltStatement {
  const params = new SqlParameters();
  const selects = searches.map((search) => searchSelect(tables, search, scoring, params));
  const refresh = refreshOnRead ? `, ${refreshCte(tables, "hits")}` : "";
  return {
    text: `WITH hits AS (${selects.join(" UNION ALL ")})${refresh}
      SELECT * FROM hits ORDER BY result_index, rank`,
    values: params.values,
  };
}
