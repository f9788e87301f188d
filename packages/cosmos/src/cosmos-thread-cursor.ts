import { decodeListingCursor, encodeListingCursor, invalidThreadCursor } from "@checkpointkit/core";

/** Format tag of the cursor: a cursor of another format (or another saver) is refused. */
const CURSOR_TAG = "cosmos-threads-1";

/**
 * `listThreads` cursors: core's listing cursor over the `list_key` of the last thread of a
 * page, so the next page continues strictly after it. A cursor this saver did not make is
 * refused with `invalidThreadCursor()` before any request.
 */
export function encodeThreadCursor(listKey: string): string {
  return encodeListingCursor(CURSOR_TAG, [listKey]);
}

export function decodeThreadCursor(cursor: string): string {
  const [listKey] = decodeListingCursor(CURSOR_TAG, cursor, 1);
  if (typeof listKey !== "string" || listKey.length === 0) throw invalidThreadCursor();
  return listKey;
}
