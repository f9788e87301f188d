export type {
  DeltaChannelHistoryWithWalkEnd,
  DeltaHistoryWalkEnd,
} from "./delta-history.js";
export {
  DEFAULT_KEY_PREFIX,
  DEFAULT_OUTBOX_STREAM_NAME,
  DEFAULT_SHARD_COUNT,
  RedisKeyLayout,
  type RedisKeyLayoutOptions,
  type RedisShardKeys,
  type RedisThreadKeys,
} from "./redis-keys.js";
export type {
  RedisOutboxEntry,
  RedisOutboxEntryKind,
  RedisOutboxOptions,
} from "./redis-outbox.js";
export { type OutboxEntryResult, RedisSaver } from "./redis-saver.js";
export {
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_LIST_PAGE_SIZE,
  type RedisClient,
  type RedisClusterNode,
  type RedisSaverCommonOptions,
  type RedisSaverFromClusterOptions,
  type RedisSaverFromUrlOptions,
  type RedisSaverOptions,
} from "./redis-saver-options.js";
export {
  ShallowRedisSaver,
  type ShallowRedisSaverCommonOptions,
  type ShallowRedisSaverFromClusterOptions,
  type ShallowRedisSaverFromUrlOptions,
  type ShallowRedisSaverOptions,
} from "./shallow-redis-saver.js";
