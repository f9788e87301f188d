import { invalidThreadCursor } from "@checkpointkit/core";
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
const CURSOR_TAG = "r1";

/** The opaque cursor: base64url of `["r1", score, thread id]`. */
export function encodeThreadCursor(position: ThreadPosition): string {
  return Buffer.from(
    JSON.stringify([CURSOR_TAG, position.score, position.threadId]),
    "utf8",
  ).toString("base64url");
}

/**
 * Reads a cursor `encodeThreadCursor` made; anything else — damaged, forged into another
 * shape, or not in the exact form this saver writes — is core's `invalidThreadCursor()`.
 */
export function decodeThreadCursor(cursor: string): ThreadPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidThreadCursor();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    parsed[0] !== CURSOR_TAG ||
    !Number.isSafeInteger(parsed[1]) ||
    (parsed[1] as number) < 0 ||
    typeof parsed[2] !== "string"
  ) {
    throw invalidThreadCursor();
  }
  const position = { score: parsed[1] as number, threadId: parsed[2] };
  // Only the exact text this saver writes: no padding, no other spelling of the same JSON.
  if (encodeThreadCursor(position) !== cursor) throw invalidThreadCursor();
  return position;
}
