import type { Item, SearchItem } from "@langchain/langgraph-checkpoint";

/** Marks the store's items, so a container shared by mistake is recognisable. */
export const STORE_ITEM_KIND = "store_item";

/**
 * One stored item. `ns` (labels) and `ns_path` (labels joined by ".") are both kept: the
 * path serves prefix conditions (`STARTSWITH`), the labels come back as they are.
 * `vectors` holds one embedding per embedded text, only with an `index`; it is excluded from
 * the indexing policy (large arrays cost RU on every write).
 */
export interface StoreItemDocument {
  id: string;
  pk: string;
  kind: typeof STORE_ITEM_KIND;
  ns: string[];
  ns_path: string;
  key: string;
  value: Record<string, unknown>;
  /** Milliseconds since the epoch; numbers, so ORDER BY sorts them as numbers. */
  created_at: number;
  updated_at: number;
  /** Cosmos DB's own TTL in whole seconds; absent: the item never expires. */
  ttl?: number;
  vectors?: number[][];
  /** `vectors[0]`, written for the service path (`VectorDistance` ranks by it); see store-vector-policy. */
  embedding?: number[];
}

/**
 * What queries project: every field but the vectors, which only semantic search reads.
 * `value` is a keyword of Cosmos DB SQL: it is read with a bracket and given an explicit
 * alias (an unaliased expression could come back under a generated name such as `$1`).
 */
export const ITEM_FIELDS =
  'c.id, c.pk, c.ns, c.key, c["value"] AS item_value, c.created_at, c.updated_at, c.ttl';

/** A row of a query over `ITEM_FIELDS`. */
export type ProjectedItem = Omit<StoreItemDocument, "value"> & {
  item_value: Record<string, unknown>;
};

/** The stored item a projected row stands for. */
export function documentOfRow(row: ProjectedItem): StoreItemDocument {
  const { item_value, ...rest } = row;
  return { ...rest, value: item_value } as StoreItemDocument;
}

export function itemOf(document: StoreItemDocument): Item {
  return {
    namespace: document.ns,
    key: document.key,
    value: document.value,
    createdAt: new Date(document.created_at),
    updatedAt: new Date(document.updated_at),
  };
}

export function searchItemOf(document: StoreItemDocument, score?: number): SearchItem {
  return score === undefined ? itemOf(document) : { ...itemOf(document), score };
}
