/**
 * What a saver supports beyond the base contract. Specs for an unsupported capability are
 * skipped and say so in the test name; nothing in the suite branches on a saver's name.
 */
export interface SaverCapabilities {
  /**
   * Honours `ttlSeconds`: data of a thread disappears after the TTL without further writes.
   * @default false
   */
  ttl: boolean;
  /**
   * Has `prune({ threadId?, keepLatest?, olderThan? })` returning `{ deletedCheckpoints }`.
   * @default false
   */
  prune: boolean;
  /**
   * Has `copyThread(fromThreadId, toThreadId)`.
   * @default false
   */
  copyThread: boolean;
  /**
   * Size of the large-value spec's channel value, in bytes ("a value of several MB").
   * @default 5_000_000
   */
  largeValueBytes: number;
  /**
   * Runs the official delta-channel-history specs (`getDeltaChannelHistory`).
   * @default true
   */
  deltaChannelHistory: boolean;
  /**
   * `put` stores only the channels named in `newVersions` and rebuilds `channel_values` from
   * `channel_versions` on read (the official "should only store channel_values that have
   * changed" spec, and the project's channel-version specs). LangGraph's `MemorySaver` stores
   * the checkpoint as given, so it sets this to false.
   * @default true
   */
  storesOnlyNewVersions: boolean;
  /**
   * Rejects `put`/`putWrites` without `thread_id`, `putWrites` without `checkpoint_id`, and a
   * `thread_id` that is not a string on any call, with `InvalidConfigError` from
   * `@checkpointkit/core`. (`getTuple` without `thread_id` returns undefined: the official
   * specs require it.) Savers from outside the project throw plain errors, so they set this
   * to false.
   * @default true
   */
  typedErrors: boolean;
  /**
   * A pending write whose value is a bare `Uint8Array` (serde type `"bytes"`, not `"json"`)
   * reads back: the saver keeps each write's serde type. LangGraph's `MemorySaver` loads every
   * write as JSON and throws on such a write, so it sets this to false.
   * @default true
   */
  bytesPendingWrites: boolean;
  /**
   * A `getTuple` of a thread's latest checkpoint racing that thread's puts (its first put
   * included) returns nothing or a complete checkpoint, never an error. LangGraph's
   * `MemorySaver` registers the namespace before storing the first checkpoint, so a read in
   * between throws; it sets this to false. Reads by checkpoint id are checked regardless.
   * @default true
   */
  atomicPut: boolean;
}

export const DEFAULT_CAPABILITIES: SaverCapabilities = {
  ttl: false,
  prune: false,
  copyThread: false,
  largeValueBytes: 5_000_000,
  deltaChannelHistory: true,
  storesOnlyNewVersions: true,
  typedErrors: true,
  bytesPendingWrites: true,
  atomicPut: true,
};

export function resolveCapabilities(overrides: Partial<SaverCapabilities> = {}): SaverCapabilities {
  return { ...DEFAULT_CAPABILITIES, ...overrides };
}
