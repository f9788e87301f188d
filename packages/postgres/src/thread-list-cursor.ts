import { invalidThreadCursor } from "@checkpointkit/core";

/**
 * Where a `listThreads` page ended: the last thread's `updated_at` (UTC, microseconds, as
 * PostgreSQL stores it, so the next page starts exactly after it) and `thread_key`.
 */
export interface ThreadListPosition {
  /** `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
  updatedAt: string;
  threadKey: string;
}

const CURSOR_VERSION = 1;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MICROSECOND_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
/** A bounded key is at most 400 bytes of UTF-8 (see migration 2). */
const MAX_THREAD_KEY_CHARS = 400;

/** The opaque cursor: base64url of `[1, updatedAt, threadKey]`. */
export function encodeThreadListCursor(position: ThreadListPosition): string {
  return Buffer.from(
    JSON.stringify([CURSOR_VERSION, position.updatedAt, position.threadKey]),
    "utf8",
  ).toString("base64url");
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
  if (!BASE64URL.test(cursor)) throw invalidThreadCursor();
  const bytes = Buffer.from(cursor, "base64url");
  // Node's decoder skips what it cannot read: only a cursor that re-encodes the same is ours.
  if (bytes.toString("base64url") !== cursor) throw invalidThreadCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw invalidThreadCursor();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    parsed[0] !== CURSOR_VERSION ||
    !isMicrosecondInstant(parsed[1]) ||
    !isThreadKey(parsed[2])
  ) {
    throw invalidThreadCursor();
  }
  return { updatedAt: parsed[1], threadKey: parsed[2] };
}
