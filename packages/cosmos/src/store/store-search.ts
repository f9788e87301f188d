import type { Container, SqlParameter } from "@azure/cosmos";
import type { SearchItem } from "@langchain/langgraph-checkpoint";
import { queryAll, type RequestMeter } from "../cosmos-requests.js";
import { LABEL_SEPARATOR, partitionOfPrefix } from "./store-address.js";
import type { SearchRequest } from "./store-batch-plan.js";
import {
  documentOfRow,
  ITEM_FIELDS,
  type ProjectedItem,
  STORE_ITEM_KIND,
  type StoreItemDocument,
  searchItemOf,
} from "./store-items.js";
import { cosineSimilarity } from "./store-vectors.js";

/** The items a search returns, as documents (for the TTL refresh) and as results. */
export interface SearchOutcome {
  documents: StoreItemDocument[];
  items: SearchItem[];
}

/**
 * The WHERE clause shared by a search and its ranking: the item kind, the namespace prefix
 * (`path = p OR STARTSWITH(path, p + ".")`: labels cannot hold ".") and the filter.
 */
export function whereClause(request: SearchRequest): { where: string; parameters: SqlParameter[] } {
  const parameters: SqlParameter[] = [
    { name: "@kind", value: STORE_ITEM_KIND },
    ...(request.filter.parameters as SqlParameter[]),
  ];
  let where = `c.kind = @kind AND (${request.filter.condition})`;
  if (request.prefix.length > 0) {
    parameters.push({ name: "@prefix", value: request.prefixPath });
    parameters.push({ name: "@below", value: `${request.prefixPath}${LABEL_SEPARATOR}` });
    where += " AND (c.ns_path = @prefix OR STARTSWITH(c.ns_path, @below))";
  }
  return { where, parameters };
}

/**
 * A prefix at least `partitionLabels` long names its partition: the query stays in one
 * logical partition. A shorter one (the empty prefix included) fans out to every physical
 * partition, each charging its own RU.
 */

/** A search without a query: one query, newest first, paged by the service (OFFSET/LIMIT). */
async function searchByRecency(
  container: Container,
  request: SearchRequest,
  partitionLabels: number,
  meter: RequestMeter,
): Promise<SearchOutcome> {
  if (request.limit === 0) return { documents: [], items: [] };
  const { where, parameters } = whereClause(request);
  parameters.push(
    { name: "@offset", value: request.offset },
    { name: "@limit", value: request.limit },
  );
  const rows = await queryAll<ProjectedItem>(
    container,
    {
      query: `SELECT ${ITEM_FIELDS} FROM c WHERE ${where} ORDER BY c.updated_at DESC OFFSET @offset LIMIT @limit`,
      parameters,
    },
    partitionOfPrefix(request.prefix, partitionLabels),
    meter,
  );
  const documents = rows.map(documentOfRow);
  return { documents, items: documents.map((document) => searchItemOf(document)) };
}

/**
 * A semantic search, exact: one query reads the vectors of every embedded item the prefix
 * and filter leave, and the client scores each item by its best-matching vector (cosine, in
 * float64), highest first, ties by key; then offset and limit. Items without vectors
 * (`index: false`) are not ranked. Costs grow with the candidates: scope the prefix.
 */
async function searchBySimilarity(
  container: Container,
  request: SearchRequest,
  queryVector: readonly number[],
  partitionLabels: number,
  meter: RequestMeter,
): Promise<SearchOutcome> {
  const { where, parameters } = whereClause(request);
  const rows = await queryAll<ProjectedItem>(
    container,
    {
      query: `SELECT ${ITEM_FIELDS}, c.vectors FROM c WHERE ${where} AND IS_ARRAY(c.vectors)`,
      parameters,
    },
    partitionOfPrefix(request.prefix, partitionLabels),
    meter,
  );
  return rankExactly(rows, queryVector, request);
}

/**
 * The exact ranking of candidate rows (with their `vectors`): each item scored by its
 * best-matching vector (cosine, float64), highest first, ties by key; then offset and limit.
 */
export function rankExactly(
  rows: readonly ProjectedItem[],
  queryVector: readonly number[],
  request: SearchRequest,
): SearchOutcome {
  const ranked = rows
    .map(documentOfRow)
    .filter((document) => (document.vectors?.length ?? 0) > 0)
    .map((document) => ({
      document,
      score: Math.max(
        ...(document.vectors ?? []).map((vector) => cosineSimilarity(queryVector, vector)),
      ),
    }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        (a.document.key < b.document.key ? -1 : a.document.key > b.document.key ? 1 : 0),
    )
    .slice(request.offset, request.offset + request.limit);
  for (const entry of ranked) delete entry.document.vectors;
  return {
    documents: ranked.map((entry) => entry.document),
    items: ranked.map((entry) => searchItemOf(entry.document, entry.score)),
  };
}

/** One query per search; `queryVector` when the store has an index and the search a query. */
export function runSearch(
  container: Container,
  request: SearchRequest,
  queryVector: readonly number[] | undefined,
  partitionLabels: number,
  meter: RequestMeter,
): Promise<SearchOutcome> {
  return queryVector === undefined
    ? searchByRecency(container, request, partitionLabels, meter)
    : searchBySimilarity(container, request, queryVector, partitionLabels, meter);
}
