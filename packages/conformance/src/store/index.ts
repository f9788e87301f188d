export { describeStore, STORE_SPECS, type StoreSpec } from "./describe-store.js";
export { describeStoreInGraph } from "./describe-store-in-graph.js";
export {
  bruteForceRanking,
  cosineSimilarity,
  createFakeEmbedding,
  type FakeEmbedding,
  type RankedKey,
  type ReferenceDocument,
} from "./fake-embedding.js";
export {
  DEFAULT_STORE_CAPABILITIES,
  resolveStoreCapabilities,
  type StoreCapabilities,
} from "./store-capabilities.js";
export type {
  EmbedTexts,
  StoreCreateOptions,
  StoreHarness,
  StoreIndexSpec,
} from "./store-harness.js";
export type {
  CompiledMemoryGraph,
  LangGraphBuilders,
  MemoryGraphBuilder,
  MemoryNode,
  MemoryState,
  SaverAndStore,
  StoreInGraphHarness,
} from "./store-in-graph-harness.js";
