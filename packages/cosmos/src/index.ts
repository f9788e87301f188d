export type {
  CheckpointItem,
  ChunkItem,
  HeadItem,
  ItemKind,
  StoredItem,
  StoredPayload,
  ValueCopy,
  ValueItem,
  WriteItem,
  WritesCall,
  WritesItem,
} from "./cosmos-items.js";
export { CosmosSaver } from "./cosmos-saver.js";
export type {
  CosmosContainerLocation,
  CosmosOperationName,
  CosmosSaverBehaviourOptions,
  CosmosSaverOptions,
  CosmosSetupOptions,
  CosmosTokenCredential,
} from "./cosmos-saver-options.js";
export { CHECKPOINT_INDEXING_POLICY, partitionKeyDefinition } from "./cosmos-setup.js";
