import { InvalidConfigError } from "@checkpointkit/core";
import type { CosmosStoreOptions } from "./cosmos-store-options.js";

const VECTOR_SEARCH = ["auto", "exact", "service"];
const INDEX_TYPES = ["flat", "quantizedFlat", "diskANN"];

/** Refuses vector-search options the store could not honour. */
export function checkVectorOptions(options: CosmosStoreOptions): void {
  const { vectorSearch, vectorIndexType, onVectorSearchFallback } = options;
  if (vectorSearch !== undefined && !VECTOR_SEARCH.includes(vectorSearch)) {
    throw new InvalidConfigError(`vectorSearch must be one of ${VECTOR_SEARCH.join(", ")}`, {
      field: "vectorSearch",
    });
  }
  if (vectorSearch === "service" && options.index === undefined) {
    throw new InvalidConfigError('vectorSearch "service" needs an index (semantic search)', {
      field: "vectorSearch",
    });
  }
  if (vectorIndexType !== undefined && !INDEX_TYPES.includes(vectorIndexType)) {
    throw new InvalidConfigError(`vectorIndexType must be one of ${INDEX_TYPES.join(", ")}`, {
      field: "vectorIndexType",
    });
  }
  if (onVectorSearchFallback !== undefined && typeof onVectorSearchFallback !== "function") {
    throw new InvalidConfigError("onVectorSearchFallback must be a function", {
      field: "onVectorSearchFallback",
    });
  }
}
