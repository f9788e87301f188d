import { createHash } from "node:crypto";
import { invalidThreadCursor } from "@checkpointkit/core";

/** Format version of the cursor; a cursor of another version is refused, never guessed at. */
const CURSOR_VERSION = 1;

/** A short digest of the key: a damaged cursor is refused, not read as another position. */
function checkOf(listKey: string): string {
  return createHash("sha256").update(listKey, "utf8").digest("base64url").slice(0, 12);
}

/**
 * `listThreads` cursors: the `list_key` of the last thread of a page (base64url JSON with a
 * check digest), so the next page continues strictly after it. Opaque to callers; a cursor
 * this saver did not make is refused with `invalidThreadCursor()` before any request.
 */
export function encodeThreadCursor(listKey: string): string {
  const cursor = { v: CURSOR_VERSION, k: listKey, c: checkOf(listKey) };
  return Buffer.from(JSON.stringify(cursor), "utf8").toString("base64url");
}

export function decodeThreadCursor(cursor: string): string {
  // base64url decoding skips characters outside its alphabet: those are refused first.
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidThreadCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidThreadCursor();
  }
  const record = parsed as { v?: unknown; k?: unknown; c?: unknown } | null;
  if (
    record === null ||
    typeof record !== "object" ||
    Array.isArray(record) ||
    record.v !== CURSOR_VERSION ||
    typeof record.k !== "string" ||
    record.k.length === 0 ||
    record.c !== checkOf(record.k) ||
    Object.keys(record).length !== 3
  ) {
    throw invalidThreadCursor();
  }
  return record.k;
}
