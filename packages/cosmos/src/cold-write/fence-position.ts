import { InvalidConfigError } from "@checkpointkit/core";

/**
 * Where a write or a delete sits in the writer's own order: a Redis stream entry id,
 * `<ms>-<seq>`, two unsigned 64-bit integers compared in that order. A record at or before
 * its thread's delete fence is never stored.
 */
export type FencePosition = string;

const POSITION = /^(\d{1,20})-(\d{1,20})$/;
const DIGITS = 20;

/**
 * The position as a string that sorts like the position (both numbers zero-padded), so the
 * service can compare fences in a patch condition.
 */
export function fenceSortKey(position: unknown, field: string): string {
  const match = typeof position === "string" ? POSITION.exec(position) : null;
  if (match === null) {
    throw new InvalidConfigError(`${field} must be a position like "1700000000000-0"`, { field });
  }
  return `${match[1]!.padStart(DIGITS, "0")}-${match[2]!.padStart(DIGITS, "0")}`;
}

/** True when `position` comes strictly after `fence` (no fence: everything does). */
export function isAfterFence(positionKey: string, fenceKey: string | undefined): boolean {
  return fenceKey === undefined || positionKey > fenceKey;
}
