/** What a script did to a thread, as recorded in the outbox stream. */
export type RedisOutboxEntryKind = "put" | "writes" | "delete" | "copy";

/**
 * The outbox hook: when set, every script that changes a thread also appends one entry to
 * the stream `<keyPrefix>{<shard>}:<streamName>` (see `RedisKeyLayout.shardKeys`) in the same
 * script, so the entry exists if and only if the data was written. A retried call that
 * changes nothing appends nothing. Entries carry the fields `kind`, `thread`, `ns`,
 * `checkpoint` and (for `writes`) `task`; `delete` and `copy` entries have `ns` and
 * `checkpoint` empty, and `copy` names its source thread in `from`.
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
  /** Called after each successful script that appended an entry, with that entry. */
  onEntry?: (entry: RedisOutboxEntry) => void;
}

/** One outbox entry, as appended by the saver and as `parseOutboxEntry` reads it back. */
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

const KINDS: ReadonlySet<string> = new Set(["put", "writes", "delete", "copy"]);

/**
 * Reads an entry as returned by `XRANGE`/`XREADGROUP` (`[id, [field, value, ...]]`).
 * Returns undefined for entries the saver did not write.
 */
export function parseOutboxEntry(
  streamKey: string,
  entryId: string,
  fields: readonly (string | Buffer)[],
): RedisOutboxEntry | undefined {
  const values = new Map<string, string>();
  for (let index = 0; index + 1 < fields.length; index += 2) {
    values.set(String(fields[index]), String(fields[index + 1]));
  }
  const kind = values.get("kind");
  const threadId = values.get("thread");
  if (kind === undefined || !KINDS.has(kind) || threadId === undefined) return undefined;
  return {
    entryId,
    streamKey,
    kind: kind as RedisOutboxEntryKind,
    threadId,
    checkpointNs: values.get("ns") ?? "",
    checkpointId: values.get("checkpoint") ?? "",
    taskId: values.get("task") ?? "",
    fromThreadId: values.get("from") ?? "",
  };
}

/**
 * Calls `onEntry` with the entry a script appended (`reply` is the script's
 * `[changed, entry id]`); nothing when the script appended none.
 */
export function notifyOutboxEntry(
  outbox: RedisOutboxOptions | undefined,
  reply: unknown,
  entry: Omit<RedisOutboxEntry, "entryId">,
): void {
  const onEntry = outbox?.onEntry;
  const entryId = Array.isArray(reply) ? String(reply[1] ?? "") : "";
  if (onEntry === undefined || entryId === "") return;
  try {
    onEntry({ entryId, ...entry });
  } catch (error) {
    // The data is written; a failing observer must not turn that into a failed call.
    process.emitWarning(`outbox.onEntry threw: ${String(error)}`, "CheckpointKitWarning");
  }
}
