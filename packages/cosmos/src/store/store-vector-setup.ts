import type { Container, ContainerDefinition } from "@azure/cosmos";
import { InvalidConfigError } from "@checkpointkit/core";
import { cosmosStatusCode } from "../cosmos-errors.js";
import type { RequestMeter } from "../cosmos-requests.js";
import type {
  CosmosStoreSearchMode,
  CosmosStoreSetupOptions,
  CosmosStoreVectorIndexType,
  CosmosStoreVectorSearch,
} from "./cosmos-store-options.js";
import { setupStoreContainer } from "./store-setup.js";
import {
  defaultVectorIndexType,
  vectorContainerFields,
  vectorPolicyMismatch,
} from "./store-vector-policy.js";

export interface VectorSetupRequest {
  container: Container;
  options: CosmosStoreSetupOptions;
  usesTtl: boolean;
  vectorSearch: CosmosStoreVectorSearch;
  /** `index.dims`, or undefined for a store without semantic search. */
  dims: number | undefined;
  indexType: CosmosStoreVectorIndexType | undefined;
}

export interface VectorSetupOutcome {
  searchMode: CosmosStoreSearchMode;
  /** Why `"auto"` took the exact path, when it had to. */
  fallbackReason?: string;
}

function serviceRefused(reason: string, cause?: unknown): InvalidConfigError {
  return new InvalidConfigError(`vectorSearch is "service" but ${reason}`, {
    field: "vectorSearch",
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * `setup()` with the search path decided: a container it creates carries the vector policy
 * (unless `vectorSearch` is `"exact"`); a service that refuses that policy (400: the account
 * lacks vector search) gets the container without it under `"auto"`. Then the container's own
 * definition decides: the service path only where its policy fits the store's `index`.
 */
export async function setupWithVectorSearch(
  request: VectorSetupRequest,
  meter: RequestMeter,
): Promise<VectorSetupOutcome> {
  const { container, options, usesTtl, vectorSearch, dims } = request;
  if (dims === undefined || vectorSearch === "exact") {
    await setupStoreContainer(container, options, usesTtl, meter);
    return { searchMode: "exact" };
  }
  const fields = vectorContainerFields(dims, request.indexType ?? defaultVectorIndexType(dims));
  let definition: ContainerDefinition;
  let refused: string | undefined;
  try {
    definition = await setupStoreContainer(container, options, usesTtl, meter, fields);
  } catch (error) {
    if (options.createIfNotExists !== true || cosmosStatusCode(error) !== 400) throw error;
    refused = `Cosmos DB refused to create container "${container.id}" with a vector policy (400; is the account's vector search capability, EnableNoSQLVectorSearch, on?)`;
    if (vectorSearch === "service") throw serviceRefused(refused, error);
    definition = await setupStoreContainer(container, options, usesTtl, meter);
  }
  const mismatch = refused ?? vectorPolicyMismatch(definition, dims);
  if (mismatch === undefined) return { searchMode: "service" };
  if (vectorSearch === "service") throw serviceRefused(mismatch);
  return { searchMode: "exact", fallbackReason: mismatch };
}
