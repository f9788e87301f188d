import type { BaseStore } from "@langchain/langgraph-checkpoint";

/** Embeds texts, one vector per text, in order (the shape of `Embeddings.embedDocuments`). */
export type EmbedTexts = (texts: string[]) => Promise<number[][]>;

/**
 * The semantic-search configuration a spec asks for, in a backend-neutral form; each harness
 * turns it into its store's own `index` option (LangGraph's `InMemoryStore` wants an
 * `Embeddings` object, checkpointkit's stores take the function).
 */
export interface StoreIndexSpec {
  dims: number;
  embed: EmbedTexts;
  /** Paths of the value to embed; the store's default when absent. */
  fields?: string[];
}

/** Options a spec may ask of a harness when it needs a differently configured store. */
export interface StoreCreateOptions {
  /** Semantic search (only asked when `capabilities.semanticSearch` is true). */
  index?: StoreIndexSpec;
  /** Default TTL of every item, refreshed on read (only asked when `capabilities.ttl`). */
  ttlSeconds?: number;
}

/**
 * How the store suite gets stores of one backend. Each `create()` returns a store over fresh,
 * empty storage (its own schema, key prefix or container): specs count namespaces and items.
 */
export interface StoreHarness<T extends BaseStore = BaseStore> {
  /** Shown in test output, e.g. `PostgresStore (exact search)`. */
  name: string;
  beforeAll?(): Promise<void>;
  /** Milliseconds `beforeAll` may take. @default 60000 */
  beforeAllTimeoutMs?: number;
  afterAll?(): Promise<void>;
  create(options?: StoreCreateOptions): Promise<T>;
  /** Releases what `create` made (drop the schema, close the client, ...). */
  destroy?(store: T): Promise<void>;
}
