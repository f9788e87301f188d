import { InvalidConfigError } from "../errors/index.js";

/**
 * Where a write or a delete sits in the writer's own order: a Redis stream entry id,
 * `<ms>-<seq>`, two unsigned 64-bit integers compared in that order. A cold tier never
 * stores a record at or before its thread's delete fence.
 */
export type FencePosition = string;

const POSITION = /^(\d{1,20})-(\d{1,20})$/;
/** Enough digits for an unsigned 64-bit integer. */
const SORT_KEY_DIGITS = 20;

/**
 * The position as a string that sorts like the position (both numbers zero-padded), for
 * stores that compare fences as strings. Throws `InvalidConfigError` naming `field` when
 * `position` is not one.
 */
export function fenceSortKey(position: unknown, field: string): string {
  const [ms, seq] = positionParts(position, field);
  return `${ms.padStart(SORT_KEY_DIGITS, "0")}-${seq.padStart(SORT_KEY_DIGITS, "0")}`;
}

/** The position's two numbers, for stores that keep them as integers. */
export function parseFencePosition(position: unknown, field: string): { ms: bigint; seq: bigint } {
  const [ms, seq] = positionParts(position, field);
  return { ms: BigInt(ms), seq: BigInt(seq) };
}

function positionParts(position: unknown, field: string): [ms: string, seq: string] {
  const match = typeof position === "string" ? POSITION.exec(position) : null;
  if (match === null) {
    throw new InvalidConfigError(`${field} must be a position like "1700000000000-0"`, { field });
  }
  return [match[1]!, match[2]!];
}

/** True when the position comes strictly after the fence (no fence: everything does). */
export function isAfterFence(positionKey: string, fenceKey: string | undefined): boolean {
  return fenceKey === undefined || positionKey > fenceKey;
}
