/**
 * `@checkpointkit/redis/internal`: the plumbing other checkpointkit packages (the tiered
 * saver) build on — the Lua runner, the outbox's field names and consumer scripts, and the
 * serialized-record reader. Not part of the public API: it changes with the packages that use it.
 */
export { LuaScript, type ScriptArgument } from "./lua-script.js";
export { OUTBOX_FIELDS, parseOutboxEntry } from "./outbox-fields.js";
export { OUTBOX_SCRIPTS } from "./outbox-scripts.js";
export { toCheckpointKitError as mapRedisError } from "./redis-errors.js";
export {
  readSerializedRecords,
  type SerializedRecordRead,
  type SerializedRecordRequest,
  type StoredChannelValue,
} from "./serialized-record-reader.js";
export type {
  SerializedValue,
  StoredCheckpointRecord,
  StoredWrite,
} from "./stored-records.js";
