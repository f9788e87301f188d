import type { RedisOutboxEntry, RedisOutboxEntryKind } from "./redis-outbox.js";

/**
 * The field names of an outbox stream entry, in one place: the saver's scripts write them,
 * `parseOutboxEntry` and the consumer scripts (`OUTBOX_SCRIPTS`) read them.
 */
export const OUTBOX_FIELDS = {
  kind: "kind",
  thread: "thread",
  namespace: "ns",
  checkpoint: "checkpoint",
  task: "task",
  fromThread: "from",
} as const;

export type OutboxField = keyof typeof OUTBOX_FIELDS;

const KINDS: ReadonlySet<string> = new Set<RedisOutboxEntryKind>([
  "put",
  "writes",
  "delete",
  "copy",
]);

/**
 * The Lua table `{ "<field>", <value>, ... }` a write script passes to the library's
 * `outbox()`: each value is a Lua expression (a variable, or a quoted string literal).
 */
export function luaOutboxFields(values: Partial<Record<OutboxField, string>>): string {
  const pairs = Object.entries(values).map(
    ([field, value]) => `"${OUTBOX_FIELDS[field as OutboxField]}", ${value}`,
  );
  return `{ ${pairs.join(", ")} }`;
}

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
  const kind = values.get(OUTBOX_FIELDS.kind);
  const threadId = values.get(OUTBOX_FIELDS.thread);
  if (kind === undefined || !KINDS.has(kind) || threadId === undefined) return undefined;
  return {
    entryId,
    streamKey,
    kind: kind as RedisOutboxEntryKind,
    threadId,
    checkpointNs: values.get(OUTBOX_FIELDS.namespace) ?? "",
    checkpointId: values.get(OUTBOX_FIELDS.checkpoint) ?? "",
    taskId: values.get(OUTBOX_FIELDS.task) ?? "",
    fromThreadId: values.get(OUTBOX_FIELDS.fromThread) ?? "",
  };
}
