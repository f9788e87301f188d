import type { Item, SearchItem } from "@langchain/langgraph-checkpoint";
import { fromStoredText } from "../stored-text.js";

/** The item columns every read returns (see `ITEM_COLUMNS`), plus the operation they answer. */
export interface ItemRow {
  result_index: number;
  namespace: string[];
  key: string;
  value: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
  score?: number | null;
}

export function itemOf(row: ItemRow): Item {
  return {
    namespace: row.namespace,
    key: fromStoredText(row.key),
    value: row.value,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A search result; `score` only when the search ranked by a query. */
export function searchItemOf(row: ItemRow): SearchItem {
  const item: SearchItem = itemOf(row);
  if (row.score !== null && row.score !== undefined) item.score = row.score;
  return item;
}
