/** What a script did to a thread, as recorded in the outbox stream. */
export type RedisOutboxEntryKind = "put" | "writes" | "delete" | "copy";

/**
 * The outbox: when set, every script that changes a thread also appends one entry to the
 * stream `<keyPrefix>{<shard>}:<streamName>` (see `RedisKeyLayout.shardKeys`) in the same
 * script, so the entry exists if and only if the data was written. A retried call that
 * changes nothing appends nothing. The `...WithOutboxEntry` methods of `RedisSaver` return
 * the entry a write appended. Entries carry the fields `kind`, `thread`, `ns`, `checkpoint`
 * and (for `writes`) `task`; `delete` and `copy` entries have `ns` and `checkpoint` empty,
 * and `copy` names its source thread in `from`.
 */
export interface RedisOutboxOptions {
  /**
   * The stream's kind part, so two consumers can use separate streams under one prefix.
   * @default "outbox"
   */
  streamName?: string;
  /**
   * Approximate cap on the stream's length (`XADD MAXLEN ~`). Trimming drops the oldest
   * entries whether or not a consumer has read them, so leave it unset when entries must
   * not be lost and let the consumer trim after acknowledging.
   * @default undefined (never trimmed by the saver)
   */
  maxLength?: number;
}

/** One outbox entry, as a write appended it and as a consumer reads it back. */
export interface RedisOutboxEntry {
  /** The stream entry id Redis assigned (`<ms>-<seq>`). */
  entryId: string;
  /** The stream key the entry was appended to. */
  streamKey: string;
  kind: RedisOutboxEntryKind;
  threadId: string;
  checkpointNs: string;
  checkpointId: string;
  /** Task of a `writes` entry; `""` otherwise. */
  taskId: string;
  /** Source thread of a `copy` entry; `""` otherwise. */
  fromThreadId: string;
}

/**
 * The entry a script appended (`reply` is the script's `[changed, entry id]`), or undefined
 * when it appended none (outbox off, or a retried write that changed nothing).
 */
export function outboxEntryFromReply(
  reply: unknown,
  entry: Omit<RedisOutboxEntry, "entryId">,
): RedisOutboxEntry | undefined {
  const entryId = Array.isArray(reply) ? String(reply[1] ?? "") : "";
  return entryId === "" ? undefined : { entryId, ...entry };
}
