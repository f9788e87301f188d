import { InvalidConfigError } from "@checkpointkit/core";

/**
 * Where a write or a delete sits in the writer's own order: a Redis stream entry id,
 * `<ms>-<seq>`, two unsigned 64-bit integers compared in that order. A record at or before
 * its thread's delete fence is never stored.
 */
export type FencePosition = string;

interface ParsedPosition {
  ms: bigint;
  seq: bigint;
}

const POSITION = /^(\d{1,20})-(\d{1,20})$/;

export function parseFencePosition(position: FencePosition, field: string): ParsedPosition {
  const match = typeof position === "string" ? POSITION.exec(position) : null;
  if (match === null) {
    throw new InvalidConfigError(`${field} must be a position like "1700000000000-0"`, { field });
  }
  return { ms: BigInt(match[1]!), seq: BigInt(match[2]!) };
}

/** True when `position` comes strictly after `fence`. */
export function isAfterFence(position: ParsedPosition, fence: ParsedPosition): boolean {
  return position.ms > fence.ms || (position.ms === fence.ms && position.seq > fence.seq);
}
