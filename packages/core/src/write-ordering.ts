import {
  compareWritesSortKeys,
  WRITES_IDX_MAP,
  writesSortKey,
} from "@langchain/langgraph-checkpoint";
import { InvalidConfigError } from "./errors/index.js";

/** What a stored pending write needs for ordering. */
export interface OrderableWrite {
  taskPath: string;
  taskId: string;
  idx: number;
}

/**
 * The index a write is stored under. Special channels (errors, interrupts, resume values)
 * get their fixed negative index from `WRITES_IDX_MAP`, so a second write to them replaces
 * the first; regular writes keep their position.
 */
export function storedWriteIndex(channel: string, position: number): number {
  return WRITES_IDX_MAP[channel] ?? position;
}

/**
 * The index a serialized write is stored under: its own `idx` when it carries one (checked:
 * a special channel's fixed index, or a non-negative integer), else its position's.
 */
export function serializedWriteIndex(
  write: { channel: string; idx?: number },
  position: number,
  field: string,
): number {
  if (write.idx === undefined) return storedWriteIndex(write.channel, position);
  const fixed = WRITES_IDX_MAP[write.channel];
  const valid =
    fixed === undefined ? Number.isSafeInteger(write.idx) && write.idx >= 0 : write.idx === fixed;
  if (!valid) {
    throw new InvalidConfigError(
      `${field}.idx must be ${fixed === undefined ? "a non-negative integer" : `${fixed} for channel ${JSON.stringify(write.channel)}`}, got ${String(write.idx)}`,
      { field: `${field}.idx` },
    );
  }
  return write.idx;
}

/** Special writes upsert (the latest wins); regular writes are insert-if-absent (the first wins). */
export function isUpsertWrite(channel: string): boolean {
  return channel in WRITES_IDX_MAP;
}

/** Compares two stored writes in the order live execution applies them. */
export function compareStoredWrites(a: OrderableWrite, b: OrderableWrite): number {
  return compareWritesSortKeys(
    writesSortKey(a.taskPath, a.taskId, a.idx),
    writesSortKey(b.taskPath, b.taskId, b.idx),
  );
}

/** Returns a new array sorted by `(task_path, task_id, idx)`, code point order. */
export function sortStoredWrites<T extends OrderableWrite>(writes: readonly T[]): T[] {
  return [...writes].sort(compareStoredWrites);
}
