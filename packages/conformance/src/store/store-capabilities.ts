/**
 * What a store supports beyond the base `BaseStore` contract. Specs for a missing capability
 * are registered as skipped with the capability in their name; nothing branches on a name.
 */
export interface StoreCapabilities {
  /**
   * Honours `ttlSeconds`: an item disappears after its TTL, and a `get` or `search` that
   * returns it starts the TTL again.
   * @default false
   */
  ttl: boolean;
  /**
   * `search` with `query` ranks by cosine similarity of the `index` embeddings, equal to a
   * brute-force reference.
   * @default true
   */
  semanticSearch: boolean;
  /**
   * `batch` refuses invalid input (a namespace label with a dot, an empty namespace, a value
   * that is no JSON object, an unknown filter operator) with `InvalidConfigError` of
   * `@checkpointkit/core`, before anything of the batch is written. LangGraph's
   * `InMemoryStore` throws its own errors, so it sets this to false.
   * @default true
   */
  typedErrors: boolean;
  /**
   * `search` without `query` returns the most recently updated items first. LangGraph's
   * `InMemoryStore` returns them in insertion order, so it sets this to false.
   * @default true
   */
  searchNewestFirst: boolean;
  /**
   * Filters accept `{ $exists: boolean }` (an extension of the official PostgresStore; not in
   * the `BaseStore` docs, and `InMemoryStore` treats it as an equality that never matches).
   * @default true
   */
  existsOperator: boolean;
  /**
   * The largest namespace (UTF-8 bytes of its labels joined by one separator each) the store
   * accepts; longer ones are refused with a typed error. Undefined: no limit, a 10 000
   * character label round-trips.
   * @default undefined
   */
  maxNamespaceBytes: number | undefined;
  /**
   * The largest key (UTF-8 bytes) the store accepts; longer ones are refused with a typed
   * error. Undefined: no limit.
   * @default undefined
   */
  maxKeyBytes: number | undefined;
}

export const DEFAULT_STORE_CAPABILITIES: StoreCapabilities = {
  ttl: false,
  semanticSearch: true,
  typedErrors: true,
  searchNewestFirst: true,
  existsOperator: true,
  maxNamespaceBytes: undefined,
  maxKeyBytes: undefined,
};

export function resolveStoreCapabilities(
  overrides: Partial<StoreCapabilities> = {},
): StoreCapabilities {
  return { ...DEFAULT_STORE_CAPABILITIES, ...overrides };
}
