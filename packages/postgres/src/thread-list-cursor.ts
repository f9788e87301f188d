import { decodeListingCursor, encodeListingCursor, invalidThreadCursor } from "@checkpointkit/core";

/**
 * Where a `listThreads` page ended: the last thread's `updated_at` (UTC, microseconds, as
 * PostgreSQL stores it, so the next page starts exactly after it) and `thread_key`.
 */
export interface ThreadListPosition {
  /** `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
  updatedAt: string;
  threadKey: string;
}

/** Format tag of the cursor: a cursor of another format (or another saver) is refused. */
const CURSOR_TAG = "postgres-threads-1";
const MICROSECOND_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
/** A bounded key is at most 400 bytes of UTF-8 (see migration 2). */
const MAX_THREAD_KEY_CHARS = 400;

/** The opaque cursor: core's listing cursor over `[updatedAt, threadKey]`. */
export function encodeThreadListCursor(position: ThreadListPosition): string {
  return encodeListingCursor(CURSOR_TAG, [position.updatedAt, position.threadKey]);
}

/** A real calendar instant (no 30 February), in the form `encodeThreadListCursor` writes. */
function isMicrosecondInstant(text: unknown): text is string {
  if (typeof text !== "string" || !MICROSECOND_UTC.test(text)) return false;
  const ms = Date.parse(text);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 19) === text.slice(0, 19);
}

function isThreadKey(text: unknown): text is string {
  return (
    typeof text === "string" &&
    text.length > 0 &&
    text.length <= MAX_THREAD_KEY_CHARS &&
    !text.includes("\u0000")
  );
}

/** Reads a cursor `encodeThreadListCursor` made; anything else is `invalidThreadCursor()`. */
export function decodeThreadListCursor(cursor: string): ThreadListPosition {
  const [updatedAt, threadKey] = decodeListingCursor(CURSOR_TAG, cursor, 2);
  if (!isMicrosecondInstant(updatedAt) || !isThreadKey(threadKey)) throw invalidThreadCursor();
  return { updatedAt, threadKey };
}
