export type {
  DeltaChannelHistoryWithWalkEnd,
  DeltaHistoryWalkEnd,
} from "./delta-history.js";
export { LuaScript, type ScriptArgument } from "./lua-script.js";
export {
  DEFAULT_KEY_PREFIX,
  DEFAULT_OUTBOX_STREAM_NAME,
  DEFAULT_SHARD_COUNT,
  RedisKeyLayout,
  type RedisKeyLayoutOptions,
  type RedisShardKeys,
  type RedisThreadKeys,
} from "./redis-keys.js";
export {
  parseOutboxEntry,
  type RedisOutboxEntry,
  type RedisOutboxEntryKind,
  type RedisOutboxOptions,
} from "./redis-outbox.js";
export { RedisSaver } from "./redis-saver.js";
export {
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_LIST_PAGE_SIZE,
  type RedisClient,
  type RedisSaverCommonOptions,
  type RedisSaverFromUrlOptions,
  type RedisSaverOptions,
} from "./redis-saver-options.js";
export {
  readSerializedRecords,
  type SerializedChannelValue,
  type SerializedRecordRead,
  type SerializedRecordRequest,
} from "./serialized-record-reader.js";
export type {
  SerializedCheckpointRecord,
  SerializedValue,
  SerializedWrite,
} from "./stored-records.js";
