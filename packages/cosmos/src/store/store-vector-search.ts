import type { Container } from "@azure/cosmos";
import { queryAll, type RequestMeter } from "../cosmos-requests.js";
import { partitionOfPrefix } from "./store-address.js";
import type { SearchRequest } from "./store-batch-plan.js";
import { ITEM_FIELDS, type ProjectedItem } from "./store-items.js";
import { rankExactly, type SearchOutcome, whereClause } from "./store-search.js";
import { EMBEDDING_PROPERTY } from "./store-vector-policy.js";

/**
 * How many nearest items the service returns for `offset + limit` wanted: twice as many, so
 * an item the service's float32 distance places just past the cut (or an approximate index
 * misses by a little) is still re-ranked. Raising it costs RU, not requests.
 */
export const VECTOR_CANDIDATE_FACTOR = 2;

/**
 * A semantic search on the service path, one query: Cosmos DB ranks the items the prefix and
 * filter leave by `VectorDistance` over `embedding` (the vector of each item's first text)
 * and returns the nearest `VECTOR_CANDIDATE_FACTOR × (offset + limit)` with all their vectors;
 * the client re-ranks those exactly (best-matching text, float64 cosine, ties by key), so
 * scores and order are the exact path's over the same candidates. An item whose best text is
 * not its first can be missed when its first text ranks outside the candidates.
 */
export async function searchByVectorDistance(
  container: Container,
  request: SearchRequest,
  queryVector: readonly number[],
  partitionLabels: number,
  meter: RequestMeter,
): Promise<SearchOutcome> {
  if (request.limit === 0) return { documents: [], items: [] };
  const { where, parameters } = whereClause(request);
  parameters.push(
    { name: "@candidates", value: VECTOR_CANDIDATE_FACTOR * (request.offset + request.limit) },
    { name: "@vector", value: [...queryVector] },
  );
  const embedding = `c.${EMBEDDING_PROPERTY}`;
  const rows = await queryAll<ProjectedItem>(
    container,
    {
      query: `SELECT TOP @candidates ${ITEM_FIELDS}, c.vectors FROM c WHERE ${where} AND IS_ARRAY(${embedding}) ORDER BY VectorDistance(${embedding}, @vector)`,
      parameters,
    },
    partitionOfPrefix(request.prefix, partitionLabels),
    meter,
  );
  return rankExactly(rows, queryVector, request);
}
