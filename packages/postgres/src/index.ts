export type { PositionalPostgresSaverOptions } from "./official-constructor.js";
export type { ConnectionDeadlines } from "./pooled-connection.js";
export { PostgresSaver } from "./postgres-saver.js";
export {
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_LIST_PAGE_SIZE,
  DEFAULT_PRUNE_BATCH_SIZE,
  DEFAULT_QUERY_TIMEOUT_MS,
  DEFAULT_SCHEMA,
  type PostgresConnStringOptions,
  type PostgresSaverCommonOptions,
  type PostgresSaverOptions,
} from "./postgres-saver-options.js";
export { serializeCheckpointRecord, serializeWritesRecord } from "./record-serialization.js";
export type {
  PutManyInput,
  SerializedChannelValue,
  SerializedCheckpointRecord,
  SerializedValue,
  SerializedWrite,
  SerializedWritesRecord,
} from "./serialized-records.js";
