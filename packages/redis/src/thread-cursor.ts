import { decodeListingCursor, encodeListingCursor, invalidThreadCursor } from "@checkpointkit/core";
import { compareCodePoints } from "./checkpoint-lister.js";

/** Where a thread stands in `listThreads`' order: its last write (epoch ms) and its id. */
export interface ThreadPosition {
  score: number;
  threadId: string;
}

/**
 * `listThreads`' order: most recently written first, equal times by thread id ascending in
 * byte (code point) order, as Redis sorts equal scores. Negative when `left` comes first.
 */
export function compareThreadPositions(left: ThreadPosition, right: ThreadPosition): number {
  if (left.score !== right.score) return right.score - left.score;
  return compareCodePoints(left.threadId, right.threadId);
}

/** Format tag of the cursor: a cursor of another format (or another saver) is refused. */
const CURSOR_TAG = "redis-threads-1";

/** The opaque cursor: core's listing cursor over `[score, thread id]`. */
export function encodeThreadCursor(position: ThreadPosition): string {
  return encodeListingCursor(CURSOR_TAG, [position.score, position.threadId]);
}

/**
 * Reads a cursor `encodeThreadCursor` made; anything else — damaged, forged into another
 * shape, or not in the exact form this saver writes — is core's `invalidThreadCursor()`.
 */
export function decodeThreadCursor(cursor: string): ThreadPosition {
  const [score, threadId] = decodeListingCursor(CURSOR_TAG, cursor, 2);
  if (!(Number.isSafeInteger(score) && (score as number) >= 0 && typeof threadId === "string")) {
    throw invalidThreadCursor();
  }
  return { score: score as number, threadId };
}
