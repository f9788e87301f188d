import { LuaScript } from "./lua-script.js";
import { ACQUIRE_LEASE_LUA, RELEASE_LEASE_LUA, RENEW_LEASE_LUA } from "./scripts/fence-lua.js";
import {
  DELETE_THREAD_LUA,
  DUMP_THREAD_LUA,
  RESTORE_THREAD_LUA,
  SET_THREAD_TTL_LUA,
} from "./scripts/maintenance-scripts.js";
import { PRUNE_SHARD_PAGE_LUA, PRUNE_THREAD_LUA } from "./scripts/prune-lua.js";
import {
  DELTA_CHANNEL_HISTORY_LUA,
  LIST_CHECKPOINT_IDS_LUA,
  READ_CHECKPOINTS_LUA,
  READ_SERIALIZED_RECORDS_LUA,
} from "./scripts/read-scripts.js";
import {
  CHECKPOINT_SIZE_LUA,
  RECENT_SIZES_LUA,
  THREAD_TOTALS_LUA,
} from "./scripts/size-scripts.js";
import { THREAD_PAGE_LUA } from "./scripts/thread-page-lua.js";
import { PUT_CHECKPOINT_LUA, PUT_WRITES_LUA } from "./scripts/write-scripts.js";

/** Every Lua script of the saver; each runs against one thread's keys (see `RedisKeyLayout`). */
export const REDIS_SCRIPTS = {
  putCheckpoint: new LuaScript("putCheckpoint", PUT_CHECKPOINT_LUA),
  putWrites: new LuaScript("putWrites", PUT_WRITES_LUA),
  readCheckpoints: new LuaScript("readCheckpoints", READ_CHECKPOINTS_LUA),
  readSerializedRecords: new LuaScript("readSerializedRecords", READ_SERIALIZED_RECORDS_LUA),
  listCheckpointIds: new LuaScript("listCheckpointIds", LIST_CHECKPOINT_IDS_LUA),
  deltaChannelHistory: new LuaScript("deltaChannelHistory", DELTA_CHANNEL_HISTORY_LUA),
  deleteThread: new LuaScript("deleteThread", DELETE_THREAD_LUA),
  pruneThread: new LuaScript("pruneThread", PRUNE_THREAD_LUA),
  dumpThread: new LuaScript("dumpThread", DUMP_THREAD_LUA),
  restoreThread: new LuaScript("restoreThread", RESTORE_THREAD_LUA),
  setThreadTtl: new LuaScript("setThreadTtl", SET_THREAD_TTL_LUA),
  acquireLease: new LuaScript("acquireLease", ACQUIRE_LEASE_LUA),
  renewLease: new LuaScript("renewLease", RENEW_LEASE_LUA),
  releaseLease: new LuaScript("releaseLease", RELEASE_LEASE_LUA),
  checkpointSize: new LuaScript("checkpointSize", CHECKPOINT_SIZE_LUA),
  recentSizes: new LuaScript("recentSizes", RECENT_SIZES_LUA),
  threadTotals: new LuaScript("threadTotals", THREAD_TOTALS_LUA),
  /** Runs on a shard's thread index only (KEYS[1]), not on a thread's keys. */
  threadPage: new LuaScript("threadPage", THREAD_PAGE_LUA),
  /** Runs on a shard's thread index and the thread keys of one page of its threads. */
  pruneShardPage: new LuaScript("pruneShardPage", PRUNE_SHARD_PAGE_LUA),
} as const;
