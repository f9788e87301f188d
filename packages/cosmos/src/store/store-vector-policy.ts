import {
  type ContainerDefinition,
  type IndexingPolicy,
  VectorEmbeddingDataType,
  VectorEmbeddingDistanceFunction,
  type VectorEmbeddingPolicy,
  VectorIndexType,
} from "@azure/cosmos";
import type { CosmosStoreVectorIndexType } from "./cosmos-store-options.js";
import { STORE_INDEXING_POLICY } from "./store-setup.js";

/**
 * The property holding the vector the service ranks by: the vector of the item's first
 * embedded text (`vectors[0]`). `vectors` keeps every text's vector for the exact re-rank.
 */
export const EMBEDDING_PROPERTY = "embedding";
const EMBEDDING_PATH = `/${EMBEDDING_PROPERTY}`;

/** A flat index holds vectors of at most 505 dimensions (the service's limit). */
const FLAT_INDEX_MAX_DIMENSIONS = 505;

export function defaultVectorIndexType(dims: number): CosmosStoreVectorIndexType {
  return dims <= FLAT_INDEX_MAX_DIMENSIONS ? "flat" : "quantizedFlat";
}

const INDEX_TYPES: Record<CosmosStoreVectorIndexType, VectorIndexType> = {
  flat: VectorIndexType.Flat,
  quantizedFlat: VectorIndexType.QuantizedFlat,
  diskANN: VectorIndexType.DiskANN,
};

/**
 * What a container created for the service path adds to the store's definition: the vector
 * embedding policy (cosine, float32, `dims`) and a vector index on `/embedding`, which the
 * range index leaves out (an indexed array of numbers costs RU on every write).
 */
export function vectorContainerFields(
  dims: number,
  indexType: CosmosStoreVectorIndexType,
): Pick<ContainerDefinition, "vectorEmbeddingPolicy" | "indexingPolicy"> {
  const vectorEmbeddingPolicy: VectorEmbeddingPolicy = {
    vectorEmbeddings: [
      {
        path: EMBEDDING_PATH,
        dataType: VectorEmbeddingDataType.Float32,
        distanceFunction: VectorEmbeddingDistanceFunction.Cosine,
        dimensions: dims,
      },
    ],
  };
  const indexingPolicy: IndexingPolicy = {
    ...STORE_INDEXING_POLICY,
    excludedPaths: [
      ...(STORE_INDEXING_POLICY.excludedPaths ?? []),
      { path: `${EMBEDDING_PATH}/*` },
    ],
    vectorIndexes: [{ path: EMBEDDING_PATH, type: INDEX_TYPES[indexType] }],
  };
  return { vectorEmbeddingPolicy, indexingPolicy };
}

/**
 * Why the container cannot serve the service path, or undefined when it can: its policy must
 * name `/embedding` with the store's dimensions and cosine (the store's scores are cosine).
 */
export function vectorPolicyMismatch(
  definition: ContainerDefinition,
  dims: number,
): string | undefined {
  const embeddings = definition.vectorEmbeddingPolicy?.vectorEmbeddings ?? [];
  const embedding = embeddings.find((entry) => entry.path === EMBEDDING_PATH);
  if (embedding === undefined) {
    return `container "${definition.id}" has no vector embedding policy for ${EMBEDDING_PATH}`;
  }
  if (embedding.dimensions !== dims) {
    return `container "${definition.id}" embeds ${embedding.dimensions} dimensions at ${EMBEDDING_PATH}, index.dims is ${dims}`;
  }
  if (String(embedding.distanceFunction).toLowerCase() !== "cosine") {
    return `container "${definition.id}" ranks ${EMBEDDING_PATH} by ${embedding.distanceFunction}, the store needs cosine`;
  }
  return undefined;
}
